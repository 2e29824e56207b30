import type { Receiver } from '../../support/receiver';
import { waitUntil } from '../../support/timing';

/** A webhook as the ledger sees it: where its requests arrive and what it subscribed to. */
export interface Subscription {
  webhookId: string;
  receiver: Receiver;
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
  /** By URL: each webhook has a URL of its own. */
  private readonly subscriptions = new Map<string, Subscription>();
  /** URL → tag → webhook-ids seen; URL → webhook-id → count. */
  private readonly seenTags = new Map<string, Map<string, Set<string>>>();
  private readonly seenIds = new Map<string, Map<string, number>>();
  /** How many of each receiver's requests are already counted. */
  private readonly read = new Map<Receiver, number>();
  private counter = 0;

  constructor(private readonly prefix: string) {}

  /** A fresh User-Agent for one request. */
  nextTag(): string {
    this.counter += 1;
    return `herald-faults/${this.prefix}/${this.counter}`;
  }

  subscribe(subscription: Subscription): void {
    this.subscriptions.set(`${subscription.receiver.url}${subscription.path}`, subscription);
    if (!this.read.has(subscription.receiver)) this.read.set(subscription.receiver, 0);
  }

  acknowledge(tag: string, repository: string, type: string): void {
    this.acknowledgedTags.set(tag, { repository, type });
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
    for (const [url, subscription] of this.subscriptions) {
      const tags = this.seenTags.get(url) ?? new Map<string, Set<string>>();
      for (const [tag, { repository, type }] of this.acknowledgedTags) {
        if (repository !== subscription.repository || !subscription.events.includes(type)) continue;
        expected += 1;
        if (tags.has(tag)) delivered += 1;
        else if (missingSample.length < 10) missingSample.push(`${url} ${type} ${tag}`);
      }
      for (const [tag, ids] of tags) {
        if (ids.size > 1) idConflicts += 1;
        if (!this.acknowledgedTags.has(tag)) unacknowledged.add(tag);
      }
      for (const count of (this.seenIds.get(url) ?? new Map<string, number>()).values()) {
        requests += count;
        duplicates += count - 1;
      }
    }
    return { acknowledged: this.acknowledgedTags.size, expected, delivered, missing: expected - delivered, requests, duplicates, idConflicts, unacknowledged: unacknowledged.size, missingSample };
  }

  /** Every tag that arrived at a subscribed webhook, acknowledged or not. */
  arrivedTags(): Set<string> {
    this.readNewRequests();
    const arrived = new Set<string>();
    for (const tags of this.seenTags.values()) for (const tag of tags.keys()) arrived.add(tag);
    return arrived;
  }

  /**
   * Waits until every expected pair arrived and returns the tally; gives up after `timeoutMs`, or
   * sooner when nothing expected arrived for `stallMs` (a backlog still draining is not a loss).
   */
  async settle(timeoutMs: number, stallMs = timeoutMs): Promise<LedgerTally> {
    let delivered = -1;
    let progressAt = Date.now();
    await waitUntil(() => {
      const tally = this.tally();
      if (tally.delivered > delivered) [delivered, progressAt] = [tally.delivered, Date.now()];
      return tally.missing === 0 || Date.now() - progressAt > stallMs;
    }, timeoutMs, 500);
    return this.tally();
  }

  private readNewRequests(): void {
    for (const [receiver, read] of this.read) {
      for (const request of receiver.requests.slice(read)) {
        const url = `${receiver.url}${request.url.split('?')[0]}`;
        const webhookId = String(request.headers['webhook-id'] ?? '');
        const tag = (JSON.parse(request.body) as { data?: { actor?: { userAgent?: string } } }).data?.actor?.userAgent ?? '';
        const ids = this.seenIds.get(url) ?? new Map<string, number>();
        ids.set(webhookId, (ids.get(webhookId) ?? 0) + 1);
        this.seenIds.set(url, ids);
        const tags = this.seenTags.get(url) ?? new Map<string, Set<string>>();
        tags.set(tag, (tags.get(tag) ?? new Set<string>()).add(webhookId));
        this.seenTags.set(url, tags);
      }
      this.read.set(receiver, receiver.requests.length);
    }
  }
}
