import type { Role } from '@herald/contracts';
import { html, type SafeHtml } from '../html';
import type { UserResponse } from '../../users/dto/user.response';
import { badge, csrfField, emptyState, pageHeader, radioGroup, textField, timeTag, type PortalViewer, type RadioChoice, type Tone } from './components';
import { icon } from './icons';
import { tokensHref, userHref } from './user-paths';

export interface UserFormValues {
  username: string;
  role: string;
}

export interface UsersPageView {
  viewer: PortalViewer;
  users: readonly UserResponse[];
  values: UserFormValues;
  errors: Partial<Record<keyof UserFormValues | 'password' | 'form', string[]>>;
}

const ROLE_TONES: Record<Role, Tone> = { admin: 'danger', deployer: 'info', reader: 'neutral' };
const ROLE_LABELS: Record<Role, string> = { admin: 'Admin', deployer: 'Deployer', reader: 'Reader' };

/** The create form and the edit page offer the same choices, in the same words. */
export const ROLE_CHOICES: readonly RadioChoice[] = [
  { value: 'reader', label: ROLE_LABELS.reader, hint: 'Reads files.' },
  { value: 'deployer', label: ROLE_LABELS.deployer, hint: 'Reads, writes and deletes files.' },
  { value: 'admin', label: ROLE_LABELS.admin, hint: 'Everything, this portal included.' },
];

function createForm(view: UsersPageView): SafeHtml {
  const { values, errors } = view;
  return html`<form class="card form-card" method="post" action="/portal/users" novalidate aria-labelledby="new-user-title">
    ${csrfField(view.viewer)}
    <div class="card-header"><h2 id="new-user-title">New user</h2></div>
    <div class="card-body form">
      ${errors.form ? html`<div class="notice notice-danger" role="alert">${errors.form.join(' ')}</div>` : null}
      ${textField({ id: 'user-username', name: 'username', label: 'Username', value: values.username, errors: errors.username, hint: 'Such as ci or jenkins.' })}
      ${textField({ id: 'user-password', name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', errors: errors.password, hint: 'At least 8 characters. Build tools may use an API token instead.' })}
      ${radioGroup('role', 'Role', ROLE_CHOICES, values.role, errors.role)}
    </div>
    <div class="card-footer"><button type="submit" class="btn btn-primary">Create user</button></div>
  </form>`;
}

export function roleBadge(role: Role): SafeHtml {
  return badge(ROLE_LABELS[role], ROLE_TONES[role]);
}

export function stateBadge(user: Pick<UserResponse, 'disabled'>): SafeHtml {
  return user.disabled ? badge('Disabled', 'danger') : badge('Active', 'success');
}

export function usersPage(view: UsersPageView): SafeHtml {
  const list =
    view.users.length === 0
      ? emptyState('No users', 'Create users for your build tools.')
      : html`<div class="table-wrap"><table class="data">
          <thead><tr><th scope="col">Username</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${view.users.map(
            (user) => html`<tr>
              <td><a class="row-title" href="${userHref(user.username)}">${user.username}</a>${user.username === view.viewer.username ? html` <span class="faint">(you)</span>` : null}</td>
              <td>${roleBadge(user.role)}</td>
              <td>${stateBadge(user)}</td>
              <td>${timeTag(user.createdAt)}</td>
              <td class="row-actions"><a class="btn btn-secondary btn-small" href="${userHref(user.username)}">${icon('edit', 14)}Edit<span class="visually-hidden"> ${user.username}</span></a><a class="btn btn-secondary btn-small" href="${tokensHref(user.username)}">${icon('key', 14)}Tokens<span class="visually-hidden"> of ${user.username}</span></a></td>
            </tr>`,
          )}</tbody>
        </table></div>`;
  return html`${pageHeader('Users', { lead: 'Who may read, upload and administer. Build tools authenticate with HTTP Basic or an API token.' })}
    <section class="card" aria-label="User list">${list}</section>
    ${createForm(view)}`;
}
