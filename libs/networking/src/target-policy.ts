import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { WebhookTarget } from '@herald/contracts';
import { BlockedAddressError, UnresolvableHostError, checkHost } from './target-address';

/**
 * The rules a syntactically valid target must also meet on this installation: Slack URLs
 * under HERALD_SLACK_URL_PREFIX, and JSON and Slack hosts that resolve only to public
 * addresses unless HERALD_ALLOW_PRIVATE_TARGETS is set (the connection is checked again).
 */
@Injectable()
export class TargetPolicy {
  constructor(@Inject(HERALD_CONFIG) private readonly config: HeraldConfig) {}

  async problems(target: WebhookTarget): Promise<string[]> {
    if (target.type === 'email') return [];
    if (target.type === 'slack' && !this.isUnderSlackPrefix(target.url)) {
      return [`target.url must be a Slack incoming-webhook URL starting with ${this.config.targets.slackUrlPrefix} (HERALD_SLACK_URL_PREFIX)`];
    }
    const host = new URL(target.url).hostname;
    try {
      await checkHost(host, this.config.targets.allowPrivate);
      return [];
    } catch (error) {
      if (error instanceof BlockedAddressError) {
        return [`target.url must not point to a loopback, private, link-local or otherwise reserved address (${host})`];
      }
      if (error instanceof UnresolvableHostError) return [`target.url host ${host} does not resolve`];
      throw error;
    }
  }

  /** The normalised URL starts with the prefix, on the prefix's own origin, with a path beyond it. */
  private isUnderSlackPrefix(url: string): boolean {
    const prefix = new URL(this.config.targets.slackUrlPrefix);
    const parsed = new URL(url);
    return parsed.origin === prefix.origin && parsed.href.startsWith(prefix.href) && parsed.href.length > prefix.href.length;
  }
}
