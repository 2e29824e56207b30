import { ApiToken } from './api-token.entity';
import { AuditEntry } from './audit-entry.entity';
import { AuthFailure } from './auth-failure.entity';
import { Blob } from './blob.entity';
import { Delivery } from './delivery.entity';
import { DeliveryAttempt } from './delivery-attempt.entity';
import { FileEvent } from './file-event.entity';
import { PortalSession } from './portal-session.entity';
import { PythonDistribution } from './python-distribution.entity';
import { ArtifactRepository } from './repository.entity';
import { StoredFile } from './stored-file.entity';
import { User } from './user.entity';
import { Webhook } from './webhook.entity';

export { ApiToken, AuditEntry, AuthFailure, Blob, Delivery, DeliveryAttempt, FileEvent, ArtifactRepository, PythonDistribution, PortalSession, StoredFile, User, Webhook };

export const ENTITIES = [User, ApiToken, ArtifactRepository, StoredFile, PythonDistribution, Blob, FileEvent, Webhook, Delivery, DeliveryAttempt, AuditEntry, PortalSession, AuthFailure];
