import type { ExamplesObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** Request examples for the OpenAPI document, one per target type. */
export const CREATE_EXAMPLES: ExamplesObject = {
  json: {
    summary: 'Signed JSON POST to a CI server',
    value: {
      repository: 'libs-release',
      target: { type: 'json', url: 'https://ci.example.com/hooks/artifacts' },
      events: ['file.uploaded', 'file.downloaded', 'file.deleted'],
      description: 'CI picks up new builds',
    },
  },
  email: {
    summary: 'One mail per event',
    value: { repository: 'libs-release', target: { type: 'email', to: 'ops@example.com' }, events: ['file.deleted'] },
  },
  slack: {
    summary: 'Slack incoming webhook',
    value: {
      repository: 'libs-release',
      target: { type: 'slack', url: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' },
      events: ['file.uploaded'],
    },
  },
  filtered: {
    summary: 'Only jars, in 5-minute digests',
    value: {
      repository: 'libs-release',
      target: { type: 'email', to: 'builds@example.com' },
      events: ['file.uploaded', 'file.downloaded'],
      filters: { include: ['**/*.jar'], exclude: ['**/*-sources.jar'], skipSideFiles: true },
      digest: { windowSeconds: 300 },
    },
  },
};

export const UPDATE_EXAMPLES: ExamplesObject = {
  pause: { summary: 'Pause', value: { active: false } },
  resume: { summary: 'Resume (also re-enables a webhook that failures disabled)', value: { active: true } },
  events: { summary: 'Change the events', value: { events: ['file.uploaded', 'maven.version.published'] } },
  moveJsonUrl: { summary: 'Move a JSON target (the signing secret stays)', value: { target: { type: 'json', url: 'https://ci2.example.com/hooks/artifacts' } } },
  toSlack: { summary: 'Switch to Slack (the signing secret is dropped)', value: { target: { type: 'slack', url: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' } } },
};
