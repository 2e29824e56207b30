import type { TargetType } from '@herald/contracts';
import type { Channel, ChannelResult, OutgoingNotification, ResolvedTarget } from '@herald/channels';

/** One channel per target type. */
export type ChannelRegistry = { [K in TargetType]: Channel<Extract<ResolvedTarget, { type: K }>> };

/** Hands a resolved target to the channel of its type. */
export function deliverVia(channels: ChannelRegistry, target: ResolvedTarget, notification: OutgoingNotification): Promise<ChannelResult> {
  switch (target.type) {
    case 'json':
      return channels.json.deliver(target, notification);
    case 'email':
      return channels.email.deliver(target, notification);
    case 'slack':
      return channels.slack.deliver(target, notification);
  }
}
