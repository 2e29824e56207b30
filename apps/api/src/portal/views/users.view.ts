import type { Role } from '@herald/contracts';
import { html, type SafeHtml } from '../html';
import type { UserView } from '../../users/dto/user.view';
import { badge, csrfField, emptyState, pageHeader, radioGroup, textField, timeTag, type PortalViewer, type Tone } from './components';

export interface UserFormValues {
  username: string;
  role: string;
}

export interface UsersPageView {
  viewer: PortalViewer;
  users: readonly UserView[];
  values: UserFormValues;
  errors: Partial<Record<keyof UserFormValues | 'password' | 'form', string[]>>;
}

const ROLE_TONES: Record<Role, Tone> = { admin: 'danger', deployer: 'info', reader: 'neutral' };

function createForm(view: UsersPageView): SafeHtml {
  const { values, errors } = view;
  return html`<form class="card" method="post" action="/portal/users" novalidate aria-labelledby="new-user-title">
    ${csrfField(view.viewer)}
    <div class="card-header"><h2 id="new-user-title">New user</h2></div>
    <div class="card-body form">
      ${errors.form ? html`<div class="notice notice-danger" role="alert">${errors.form.join(' ')}</div>` : null}
      ${textField({ id: 'user-username', name: 'username', label: 'Username', value: values.username, errors: errors.username, hint: 'Such as ci or jenkins.' })}
      ${textField({ id: 'user-password', name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', errors: errors.password, hint: 'At least 8 characters. Build tools may use an API token instead.' })}
      ${radioGroup('role', 'Role', [
        { value: 'reader', label: 'Reader', hint: 'Reads files.' },
        { value: 'deployer', label: 'Deployer', hint: 'Reads, writes and deletes files.' },
        { value: 'admin', label: 'Admin', hint: 'Everything, this portal included.' },
      ], values.role, errors.role)}
    </div>
    <div class="card-footer"><button type="submit" class="btn btn-primary">Create user</button></div>
  </form>`;
}

export function usersPage(view: UsersPageView): SafeHtml {
  const list =
    view.users.length === 0
      ? emptyState('No users', 'Create users for your build tools.')
      : html`<div class="table-wrap"><table class="data">
          <thead><tr><th scope="col">Username</th><th scope="col">Role</th><th scope="col">Created</th></tr></thead>
          <tbody>${view.users.map(
            (user) => html`<tr>
              <td><span class="row-title">${user.username}</span>${user.username === view.viewer.username ? html` <span class="faint">(you)</span>` : null}</td>
              <td>${badge(user.role.charAt(0).toUpperCase() + user.role.slice(1), ROLE_TONES[user.role])}</td>
              <td>${timeTag(user.createdAt)}</td>
            </tr>`,
          )}</tbody>
        </table></div>`;
  return html`${pageHeader('Users', { lead: 'Who may read, upload and administer. Build tools authenticate with HTTP Basic or an API token.' })}
    <div class="details-grid">
      <section class="card" aria-label="User list">${list}</section>
      ${createForm(view)}
    </div>`;
}
