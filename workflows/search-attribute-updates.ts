import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';
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

/**
 * The update that makes the workflow's search attributes name exactly these targets, or none
 * when they already do (the API names the targets it expects when it starts the workflow).
 */
export function targetsChange(webhookIds: string[], targetTypes: string[]): SearchAttributeUpdatePair[] {
  const shown = workflowInfo().typedSearchAttributes;
  const same = (a: readonly string[], b: readonly string[]) => new Set(a).size === new Set(b).size && a.every((value) => b.includes(value));
  if (same(shown.get(KEYS.webhookIds) ?? [], webhookIds) && same(shown.get(KEYS.targetTypes) ?? [], targetTypes)) return [];
  return targetsUpdate(webhookIds, targetTypes);
}
