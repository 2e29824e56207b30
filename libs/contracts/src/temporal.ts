export const DEFAULT_TASK_QUEUE = 'herald-notifications';

/** Search attributes the worker registers at boot where missing. */
export const SEARCH_ATTRIBUTES = {
  repository: { name: 'HeraldRepository', type: 'KEYWORD' },
  eventType: { name: 'HeraldEventType', type: 'KEYWORD' },
  webhookIds: { name: 'HeraldWebhookIds', type: 'KEYWORD_LIST' },
  targetTypes: { name: 'HeraldTargetTypes', type: 'KEYWORD_LIST' },
  deliveryStatus: { name: 'HeraldDeliveryStatus', type: 'KEYWORD' },
} as const;

export type SearchAttributeKind = (typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES]['type'];

/** Workflow ids: derived from ids only, never from a secret. */
export const fileEventWorkflowId = (eventId: string): string => `file-event-${eventId}`;
