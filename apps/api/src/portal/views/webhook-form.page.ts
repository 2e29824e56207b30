import { TARGET_TYPES, type TargetType } from '@herald/contracts';
import { flag, html, type SafeHtml } from '../html';
import type { FieldErrors, WebhookFormValues } from '../forms/webhook-form';
import { csrfField, describedBy, fieldError, invalid, type PortalViewer } from './components';
import { SUBSCRIBABLE_EVENTS, TARGET_TYPE_LABELS } from './labels';

export interface WebhookFormView {
  viewer: PortalViewer;
  mode: 'create' | 'edit';
  action: string;
  cancelHref: string;
  /** Create: the repositories to choose from. Edit: the webhook's own, which does not change. */
  repositories: string[];
  values: WebhookFormValues;
  errors: FieldErrors;
  slackUrlPrefix: string;
  /** Edit of a Slack webhook: its URL masked; the field stays empty to keep it. */
  currentSlackUrl?: string;
}

const TARGET_HELP: Record<TargetType, string> = {
  email: 'One email per event, with text and HTML parts and a link to the file.',
  json: 'A signed JSON POST per event (Standard Webhooks), for CI systems and your own services.',
  slack: 'A message in a Slack channel through an incoming webhook.',
};

function repositoryField(view: WebhookFormView): SafeHtml {
  const errors = view.errors.repository;
  if (view.mode === 'edit') {
    return html`<div class="field"><span class="label">Repository</span><p><strong>${view.values.repository}</strong> <span class="hint">(a webhook stays with its repository; create another for a different one)</span></p></div>`;
  }
  const options = view.repositories.map((name) => html`<option value="${name}"${flag('selected', name === view.values.repository)}>${name}</option>`);
  return html`<div class="field">
    <label class="label" for="repository">Repository</label>
    <p class="hint" id="repository-hint">The repository whose file events trigger this webhook.</p>
    <select id="repository" name="repository"${describedBy('repository', errors, true)}${invalid(errors)}>
      <option value=""${flag('selected', view.values.repository === '')}>Choose a repository…</option>
      ${options}
    </select>
    ${view.repositories.length === 0 ? html`<p class="hint">There are no repositories yet: <a href="/portal/repositories">create one first</a>.</p>` : null}
    ${fieldError('repository', errors)}
  </div>`;
}

function targetTypeChoices(view: WebhookFormView): SafeHtml {
  return html`${TARGET_TYPES.map(
    (type) => html`<label class="choice" for="target-type-${type}">
      <input type="radio" id="target-type-${type}" name="targetType" value="${type}"${flag('checked', view.values.targetType === type)}>
      <span><strong>${TARGET_TYPE_LABELS[type]}</strong><span class="hint">${TARGET_HELP[type]}</span></span>
    </label>`,
  )}`;
}

function targetValueField(id: string, name: 'email' | 'jsonUrl' | 'slackUrl', type: TargetType, label: string, input: SafeHtml, hint: SafeHtml, view: WebhookFormView): SafeHtml {
  const errors = view.errors[name];
  return html`<div class="target-field field" data-target="${type}">
    <label class="label" for="${id}">${label}</label>
    <p class="hint" id="${id}-hint">${hint}</p>
    ${input}
    ${fieldError(id, errors)}
  </div>`;
}

function targetFields(view: WebhookFormView): SafeHtml {
  const { values, errors } = view;
  const keepSlack = view.currentSlackUrl !== undefined;
  return html`<fieldset class="field"${describedBy('target-type', errors.targetType)}>
    <legend>Webhook target</legend>
    <p class="hint">First choose how Herald notifies, then where to.</p>
    <div class="choice-grid">${targetTypeChoices(view)}</div>
    ${fieldError('target-type', errors.targetType)}
    <div class="target-fields">
      <p class="target-placeholder">Choose a target type above to enter its address.</p>
      ${targetValueField(
        'target-email',
        'email',
        'email',
        'Email address',
        html`<input type="email" id="target-email" name="email" value="${values.email}" autocomplete="email" placeholder="ops@example.com"${describedBy('target-email', errors.email, true)}${invalid(errors.email)}>`,
        html`One plain address such as <code>ops@example.com</code>; no display name or list.`,
        view,
      )}
      ${targetValueField(
        'target-json-url',
        'jsonUrl',
        'json',
        'JSON URL',
        html`<input type="url" id="target-json-url" name="jsonUrl" value="${values.jsonUrl}" spellcheck="false" placeholder="https://ci.example.com/hooks/artifacts"${describedBy('target-json-url', errors.jsonUrl, true)}${invalid(errors.jsonUrl)}>`,
        html`An http(s) URL that receives a POST per event. Any 2xx answer counts as delivered; 408, 429 and 5xx are retried. You get a signing secret to verify each request.`,
        view,
      )}
      ${targetValueField(
        'target-slack-url',
        'slackUrl',
        'slack',
        'Slack URL',
        html`<input type="url" id="target-slack-url" name="slackUrl" value="${values.slackUrl}" spellcheck="false" autocomplete="off" placeholder="${view.slackUrlPrefix}T…/B…/…"${describedBy('target-slack-url', errors.slackUrl, true)}${invalid(errors.slackUrl)}>`,
        keepSlack
          ? html`Currently <code>${view.currentSlackUrl}</code>. Leave empty to keep it, or paste a new incoming-webhook URL.`
          : html`A Slack incoming-webhook URL starting with <code>${view.slackUrlPrefix}</code>. It is a credential: Herald stores it encrypted and only ever shows it masked.`,
        view,
      )}
    </div>
  </fieldset>`;
}

function eventsField(view: WebhookFormView): SafeHtml {
  const errors = view.errors.events;
  const checks = SUBSCRIBABLE_EVENTS.map(
    (event) => html`<label class="check" for="event-${event.type}" title="${event.hint}">
      <input type="checkbox" id="event-${event.type}" name="events" value="${event.type}"${flag('checked', view.values.events.includes(event.type))}>${event.label}
    </label>`,
  );
  return html`<fieldset class="field"${describedBy('events', errors, true)}>
    <legend>Events</legend>
    <p class="hint" id="events-hint">The artifact events that fire this webhook.</p>
    <div class="checks">${checks}</div>
    ${fieldError('events', errors)}
  </fieldset>`;
}

function patternsField(view: WebhookFormView, name: 'include' | 'exclude', label: string, hint: SafeHtml, placeholder: string): SafeHtml {
  const errors = view.errors[name];
  return html`<div class="field">
    <label class="label" for="${name}">${label} <span class="optional">(optional)</span></label>
    <p class="hint" id="${name}-hint">${hint}</p>
    <textarea id="${name}" name="${name}" rows="2" spellcheck="false" placeholder="${placeholder}"${describedBy(name, errors, true)}${invalid(errors)}>${view.values[name]}</textarea>
    ${fieldError(name, errors)}
  </div>`;
}

/** Filters and digests: fewer, better notifications for busy repositories. */
function noiseFields(view: WebhookFormView): SafeHtml {
  const errors = view.errors.digest;
  return html`<fieldset class="field">
    <legend>Noise control</legend>
    <p class="hint">Patterns match paths inside the repository, one per line: <code>**</code> spans folders, <code>*</code> one name.</p>
    <div class="form">
    ${patternsField(view, 'include', 'Only these paths', html`Notify only for paths that match, such as <code>**/*.jar</code>; a line starting with <code>!</code> excludes. Empty: every path.`, '**/*.jar')}
    ${patternsField(view, 'exclude', 'Never these paths', html`Paths that match are never notified, such as <code>**/*-sources.jar</code>.`, '**/*-sources.jar')}
    <div class="checks"><label class="check" for="skip-side-files">
      <input type="checkbox" id="skip-side-files" name="skipSideFiles" value="on"${flag('checked', view.values.skipSideFiles)}>Skip checksums, signatures and maven-metadata.xml
    </label></div>
    <div class="field">
      <label class="label" for="digest">Digest window in seconds <span class="optional">(optional)</span></label>
      <p class="hint" id="digest-hint">Collect the file events of this many seconds (10 to 86400) into one digest notification. Empty: one notification per event.</p>
      <input type="number" id="digest" name="digestSeconds" min="10" max="86400" step="1" inputmode="numeric" value="${view.values.digestSeconds}"${describedBy('digest', errors, true)}${invalid(errors)}>
      ${fieldError('digest', errors)}
    </div>
    </div>
  </fieldset>`;
}

function descriptionField(view: WebhookFormView): SafeHtml {
  const errors = view.errors.description;
  return html`<div class="field">
    <label class="label" for="description">Description <span class="optional">(optional)</span></label>
    <p class="hint" id="description-hint">What the webhook is for, so the next admin knows.</p>
    <textarea id="description" name="description" rows="2" maxlength="500"${describedBy('description', errors, true)}${invalid(errors)}>${view.values.description}</textarea>
    ${fieldError('description', errors)}
  </div>`;
}

export function webhookForm(view: WebhookFormView): SafeHtml {
  const formErrors = view.errors.form;
  const hasErrors = Object.values(view.errors).some((list) => list && list.length > 0);
  return html`<form class="card target-form" method="post" action="${view.action}" novalidate>
    ${csrfField(view.viewer)}
    <div class="card-body form">
      ${hasErrors ? html`<div class="notice notice-danger" role="alert">${formErrors && formErrors.length > 0 ? formErrors.join(' ') : 'Please correct the fields marked below.'}</div>` : null}
      ${repositoryField(view)}
      ${targetFields(view)}
      ${eventsField(view)}
      ${noiseFields(view)}
      ${descriptionField(view)}
    </div>
    <div class="card-footer">
      <a class="btn btn-secondary" href="${view.cancelHref}">Cancel</a>
      <button type="submit" class="btn btn-primary">${view.mode === 'create' ? 'Add Webhook' : 'Save changes'}</button>
    </div>
  </form>`;
}
