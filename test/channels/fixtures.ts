import type { FileEventData, NotificationPayload } from '@herald/contracts';
import type { OutgoingNotification } from '@herald/channels';

export const UPLOAD_URL = 'http://localhost:8080/repositories/libs-release/com/example/demo/1.0.0/demo-1.0.0.jar';

export function uploadPayload(data: Partial<FileEventData> = {}): NotificationPayload<FileEventData> {
  return {
    type: 'file.uploaded',
    timestamp: '2026-11-28T22:00:00.000Z',
    data: {
      id: 'evt_01test0000000000000000000',
      repository: 'libs-release',
      path: 'com/example/demo/1.0.0/demo-1.0.0.jar',
      name: 'demo-1.0.0.jar',
      size: 1234,
      sha256: 'a'.repeat(64),
      sha1: 'b'.repeat(40),
      md5: 'c'.repeat(32),
      contentType: 'application/java-archive',
      actor: { username: 'ci', ip: '203.0.113.9', userAgent: 'Apache-Maven/3.9.6' },
      url: UPLOAD_URL,
      maven: { groupId: 'com.example', artifactId: 'demo', version: '1.0.0', classifier: null, extension: 'jar' },
      ...data,
    },
  };
}

export function notification(payload: NotificationPayload = uploadPayload()): OutgoingNotification {
  return { id: payload.data.id, webhookId: 'wh_01test0000000000000000000', payload };
}
