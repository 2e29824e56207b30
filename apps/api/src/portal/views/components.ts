import { html, type Renderable, type SafeHtml } from '../html';
import { icon, type IconName } from './icons';

/** The signed-in admin as every page needs them: a name to show and the CSRF token for forms. */
export interface PortalViewer {
  username: string;
  csrfToken: string;
}

export type Tone = 'success' | 'danger' | 'warning' | 'info' | 'neutral';

export function badge(text: string, tone: Tone): SafeHtml {
  return html`<span class="badge badge-${tone}"><span class="badge-dot" aria-hidden="true"></span>${text}</span>`;
}

export function csrfField(viewer: PortalViewer): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${viewer.csrfToken}">`;
}

/** A form with one button that POSTs to `action` (pause, test, redeliver...). */
export function actionButton(viewer: PortalViewer, action: string, label: string, options: { icon?: IconName; variant?: 'primary' | 'secondary' | 'danger'; extra?: Renderable } = {}): SafeHtml {
  return html`<form method="post" action="${action}" class="inline-form">${csrfField(viewer)}${options.extra}<button type="submit" class="btn btn-${options.variant ?? 'secondary'}">${options.icon ? icon(options.icon) : null}${label}</button></form>`;
}

/** UTC on the server; portal.js rewrites it into the reader's local time. */
export function timeTag(date: Date | string | null | undefined, empty = '—'): SafeHtml {
  if (!date) return html`<span class="muted">${empty}</span>`;
  const value = typeof date === 'string' ? new Date(date) : date;
  const iso = value.toISOString();
  return html`<time datetime="${iso}" data-local-time>${iso.slice(0, 19).replace('T', ' ')} UTC</time>`;
}

export function pageHeader(title: string, options: { lead?: Renderable; actions?: Renderable; back?: { href: string; label: string } } = {}): SafeHtml {
  return html`<header class="page-header">
    ${options.back ? html`<a class="back-link" href="${options.back.href}">${icon('back', 14)}${options.back.label}</a>` : null}
    <div class="page-header-row">
      <div><h1>${title}</h1>${options.lead ? html`<p class="lead">${options.lead}</p>` : null}</div>
      ${options.actions ? html`<div class="page-actions">${options.actions}</div>` : null}
    </div>
  </header>`;
}

export function emptyState(title: string, text: Renderable, action?: Renderable): SafeHtml {
  return html`<div class="empty-state">${icon('inbox', 32)}<h2>${title}</h2><p>${text}</p>${action}</div>`;
}

/** A one-time secret with a copy button (the button appears only where scripts run). */
export function secretReveal(id: string, label: string, secret: string, note: Renderable): SafeHtml {
  return html`<section class="secret-reveal" aria-labelledby="${id}-label">
    <h2 id="${id}-label">${label}</h2>
    <p>${note}</p>
    <div class="secret-row">
      <code id="${id}" class="secret-value">${secret}</code>
      <button type="button" class="btn btn-secondary" data-copy="${id}" hidden>${icon('copy')}<span>Copy</span></button>
    </div>
  </section>`;
}

/** A field's error text, tied to its input with aria-describedby. */
export function fieldError(id: string, errors: readonly string[] | undefined): SafeHtml | null {
  if (!errors || errors.length === 0) return null;
  return html`<p class="field-error" id="${id}-error">${errors.join(' ')}</p>`;
}

export function describedBy(id: string, errors: readonly string[] | undefined, hint = false): SafeHtml {
  const ids = [hint ? `${id}-hint` : '', errors && errors.length > 0 ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : html``;
}

export function invalid(errors: readonly string[] | undefined): SafeHtml {
  return errors && errors.length > 0 ? html` aria-invalid="true"` : html``;
}

export interface TextFieldOptions {
  id: string;
  name: string;
  label: string;
  value?: string;
  errors?: readonly string[];
  hint?: Renderable;
  type?: 'text' | 'password' | 'email' | 'url';
  autocomplete?: string;
}

export function textField(options: TextFieldOptions): SafeHtml {
  const { id, errors } = options;
  return html`<div class="field">
    <label class="label" for="${id}">${options.label}</label>
    ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : null}
    <input type="${options.type ?? 'text'}" id="${id}" name="${options.name}" value="${options.value ?? ''}" autocomplete="${options.autocomplete ?? 'off'}" spellcheck="false"${describedBy(id, errors, Boolean(options.hint))}${invalid(errors)}>
    ${fieldError(id, errors)}
  </div>`;
}

export interface RadioChoice {
  value: string;
  label: string;
  hint: string;
}

export function radioGroup(name: string, legend: string, choices: readonly RadioChoice[], selected: string, errors?: readonly string[]): SafeHtml {
  return html`<fieldset class="field"${describedBy(name, errors)}>
    <legend>${legend}</legend>
    <div class="choice-grid">${choices.map(
      (choice) => html`<label class="choice" for="${name}-${choice.value}">
        <input type="radio" id="${name}-${choice.value}" name="${name}" value="${choice.value}"${selected === choice.value ? html` checked` : html``}>
        <span><strong>${choice.label}</strong><span class="hint">${choice.hint}</span></span>
      </label>`,
    )}</div>
    ${fieldError(name, errors)}
  </fieldset>`;
}
