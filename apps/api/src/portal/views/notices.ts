import type { Notice } from './layout';

/**
 * Messages after a redirect (`?notice=webhook-deleted`): a fixed list, so a link can never put
 * words of its own on a portal page.
 */
const NOTICES = {
  'webhook-created': { tone: 'success', text: 'The webhook was created.' },
  'webhook-deleted': { tone: 'success', text: 'The webhook was deleted.' },
  'webhook-updated': { tone: 'success', text: 'Your changes were saved.' },
  'webhook-paused': { tone: 'info', text: 'The webhook is paused: no deliveries are sent until you resume it.' },
  'webhook-resumed': { tone: 'success', text: 'The webhook is active again.' },
  'test-sent': { tone: 'success', text: 'A test event is on its way; it appears in the delivery history below.' },
  'redelivered': { tone: 'success', text: 'The delivery is being sent again.' },
  'repository-created': { tone: 'success', text: 'The repository was created.' },
  'user-created': { tone: 'success', text: 'The user was created.' },
  'role-changed': { tone: 'success', text: 'The role was changed.' },
  'user-disabled': { tone: 'info', text: 'The user is disabled: its password and tokens are refused until it is enabled again.' },
  'user-enabled': { tone: 'success', text: 'The user is enabled again.' },
  'password-changed': { tone: 'success', text: 'The password was changed; portal sessions signed in with the old one have ended.' },
  'user-deleted': { tone: 'success', text: 'The user and its tokens were deleted.' },
  'token-revoked': { tone: 'success', text: 'The token was revoked.' },
} as const satisfies Record<string, Notice>;

export type NoticeKey = keyof typeof NOTICES;

export function noticeFor(key: unknown): Notice | null {
  return typeof key === 'string' && Object.hasOwn(NOTICES, key) ? NOTICES[key as NoticeKey] : null;
}
