import { escapeHtml, flag, html, trusted } from './html';

describe('html', () => {
  it('escapes interpolated text, attributes included', () => {
    const description = `<script>alert("x")</script> & 'quotes'`;
    expect(html`<p title="${description}">${description}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
  });

  it('nests templates without double escaping and joins arrays', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
  });

  it('renders nothing for null, undefined and booleans, and numbers as text', () => {
    expect(html`${null}${undefined}${false}${true}${0}${42}`.value).toBe('042');
  });

  it('passes trusted markup and flags through untouched', () => {
    expect(html`${trusted('<svg></svg>')}<input${flag('checked', true)}${flag('disabled', false)}>`.value).toBe('<svg></svg><input checked>');
  });

  it('escapes backticks too', () => {
    expect(escapeHtml('`')).toBe('&#96;');
  });
});
