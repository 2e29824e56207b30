import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { UploadAbortedError } from '@herald/storage';
import { DistributionFieldError, MalformedUploadError } from './python-errors';

/** The largest field: a project's description (its README) is sent as one. */
export const FORM_FIELD_BYTES = 1024 * 1024;
/** What the fields may add to the file in one form: classifiers, requirements, a description. */
export const FORM_OVERHEAD_BYTES = 8 * FORM_FIELD_BYTES;
const FORM_LIMITS = { fieldNameSize: 100, fieldSize: FORM_FIELD_BYTES, fields: 2_000, files: 4, parts: 2_010 };
/** busboy applies `fieldNameSize` to urlencoded forms only: multipart names are checked here. */
const FIELD_NAME_LIMIT = FORM_LIMITS.fieldNameSize;

/** A form's text fields; the repeatable ones (`classifiers`, `requires_dist`) keep every value. */
export class FormFields {
  private readonly values = new Map<string, string[]>();
  private bytes = 0;

  add(name: string, value: string): void {
    this.bytes += name.length + value.length;
    if (this.bytes > FORM_OVERHEAD_BYTES) throw new MalformedUploadError(`the form's fields exceed ${FORM_OVERHEAD_BYTES} bytes`);
    const values = this.values.get(name);
    if (values) values.push(value);
    else this.values.set(name, [value]);
  }

  /** The field's first value, trimmed; undefined when absent or blank. */
  first(name: string): string | undefined {
    const value = this.values.get(name)?.[0]?.trim();
    return value ? value : undefined;
  }
}

export interface TwineContent {
  /** As the client names it; not yet checked. */
  filename: string;
  stream: Readable;
}

/**
 * The multipart form of a twine upload (`:action=file_upload`, metadata fields, the file as
 * `content`), read as it arrives: the file is handed out as a stream the moment its part starts,
 * so it is staged without being held, and the fields come with the end of the form. twine sends
 * the fields first, but nothing depends on it. Other file parts (`gpg_signature`, `attestations`)
 * are read and dropped. Either promise rejects with MalformedUploadError, DistributionFieldError
 * or UploadAbortedError (the client went away), never with busboy's own errors; a form that fails
 * while its file is being read ends that stream with the same error, so the upload stops too.
 */
export class TwineForm {
  readonly content: Promise<TwineContent>;
  /** Resolves once the whole form has been read. */
  readonly fields: Promise<FormFields>;
  /** The fields read so far: before the file, those twine sends first. */
  readonly early = new FormFields();
  /** Why the form failed, once it has: what a refused upload answers, whatever its stream reported. */
  failure: Error | null = null;

  constructor(request: Readable & { headers: IncomingHttpHeaders }, maxFileBytes: number) {
    let deliver!: (content: TwineContent) => void;
    let refuseContent!: (error: Error) => void;
    let finish!: (fields: FormFields) => void;
    let refuseFields!: (error: Error) => void;
    this.content = new Promise((resolve, reject) => ([deliver, refuseContent] = [resolve, reject]));
    this.fields = new Promise((resolve, reject) => ([finish, refuseFields] = [resolve, reject]));
    // Whichever the caller does not await must not become an unhandled rejection.
    this.content.catch(() => undefined);
    this.fields.catch(() => undefined);

    let delivered: Readable | null = null;
    const fail = (error: Error) => {
      if (this.failure) return;
      this.failure = error;
      refuseContent(error);
      refuseFields(error);
      request.unpipe();
      if (delivered && !delivered.readableEnded) delivered.destroy(error);
    };
    const failed = () => this.failure !== null;
    const tooLong = (name: string): boolean => {
      if (name.length <= FIELD_NAME_LIMIT) return false;
      fail(new MalformedUploadError(`a form field name is longer than ${FIELD_NAME_LIMIT} characters`));
      return true;
    };
    // pipe() does not pass on a client that goes away: the form would wait for the rest forever.
    request.once('close', () => {
      if (!(request as Readable & { complete?: boolean }).complete) fail(new UploadAbortedError());
    });

    let form: busboy.Busboy;
    try {
      // One more byte than allowed: a file over the limit arrives as such, and the size check refuses it (413).
      // preservePath: the file name as sent, so one with a path in it is refused rather than cut short.
      form = busboy({ headers: request.headers, preservePath: true, limits: { ...FORM_LIMITS, fileSize: maxFileBytes + 1 } });
    } catch {
      fail(new MalformedUploadError('a twine upload is a multipart/form-data body'));
      return;
    }
    // A part may come without a name (busboy's types say otherwise): it is then ''.
    form.on('field', (sent: string | undefined, value, info) => {
      const name = sent ?? '';
      if (failed() || tooLong(name)) return;
      if (info.valueTruncated) return fail(new DistributionFieldError(name, `is longer than ${FORM_FIELD_BYTES} bytes`));
      try {
        this.early.add(name, value);
      } catch (error) {
        fail(error as Error);
      }
    });
    form.on('file', (sent: string | undefined, stream, info) => {
      const name = sent ?? '';
      // The stream's errors reach whoever reads it; once nobody does, one must not crash the process.
      stream.on('error', () => undefined);
      if (failed() || tooLong(name) || name !== 'content' || delivered) {
        stream.resume();
        if (name === 'content' && delivered) fail(new DistributionFieldError('content', 'is sent twice: one file per upload'));
        return;
      }
      delivered = stream;
      deliver({ filename: info.filename ?? '', stream });
    });
    for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) {
      form.on(limit, () => fail(new MalformedUploadError(`the form has too many parts (at most ${FORM_LIMITS.fields} fields and ${FORM_LIMITS.files} files)`)));
    }
    form.on('error', (error: Error) => fail(new MalformedUploadError(`malformed multipart body: ${error.message}`)));
    form.on('close', () => {
      if (failed()) return;
      if (!delivered) return fail(new DistributionFieldError('content', 'is missing: the distribution is sent as the file part "content"'));
      finish(this.early);
    });
    request.pipe(form);
  }
}
