import type { FileEvent } from '@herald/persistence';
import type { FileEventResponse } from './dto/file-event.response';

export function presentFileEvent(event: FileEvent, publicUrl: string): FileEventResponse {
  return {
    id: event.id,
    type: event.type,
    repository: event.repository,
    path: event.path,
    name: event.name,
    size: event.size,
    sha256: event.sha256,
    sha1: event.sha1,
    md5: event.md5,
    contentType: event.contentType,
    actor: { username: event.actorUsername, ip: event.actorIp, userAgent: event.actorUserAgent },
    url: `${publicUrl}/repositories/${event.repository}/${event.path.split('/').map(encodeURIComponent).join('/')}`,
    ...(event.python ? { python: event.python } : { maven: event.maven }),
    occurredAt: event.occurredAt.toISOString(),
  };
}
