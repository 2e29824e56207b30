import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { SEARCH_ATTRIBUTES, WorkflowDeliveryStatus } from '../libs/contracts/src';

// The keys of the contract, restated as values here because workflow code imports only types
// from libs; `satisfies` makes the compiler hold both copies to the same names and kinds.
export const KEYS = {
  repository: { name: 'HeraldRepository', type: 'KEYWORD' },
  eventType: { name: 'HeraldEventType', type: 'KEYWORD' },
  webhookIds: { name: 'HeraldWebhookIds', type: 'KEYWORD_LIST' },
  targetTypes: { name: 'HeraldTargetTypes', type: 'KEYWORD_LIST' },
  deliveryStatus: { name: 'HeraldDeliveryStatus', type: 'KEYWORD' },
} as const satisfies Pick<typeof SEARCH_ATTRIBUTES, 'repository' | 'eventType' | 'webhookIds' | 'targetTypes' | 'deliveryStatus'>;

export function statusUpdate(status: WorkflowDeliveryStatus): SearchAttributeUpdatePair {
  return { key: KEYS.deliveryStatus, value: status };
}

export function targetsUpdate(webhookIds: string[], targetTypes: string[]): SearchAttributeUpdatePair[] {
  return [
    { key: KEYS.webhookIds, value: webhookIds },
    { key: KEYS.targetTypes, value: [...new Set(targetTypes)] },
  ];
}
