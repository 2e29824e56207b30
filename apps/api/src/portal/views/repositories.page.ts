import { html, type SafeHtml } from '../html';
import type { RepositoryResponse } from '../../repositories/dto/repository.response';
import { csrfField, emptyState, pageHeader, radioGroup, textField, timeTag, type PortalViewer } from './components';
import { policyBadge, REPOSITORY_FORMAT_LABELS, visibilityBadge } from './repository-labels';

export interface RepositoryFormValues {
  name: string;
  format: string;
  policy: string;
  visibility: string;
}

export interface RepositoriesPageView {
  viewer: PortalViewer;
  repositories: readonly RepositoryResponse[];
  values: RepositoryFormValues;
  errors: Partial<Record<keyof RepositoryFormValues | 'form', string[]>>;
}

function createForm(view: RepositoriesPageView): SafeHtml {
  const { values, errors } = view;
  return html`<form class="card" method="post" action="/portal/repositories" novalidate aria-labelledby="new-repository-title">
    ${csrfField(view.viewer)}
    <div class="card-header"><h2 id="new-repository-title">New repository</h2></div>
    <div class="card-body form">
      ${errors.form ? html`<div class="notice notice-danger" role="alert">${errors.form.join(' ')}</div>` : null}
      ${textField({ id: 'repository-name', name: 'name', label: 'Name', value: values.name, errors: errors.name, hint: 'Letters, digits, dots, dashes or underscores, such as libs-release.' })}
      ${radioGroup('format', 'Format', [
        { value: 'maven', label: REPOSITORY_FORMAT_LABELS.maven, hint: 'Maven, Gradle, sbt, or any file over plain HTTP.' },
        { value: 'python', label: REPOSITORY_FORMAT_LABELS.python, hint: 'pip, uv, poetry and twine; uploaded files are never replaced.' },
      ], values.format, errors.format)}
      ${radioGroup('policy', 'Policy', [
        { value: 'release', label: 'Release', hint: 'A stored file is never overwritten.' },
        { value: 'snapshot', label: 'Snapshot', hint: 'Files may be replaced.' },
      ], values.policy, errors.policy)}
      ${radioGroup('visibility', 'Visibility', [
        { value: 'private', label: 'Private', hint: 'Reading needs credentials.' },
        { value: 'public', label: 'Public', hint: 'Anyone may read files.' },
      ], values.visibility, errors.visibility)}
    </div>
    <div class="card-footer"><button type="submit" class="btn btn-primary">Create repository</button></div>
  </form>`;
}

export function repositoriesPage(view: RepositoriesPageView): SafeHtml {
  const list =
    view.repositories.length === 0
      ? emptyState('No repositories yet', 'Create one to store artifacts; webhooks then announce its file events.')
      : html`<div class="table-wrap"><table class="data">
          <thead><tr><th scope="col">Name</th><th scope="col">Format</th><th scope="col">Policy</th><th scope="col">Visibility</th><th scope="col">Created</th></tr></thead>
          <tbody>${view.repositories.map(
            (repository) => html`<tr>
              <td><a class="row-title" href="/portal/repositories/${repository.name}">${repository.name}</a></td>
              <td>${REPOSITORY_FORMAT_LABELS[repository.format]}</td>
              <td>${policyBadge(repository.policy)}</td>
              <td>${visibilityBadge(repository.visibility)}</td>
              <td>${timeTag(repository.createdAt)}</td>
            </tr>`,
          )}</tbody>
        </table></div>`;
  return html`${pageHeader('Repositories', { lead: 'Where build tools upload and download artifacts: Maven and Gradle over plain HTTP, pip, uv and twine from a Python index. Open one for its connection settings.' })}
    <div class="details-grid">
      <section class="card" aria-label="Repository list">${list}</section>
      ${createForm(view)}
    </div>`;
}
