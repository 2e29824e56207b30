import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { Actor } from '@herald/contracts';
import { ArtifactRepository, PythonDistribution, StoredFile, type FileEvent } from '@herald/persistence';
import { BLOB_STORE, UploadTooLargeError, type BlobStore, type StagedBlob } from '@herald/storage';
import type { FileAccess } from '../../files/file-access';
import { pythonFilePath } from '../../files/python-coordinates';
import { overwriteRefused } from '../../files/overwrite-policy';
import { UploadFileUseCase } from '../../files/usecases/upload-file.usecase';
import { InvalidDistributionError, readCoreMetadata, type CoreMetadata } from '../core-metadata';
import { checkDistribution, parseDistributionFilename, type DistributionFilename } from '../distribution-filename';
import { normalizeProjectName } from '../package-name';
import { normalizeVersion } from '../package-version';
import { DistributionFieldError, MalformedUploadError } from '../python-errors';
import { FORM_OVERHEAD_BYTES, TwineForm, type FormFields } from '../twine-form';

export interface UploadDistributionCommand {
  access: FileAccess;
  /** The request: a twine upload's multipart form. */
  body: Readable & { headers: IncomingHttpHeaders };
  /** The declared body size; null when the body is chunked. */
  contentLength: number | null;
  actor: Actor;
}

/**
 * Stores a distribution sent through twine's upload API (`POST /repositories/{repo}/`) as a
 * file at `packages/{project}/{version}/{filename}`, through the same upload as a Maven PUT
 * (staged, verified, then made visible with its `file.uploaded` event in one transaction), and
 * records what the index says of it in that transaction. Refused with 400 naming the field when
 * the form's name, version or filetype disagree with the file, a digest does not match the bytes,
 * or the file holds no core metadata that agrees; with 409 when the file name exists (files are
 * immutable). Nothing of a refused upload becomes visible.
 */
@Injectable()
export class UploadDistributionUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly uploads: UploadFileUseCase,
  ) {}

  async execute(command: UploadDistributionCommand): Promise<FileEvent> {
    if (command.contentLength !== null && command.contentLength > this.config.maxUploadBytes + FORM_OVERHEAD_BYTES) throw new UploadTooLargeError(this.config.maxUploadBytes);
    const form = new TwineForm(command.body, this.config.maxUploadBytes);
    const content = await form.content;
    // twine sends its fields first: what can be refused before the file is read, is.
    checkAction(form.early);
    const distribution = parseDistributionFilename(content.filename);
    if (typeof distribution === 'string') throw new DistributionFieldError('content', distribution);
    const path = pythonFilePath(distribution.project, distribution.version, content.filename);
    // Refused before the file is read; the upload checks again when it commits.
    if ((await this.orm.em.fork().count(StoredFile, { repository: command.access.repository.id, path })) > 0) throw overwriteRefused(command.access.repository, path);
    let checked: { distribution: DistributionFilename; metadata: CoreMetadata } | undefined;
    const upload = this.uploads.execute({
      access: command.access,
      path,
      body: content.stream,
      contentType: undefined,
      expected: {},
      actor: command.actor,
      blake2b256: true,
      verify: async (blob) => {
        checked = await this.verify(blob, content.filename, await form.fields);
      },
      recordAlso: async (tx, file) => {
        if (checked) await recordDistribution(tx, command.access, file, checked.distribution, content.filename, checked.metadata);
      },
    });
    // A form that broke while its file was read answers why it broke, not how the file's stream ended.
    return upload.catch((error: unknown) => {
      throw form.failure ?? error;
    });
  }

  /** The whole form against the stored bytes: its fields, its digests, the core metadata inside. */
  private async verify(blob: StagedBlob, filename: string, fields: FormFields): Promise<{ distribution: DistributionFilename; metadata: CoreMetadata }> {
    checkAction(fields);
    const protocol = fields.first('protocol_version');
    if (protocol !== undefined && protocol !== '1') throw new DistributionFieldError('protocol_version', `${JSON.stringify(protocol.slice(0, 20))} is not supported: twine's upload protocol is version 1`);
    const checked = checkDistribution(filename, { name: fields.first('name') ?? '', version: fields.first('version') ?? '', filetype: fields.first('filetype') ?? '' });
    if ('field' in checked) throw new DistributionFieldError(checked.field, checked.message);
    checkDigests(blob, fields);
    const { distribution } = checked;
    const metadata = await readCoreMetadata(this.store, blob, distribution.packageType, filename).catch((error: unknown) => {
      throw error instanceof InvalidDistributionError ? new DistributionFieldError('content', error.message) : error;
    });
    if (metadata.name === null || normalizeProjectName(metadata.name) !== distribution.project) {
      throw new DistributionFieldError('content', `its core metadata names the project ${JSON.stringify(metadata.name?.slice(0, 100) ?? null)}, not ${distribution.project}`);
    }
    if (metadata.version === null || normalizeVersion(metadata.version) !== distribution.version) {
      throw new DistributionFieldError('content', `its core metadata gives the version ${JSON.stringify(metadata.version?.slice(0, 100) ?? null)}, not ${distribution.version}`);
    }
    return { distribution, metadata };
  }
}

function checkAction(fields: FormFields): void {
  const action = fields.first(':action');
  if (action !== undefined && action !== 'file_upload') throw new MalformedUploadError(`:action ${JSON.stringify(action.slice(0, 40))} is not supported: only file_upload`);
}

/** The digests the client sent, against the bytes received: at least one, and every one sent must match. */
function checkDigests(blob: StagedBlob, fields: FormFields): void {
  const sent: Array<[string, string | undefined, string | undefined]> = [
    ['sha256_digest', fields.first('sha256_digest')?.toLowerCase(), blob.sha256],
    ['blake2_256_digest', fields.first('blake2_256_digest')?.toLowerCase(), blob.blake2b256],
    ['md5_digest', md5AsHex(fields.first('md5_digest')), blob.md5],
  ];
  if (sent.every(([, value]) => value === undefined)) throw new DistributionFieldError('sha256_digest', 'is missing: send sha256_digest (twine does)');
  for (const [field, value, actual] of sent) {
    if (value !== undefined && value !== actual) throw new DistributionFieldError(field, 'does not match the uploaded file');
  }
}

/** twine sends MD5 in hex; older clients sent it as unpadded URL-safe base64. */
function md5AsHex(value: string | undefined): string | undefined {
  if (value === undefined || /^[0-9a-fA-F]{32}$/.test(value)) return value?.toLowerCase();
  return /^[A-Za-z0-9_-]{22}={0,2}$/.test(value) ? Buffer.from(value, 'base64url').toString('hex') : value;
}

/** The index's entry for the new file; a version already yanked stays yanked with its new file. */
async function recordDistribution(tx: EntityManager, access: FileAccess, file: StoredFile, distribution: DistributionFilename, filename: string, metadata: CoreMetadata): Promise<void> {
  const sibling = await tx.findOne(PythonDistribution, { repository: access.repository.id, project: distribution.project, version: distribution.version }, { fields: ['yankedAt', 'yankedReason'] });
  tx.create(PythonDistribution, {
    file,
    repository: tx.getReference(ArtifactRepository, access.repository.id),
    project: distribution.project,
    version: distribution.version,
    filename,
    packageType: distribution.packageType,
    requiresPython: metadata.requiresPython,
    coreMetadata: metadata.text,
    coreMetadataSha256: metadata.sha256,
    yankedAt: sibling?.yankedAt ?? null,
    yankedReason: sibling?.yankedReason ?? null,
    uploadedAt: file.updatedAt,
  });
}
