import type { RepositoryFormat } from '@herald/contracts';
import { html, type SafeHtml } from '../html';
import type { RepositoryResponse } from '../../repositories/dto/repository.response';
import { pageHeader, timeTag, type PortalViewer } from './components';
import { connectionTools, indexUrl, TOKEN_PLACEHOLDER, type ConnectionSnippet, type ConnectionTool } from './connection-settings';
import { icon } from './icons';
import { policyBadge, REPOSITORY_FORMAT_LABELS, visibilityBadge } from './repository-labels';

export interface RepositoryDetailsView {
  viewer: PortalViewer;
  repository: RepositoryResponse;
}

const FORMAT_LEADS: Record<RepositoryFormat, string> = {
  maven: 'Maven, Gradle and sbt read and publish here over plain HTTP.',
  python: 'pip and uv install from its index; twine and uv publish to it.',
};

function settings(repository: RepositoryResponse): SafeHtml {
  return html`<section class="card" aria-labelledby="settings-title">
    <div class="card-header"><h2 id="settings-title">Settings</h2></div>
    <div class="card-body"><dl class="settings">
      <dt>Format</dt><dd>${REPOSITORY_FORMAT_LABELS[repository.format]}</dd>
      ${repository.format === 'maven' ? html`<dt>Policy</dt><dd>${policyBadge(repository.policy)}</dd>` : null}
      <dt>Visibility</dt><dd>${visibilityBadge(repository.visibility)}</dd>
      <dt>${repository.format === 'python' ? 'Upload URL' : 'URL'}</dt><dd class="target">${repository.url}</dd>
      ${repository.format === 'python' ? html`<dt>Index URL</dt><dd class="target">${indexUrl(repository)}</dd>` : null}
      <dt>Created</dt><dd>${timeTag(repository.createdAt)}</dd>
    </dl></div>
  </section>`;
}

/** One snippet with its copy button (shown only where scripts run; portal.js copies the code's text). */
function snippet(item: ConnectionSnippet): SafeHtml {
  const id = `snippet-${item.id}`;
  return html`<figure class="snippet" aria-labelledby="${id}-label">
    <figcaption class="snippet-header">
      <h3 id="${id}-label">${item.label}</h3>
      <button type="button" class="btn btn-secondary btn-small" data-copy="${id}" hidden>${icon('copy', 14)}<span>Copy</span><span class="visually-hidden"> ${item.label}</span></button>
    </figcaption>
    <pre class="snippet-code"><code id="${id}">${item.text}</code></pre>
  </figure>`;
}

function toolCard(tool: ConnectionTool): SafeHtml {
  const id = `tool-${tool.name.toLowerCase()}`;
  return html`<section class="card" aria-labelledby="${id}-title">
    <div class="card-header"><h2 id="${id}-title">${tool.name}</h2></div>
    <div class="card-body snippets">${tool.snippets.map(snippet)}</div>
  </section>`;
}

function connectionSettings(view: RepositoryDetailsView): SafeHtml {
  const { repository, viewer } = view;
  return html`<section class="connection" aria-labelledby="connection-title">
    <div class="section-heading">
      <h2 id="connection-title">Connection settings</h2>
      <p class="hint">Written for you, <strong>${viewer.username}</strong>: replace <code>${TOKEN_PLACEHOLDER}</code> with an API token or your password, which Herald never shows.
        Build machines are better off with a <a href="/portal/users">user of their own</a>, a reader to install or a deployer to publish.
        ${repository.visibility === 'public' ? 'This repository is public: reading needs no credentials, publishing does.' : null}</p>
    </div>
    ${connectionTools(repository, viewer.username).map(toolCard)}
  </section>`;
}

export function repositoryDetailsPage(view: RepositoryDetailsView): SafeHtml {
  const { repository } = view;
  const actions = html`<a class="btn btn-secondary" href="/portal/events?${new URLSearchParams({ repository: repository.name }).toString()}">${icon('events')}Events</a>
    <a class="btn btn-primary" href="/portal/webhooks/new?${new URLSearchParams({ repository: repository.name }).toString()}">${icon('plus')}Add webhook</a>`;
  return html`${pageHeader(repository.name, { back: { href: '/portal/repositories', label: 'Repositories' }, lead: FORMAT_LEADS[repository.format], actions })}
    ${settings(repository)}
    ${connectionSettings(view)}`;
}
