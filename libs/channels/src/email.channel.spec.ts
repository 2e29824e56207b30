import { EmailChannel, maskAddress, messageIdFor, parseMailboxes } from './email.channel';

describe('email addresses', () => {
  it('parses plain mailboxes into address objects', () => {
    expect(parseMailboxes('ops@example.com')).toEqual([{ name: '', address: 'ops@example.com' }]);
    expect(parseMailboxes('Herald <herald@example.com>')).toEqual([{ name: 'Herald', address: 'herald@example.com' }]);
    expect(parseMailboxes('a@example.com, b@example.com')?.map((entry) => entry.address)).toEqual(['a@example.com', 'b@example.com']);
  });

  it('refuses anything that could reach a header or is not a mailbox', () => {
    expect(parseMailboxes('ops@example.com\r\nBcc: x@evil.test')).toBeNull();
    expect(parseMailboxes('ops@example.com\nBcc: x@evil.test')).toBeNull();
    expect(parseMailboxes('not an address')).toBeNull();
    expect(parseMailboxes('')).toBeNull();
    expect(parseMailboxes('a@b@c')).toBeNull();
  });

  it('masks an address for logs and errors', () => {
    expect(maskAddress('ops@example.com')).toBe('o***@example.com');
  });

  it('derives the Message-ID from event and webhook', () => {
    expect(messageIdFor({ id: 'evt_01abc', webhookId: 'wh_01def' })).toBe('<evt_01abc.wh_01def@herald>');
    expect(messageIdFor({ id: 'evt_<x>\r\n', webhookId: 'wh_1' })).toBe('<evt__x___.wh_1@herald>');
  });

  it('refuses a MAIL_FROM that is not one address', () => {
    expect(() => new EmailChannel({ smtpUrl: null, from: 'a@example.com, b@example.com', dropDir: '/tmp', timeoutMs: 1000 })).toThrow('MAIL_FROM');
  });
});
