import { html, type Renderable, type SafeHtml } from '../html';
import { csrfField, pageHeader, type PortalViewer } from './components';
import { icon } from './icons';

/** A step that cannot be undone (revoke a token, delete a user), asked once more before it is taken. */
export interface Confirmation {
  viewer: PortalViewer;
  /** Where the confirming form posts. */
  action: string;
  /** Unique on the page: the trigger opens the dialog by it. */
  id: string;
  /** The confirmation page's heading, e.g. `Revoke token`. */
  title: string;
  question: string;
  consequence: Renderable;
  confirmLabel: string;
}

function confirmationForm(confirmation: Confirmation, cancel: SafeHtml): SafeHtml {
  return html`<form method="post" action="${confirmation.action}">
    ${csrfField(confirmation.viewer)}
    <div class="dialog-body">
      <h2 id="${confirmation.id}-title">${confirmation.question}</h2>
      <p>${confirmation.consequence}</p>
    </div>
    <div class="dialog-actions">${cancel}<button type="submit" class="btn btn-danger">${icon('trash')}${confirmation.confirmLabel}</button></div>
  </form>`;
}

/** The link that asks: a modal <dialog> where scripts run, the confirmation page at `href` where they do not. */
export function confirmationTrigger(confirmation: Confirmation, href: string, label: Renderable, options: { small?: boolean } = {}): SafeHtml {
  return html`<a class="btn btn-danger-outline${options.small ? ' btn-small' : ''}" href="${href}" data-opens-dialog="${confirmation.id}">${icon('trash', options.small ? 14 : 16)}${label}</a>`;
}

export function confirmationDialog(confirmation: Confirmation): SafeHtml {
  return html`<dialog id="${confirmation.id}" class="confirm" aria-labelledby="${confirmation.id}-title">
    ${confirmationForm(confirmation, html`<button type="button" class="btn btn-secondary" data-closes-dialog data-dialog-initial>Cancel</button>`)}
  </dialog>`;
}

export function confirmationPage(confirmation: Confirmation, back: { href: string; label: string }): SafeHtml {
  return html`${pageHeader(confirmation.title, { back })}
    <section class="card confirm-card">${confirmationForm(confirmation, html`<a class="btn btn-secondary" href="${back.href}">Cancel</a>`)}</section>`;
}
