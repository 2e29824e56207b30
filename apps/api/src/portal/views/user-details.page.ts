import { html, type SafeHtml } from '../html';
import type { UserResponse } from '../../users/dto/user.response';
import { actionButton, csrfField, pageHeader, radioGroup, textField, timeTag, type PortalViewer } from './components';
import { confirmationDialog, confirmationPage, confirmationTrigger, type Confirmation } from './confirmation';
import { icon } from './icons';
import { tokensHref, userHref } from './user-paths';
import { ROLE_CHOICES, roleBadge, stateBadge } from './users.page';

/** Each form of the page has its own messages, shown beside it. */
export interface UserDetailsErrors {
  role?: string[];
  access?: string[];
  password?: string[];
  currentPassword?: string[];
  delete?: string[];
}

export interface UserDetailsView {
  viewer: PortalViewer;
  user: UserResponse;
  tokenCount: number;
  /** The role the form shows: the stored one, or the one just refused. */
  role: string;
  errors: UserDetailsErrors;
}

function formError(errors: readonly string[] | undefined): SafeHtml | null {
  return errors && errors.length > 0 ? html`<div class="notice notice-danger" role="alert">${errors.join(' ')}</div>` : null;
}

function isSelf(view: UserDetailsView): boolean {
  return view.user.username === view.viewer.username;
}

function roleForm(view: UserDetailsView): SafeHtml {
  return html`<form class="card" method="post" action="${userHref(view.user.username)}/role" novalidate aria-labelledby="role-title">
    ${csrfField(view.viewer)}
    <div class="card-header"><h2 id="role-title">Role</h2></div>
    <div class="card-body form">${radioGroup('role', `What ${view.user.username} may do`, ROLE_CHOICES, view.role, view.errors.role)}</div>
    <div class="card-footer"><button type="submit" class="btn btn-primary">Save role</button></div>
  </form>`;
}

function passwordForm(view: UserDetailsView): SafeHtml {
  const self = isSelf(view);
  return html`<form class="card" method="post" action="${userHref(view.user.username)}/password" novalidate aria-labelledby="password-title">
    ${csrfField(view.viewer)}
    <div class="card-header"><h2 id="password-title">${self ? 'Change your password' : 'Reset password'}</h2></div>
    <div class="card-body form">
      ${self ? textField({ id: 'current-password', name: 'currentPassword', label: 'Current password', type: 'password', autocomplete: 'current-password', errors: view.errors.currentPassword }) : null}
      ${textField({ id: 'new-password', name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', errors: view.errors.password, hint: self ? 'At least 8 characters. Every session of yours ends, this one included: you sign in again with it.' : html`At least 8 characters. Give it to <strong>${view.user.username}</strong> in person; its portal sessions end.` })}
    </div>
    <div class="card-footer"><button type="submit" class="btn btn-primary">${self ? 'Change password' : 'Reset password'}</button></div>
  </form>`;
}

function accessCard(view: UserDetailsView): SafeHtml {
  const { user, viewer } = view;
  const base = userHref(user.username);
  return html`<section class="card" aria-labelledby="access-title">
    <div class="card-header"><h2 id="access-title">Access</h2></div>
    <div class="card-body action-list">
      ${formError(view.errors.access)}
      <div class="action-item">
        ${user.disabled
          ? html`<p>Disabled: its password and tokens are refused. Enabling lets them work again.</p>${actionButton(viewer, `${base}/enable`, 'Enable', { icon: 'play', variant: 'primary' })}`
          : html`<p>Disabling refuses its password and tokens at once, on every Herald process, and ends its portal sessions.</p>${actionButton(viewer, `${base}/disable`, 'Disable', { icon: 'pause' })}`}
      </div>
      <div class="action-item">
        <p>${view.tokenCount === 1 ? '1 API token' : `${view.tokenCount} API tokens`}</p>
        <a class="btn btn-secondary" href="${tokensHref(user.username)}">${icon('key')}Tokens</a>
      </div>
    </div>
  </section>`;
}

export function deleteUserConfirmation(viewer: PortalViewer, user: UserResponse): Confirmation {
  return {
    viewer,
    action: `${userHref(user.username)}/delete`,
    id: 'delete-user-dialog',
    title: 'Delete user',
    question: 'Delete this user?',
    consequence: html`<strong>${user.username}</strong> and its API tokens are deleted; build tools using them are refused. This cannot be undone.`,
    confirmLabel: 'Delete user',
  };
}

function deleteCard(view: UserDetailsView): SafeHtml {
  const confirmation = deleteUserConfirmation(view.viewer, view.user);
  return html`<section class="card danger-zone" aria-labelledby="danger-title">
    <div class="card-header"><h2 id="danger-title">Delete</h2></div>
    <div class="card-body action-list">
      ${formError(view.errors.delete)}
      <div class="action-item">
        <p>Removes the user and its API tokens.</p>
        ${confirmationTrigger(confirmation, `${userHref(view.user.username)}/delete`, 'Delete')}
      </div>
    </div>
  </section>`;
}

export function userDetailsPage(view: UserDetailsView): SafeHtml {
  const { user } = view;
  return html`${pageHeader(user.username, {
      back: { href: '/portal/users', label: 'Users' },
      lead: html`${roleBadge(user.role)} ${stateBadge(user)} <span class="muted">since ${timeTag(user.createdAt)}</span>${isSelf(view) ? html` <span class="faint">(you)</span>` : null}`,
    })}
    <div class="details-grid">
      <div class="stack">${roleForm(view)}${passwordForm(view)}</div>
      <div class="stack">${accessCard(view)}${deleteCard(view)}</div>
    </div>
    ${confirmationDialog(deleteUserConfirmation(view.viewer, user))}`;
}

export function deleteUserPage(viewer: PortalViewer, user: UserResponse): SafeHtml {
  return confirmationPage(deleteUserConfirmation(viewer, user), { href: userHref(user.username), label: user.username });
}
