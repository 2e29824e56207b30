import type { FileEventData, NotificationPayload } from '@herald/contracts';
import type { FileEvent } from '@herald/persistence';

/**
 * The receiver-facing payload of a recorded event (the contract's "What receivers get"). A
 * digest or a published version carries the `data` it was composed with.
 */
export function notificationPayload(event: FileEvent, publicUrl: string): NotificationPayload {
  if (event.payload) return { type: event.type, timestamp: event.occurredAt.toISOString(), data: event.payload };
  return fileEventPayload(event, publicUrl);
}

function fileEventPayload(event: FileEvent, publicUrl: string): NotificationPayload<FileEventData> {
  const path = event.path.split('/').map(encodeURIComponent).join('/');
  return {
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: {
      id: event.id,
      repository: event.repository,
      path: event.path,
      name: event.name,
      size: event.size === null ? null : Number(event.size),
      sha256: event.sha256,
      sha1: event.sha1,
      md5: event.md5,
      contentType: event.contentType,
      actor: { username: event.actorUsername, ip: event.actorIp, userAgent: event.actorUserAgent },
      url: `${publicUrl}/repositories/${encodeURIComponent(event.repository)}/${path}`,
      // A python repository's files carry their distribution instead of Maven coordinates.
      ...(event.python ? { python: event.python } : { maven: event.maven }),
    },
  };
}
