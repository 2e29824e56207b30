import { randomBytes } from 'node:crypto';
import { Delivery, FileEvent, SecretBox, Webhook } from '@herald/persistence';
import type { DeliveryStore } from './delivery-store';

/** Rows and ports for the activities' specs: the world an activity sees, with nothing behind it. */
export const fakeBox = new SecretBox(randomBytes(32));

export function webhookRow(fields: Partial<Webhook> = {}): Webhook {
  return Object.assign(new Webhook(), { id: 'wh_1', repository: 'libs', events: ['file.uploaded'], targetType: 'json', targetAddress: 'https://ci.example.com/hook', active: true }, fields);
}

export function eventRow(fields: Partial<FileEvent> = {}): FileEvent {
  return Object.assign(new FileEvent(), { id: 'evt_1', type: 'file.uploaded', repository: 'libs', path: 'a/b.jar', name: 'b.jar', occurredAt: new Date('2026-12-01T10:00:00Z') }, fields);
}

export function deliveryRow(fields: Partial<Delivery> = {}): Delivery {
  return Object.assign(new Delivery(), { id: 'dlv_1', webhookId: 'wh_1', eventId: 'evt_1', eventType: 'file.uploaded', workflowId: 'file-event-evt_1' }, fields);
}

/** A DeliveryStore whose every method is a jest mock answering nothing; a spec sets what it reads. */
export function fakeDeliveryStore(overrides: Partial<jest.Mocked<DeliveryStore>> = {}): jest.Mocked<DeliveryStore> {
  return {
    loadAttempt: jest.fn().mockResolvedValue(null),
    endUnattempted: jest.fn().mockResolvedValue(undefined),
    recordAttempt: jest.fn().mockResolvedValue(null),
    failDelivery: jest.fn().mockResolvedValue(null),
    loadRedelivery: jest.fn().mockResolvedValue(null),
    loadEvent: jest.fn().mockResolvedValue(null),
    candidateWebhooks: jest.fn().mockResolvedValue([]),
    ensureDeliveries: jest.fn().mockResolvedValue([]),
    ...overrides,
  };
}
