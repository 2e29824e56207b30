import { html, type SafeHtml } from '../html';
import type { CreatedTokenResponse, TokenResponse } from '../../users/dto/token.response';
import { MAX_TOKEN_DAYS } from '../../users/dto/create-token.dto';
import { badge, csrfField, describedBy, emptyState, fieldError, invalid, pageHeader, secretReveal, textField, timeTag, type PortalViewer } from './components';
import { confirmationDialog, confirmationPage, confirmationTrigger, type Confirmation } from './confirmation';
import { tokensHref, userHref } from './user-paths';

export interface TokenFormValues {
  name: string;
  expiresInDays: string;
}

export interface UserTokensPageView {
  viewer: PortalViewer;
  username: string;
  tokens: readonly TokenResponse[];
  values: TokenFormValues;
  errors: Partial<Record<keyof TokenFormValues, string[]>>;
  now: Date;
}

function revokeHref(username: string, token: Pick<TokenResponse, 'id'>): string {
  return `${tokensHref(username)}/${encodeURIComponent(token.id)}/revoke`;
}

function tokenLabel(token: Pick<TokenResponse, 'name' | 'prefix'>): string {
  return token.name ?? token.prefix;
}

export function revokeConfirmation(viewer: PortalViewer, username: string, token: TokenResponse): Confirmation {
  return {
    viewer,
    action: revokeHref(username, token),
    id: `revoke-${token.id}`,
    title: 'Revoke token',
    question: 'Revoke this token?',
    consequence: html`The token <strong>${tokenLabel(token)}</strong> of <strong>${username}</strong> (<code>${token.prefix}</code>) stops working at once, on every Herald process. Build tools that use it are refused until they get a new one. This cannot be undone.`,
    confirmLabel: 'Revoke token',
  };
}

function expiryCell(token: TokenResponse, now: Date): SafeHtml {
  if (!token.expiresAt) return html`<span class="muted">Never</span>`;
  return new Date(token.expiresAt) <= now ? html`${badge('Expired', 'danger')}<span class="row-sub">${timeTag(token.expiresAt)}</span>` : timeTag(token.expiresAt);
}

function tokenList(view: UserTokensPageView): SafeHtml {
  if (view.tokens.length === 0) return emptyState('No tokens', html`<strong>${view.username}</strong> has no API tokens. Build tools may use a token instead of the password: it can expire and be revoked on its own.`);
  return html`<div class="table-wrap"><table class="data token-table">
    <thead><tr><th scope="col">Name and prefix</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody>${view.tokens.map(
      (token) => html`<tr>
        <td>${token.name ? html`<span class="row-title">${token.name}</span>` : html`<span class="muted">Unnamed</span>`}<span class="row-sub mono">${token.prefix}</span></td>
        <td>${timeTag(token.createdAt)}</td>
        <td>${timeTag(token.lastUsedAt, 'Never')}</td>
        <td>${expiryCell(token, view.now)}</td>
        <td class="row-actions">${confirmationTrigger(revokeConfirmation(view.viewer, view.username, token), revokeHref(view.username, token), html`Revoke<span class="visually-hidden"> ${tokenLabel(token)}</span>`, { small: true })}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

function createForm(view: UserTokensPageView): SafeHtml {
  const { values, errors } = view;
  return html`<form class="card form-card" method="post" action="${tokensHref(view.username)}" novalidate aria-labelledby="new-token-title">
    ${csrfField(view.viewer)}
    <div class="card-header"><h2 id="new-token-title">New token</h2></div>
    <div class="card-body form">
      ${textField({ id: 'token-name', name: 'name', label: 'Name', value: values.name, errors: errors.name, hint: 'What it is for, such as github-actions. Optional.' })}
      <div class="field">
        <label class="label" for="token-expires">Expires in days</label>
        <p class="hint" id="token-expires-hint">1 to ${MAX_TOKEN_DAYS}. Empty: the token does not expire.</p>
        <input type="number" id="token-expires" name="expiresInDays" min="1" max="${MAX_TOKEN_DAYS}" step="1" inputmode="numeric" value="${values.expiresInDays}"${describedBy('token-expires', errors.expiresInDays, true)}${invalid(errors.expiresInDays)}>
        ${fieldError('token-expires', errors.expiresInDays)}
      </div>
    </div>
    <div class="card-footer"><button type="submit" class="btn btn-primary">Create token</button></div>
  </form>`;
}

export function userTokensPage(view: UserTokensPageView): SafeHtml {
  return html`${pageHeader(`Tokens of ${view.username}`, {
      back: { href: userHref(view.username), label: view.username },
      lead: html`Each token works as <strong>${view.username}</strong>’s password over HTTP Basic, or alone as <code>Authorization: Bearer</code>, with the same role.`,
    })}
    <section class="card" aria-label="Token list">${tokenList(view)}</section>
    ${createForm(view)}
    ${view.tokens.map((token) => confirmationDialog(revokeConfirmation(view.viewer, view.username, token)))}`;
}

/** The one answer that holds a new token: shown here, never in a URL, a redirect or a later page. */
export function createdTokenPage(username: string, created: CreatedTokenResponse): SafeHtml {
  return html`${pageHeader('Token created', { back: { href: tokensHref(username), label: `Tokens of ${username}` }, lead: html`For <strong>${username}</strong>${created.name ? html`: ${created.name}` : null}${created.expiresAt ? html`, until ${timeTag(created.expiresAt)}` : null}.` })}
    ${secretReveal('api-token', 'API token', created.token, html`Copy it now and store it with the build tool: it is <strong>not shown again</strong>. Use it as the password of HTTP Basic with the username ${username}, or as <code>Authorization: Bearer &lt;token&gt;</code>.`)}
    <div class="form-actions page-footer-actions"><a class="btn btn-primary" href="${tokensHref(username)}">Done</a></div>`;
}

export function revokeTokenPage(viewer: PortalViewer, username: string, token: TokenResponse): SafeHtml {
  return confirmationPage(revokeConfirmation(viewer, username, token), { href: tokensHref(username), label: `Tokens of ${username}` });
}
