import type { Receiver } from '../../support/receiver';
import { waitUntil } from './built-stack';

/** A webhook as the ledger sees it: where its requests arrive and what it subscribed to. */
export interface Subscription {
  webhookId: string;
  /** The path of its URL on the receiver, which tells its requests apart. */
  path: string;
  repository: string;
  events: string[];
}

export interface LedgerTally {
  /** Requests Herald acknowledged with a 2xx (each recorded one event). */
  acknowledged: number;
  /** (webhook, acknowledged event) pairs that must arrive. */
  expected: number;
  /** Of those, how many arrived at least once. */
  delivered: number;
  missing: number;
  /** Every request the receiver got, duplicates included. */
  requests: number;
  /** Requests beyond the first per (webhook, webhook-id): at-least-once repeats. */
  duplicates: number;
  /** An acknowledged request that arrived under more than one webhook-id (two events for one request). */
  idConflicts: number;
  /** Events that arrived though their request got no 2xx (committed, then the answer was lost). */
  unacknowledged: number;
  missingSample: string[];
}

/**
 * The bookkeeping of "nothing is lost": every acknowledged request is tagged by a unique
 * User-Agent, which Herald records as the event's actor and sends in the payload. The ledger
 * reads the receiver's requests back and checks each subscribed webhook got each tag, under
 * one stable `webhook-id`, counting the repeats that at-least-once allows.
 */
export class DeliveryLedger {
  private readonly acknowledgedTags = new Map<string, { repository: string; type: string }>();
  private readonly subscriptions = new Map<string, Subscription>();
  /** path → tag → webhook-ids seen; path → webhook-id → count. */
  private readonly seenTags = new Map<string, Map<string, Set<string>>>();
  private readonly seenIds = new Map<string, Map<string, number>>();
  private read = 0;
  private counter = 0;

  constructor(
    private readonly receiver: Receiver,
    private readonly prefix: string,
  ) {}

  /** A fresh User-Agent for one request. */
  nextTag(): string {
    this.counter += 1;
    return `herald-faults/${this.prefix}/${this.counter}`;
  }

  subscribe(subscription: Subscription): void {
    this.subscriptions.set(subscription.path, subscription);
  }

  acknowledge(tag: string, repository: string, type: string): void {
    this.acknowledgedTags.set(tag, { repository, type });
  }

  get acknowledgedCount(): number {
    return this.acknowledgedTags.size;
  }

  isAcknowledged(tag: string): boolean {
    return this.acknowledgedTags.has(tag);
  }

  tally(): LedgerTally {
    this.readNewRequests();
    let expected = 0;
    let delivered = 0;
    let duplicates = 0;
    let idConflicts = 0;
    let requests = 0;
    const missingSample: string[] = [];
    const unacknowledged = new Set<string>();
    for (const subscription of this.subscriptions.values()) {
      const tags = this.seenTags.get(subscription.path) ?? new Map<string, Set<string>>();
      for (const [tag, { repository, type }] of this.acknowledgedTags) {
        if (repository !== subscription.repository || !subscription.events.includes(type)) continue;
        expected += 1;
        if (tags.has(tag)) delivered += 1;
        else if (missingSample.length < 10) missingSample.push(`${subscription.path} ${type} ${tag}`);
      }
      for (const [tag, ids] of tags) {
        if (ids.size > 1) idConflicts += 1;
        if (!this.acknowledgedTags.has(tag)) unacknowledged.add(tag);
      }
      for (const count of (this.seenIds.get(subscription.path) ?? new Map<string, number>()).values()) {
        requests += count;
        duplicates += count - 1;
      }
    }
    return { acknowledged: this.acknowledgedTags.size, expected, delivered, missing: expected - delivered, requests, duplicates, idConflicts, unacknowledged: unacknowledged.size, missingSample };
  }

  /** Waits until every expected pair arrived (or `timeoutMs` passed) and returns the tally. */
  async settle(timeoutMs: number): Promise<LedgerTally> {
    await waitUntil(() => this.tally().missing === 0, timeoutMs, 500);
    return this.tally();
  }

  private readNewRequests(): void {
    for (; this.read < this.receiver.requests.length; this.read++) {
      const request = this.receiver.requests[this.read];
      const path = request.url.split('?')[0];
      const webhookId = String(request.headers['webhook-id'] ?? '');
      const tag = (JSON.parse(request.body) as { data?: { actor?: { userAgent?: string } } }).data?.actor?.userAgent ?? '';
      const ids = this.seenIds.get(path) ?? new Map<string, number>();
      ids.set(webhookId, (ids.get(webhookId) ?? 0) + 1);
      this.seenIds.set(path, ids);
      const tags = this.seenTags.get(path) ?? new Map<string, Set<string>>();
      tags.set(tag, (tags.get(tag) ?? new Set<string>()).add(webhookId));
      this.seenTags.set(path, tags);
    }
  }
}
