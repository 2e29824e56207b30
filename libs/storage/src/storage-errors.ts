/** The upload exceeded HERALD_MAX_UPLOAD (413). */
export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`upload exceeds the limit of ${maxBytes} bytes`);
    this.name = 'UploadTooLargeError';
  }
}

/** A checksum request header did not match the received bytes (400). */
export class ChecksumMismatchError extends Error {
  constructor(readonly algorithm: string) {
    super(`X-Checksum-${algorithm[0].toUpperCase()}${algorithm.slice(1)} does not match the uploaded content`);
    this.name = 'ChecksumMismatchError';
  }
}

/** The disk is full or over quota (507). */
export class InsufficientStorageError extends Error {
  constructor() {
    super('not enough storage space for this upload');
    this.name = 'InsufficientStorageError';
  }
}

/** The client went away before the whole body arrived; nothing was stored. */
export class UploadAbortedError extends Error {
  constructor() {
    super('the upload ended before the whole body arrived');
    this.name = 'UploadAbortedError';
  }
}

/** A file is where a folder must be, or a folder where a file must be (409). */
export class PathConflictError extends Error {
  constructor(readonly key: string) {
    super(`a file and a folder cannot share the path ${key.slice(key.indexOf('/') + 1)}`);
    this.name = 'PathConflictError';
  }
}

/** The blob store cannot be reached or refused the request for reasons of its own (503, naming it). */
export class StorageUnavailableError extends Error {
  constructor(
    readonly location: string,
    reason: string,
  ) {
    super(`the file store ${location} is unavailable: ${reason}`);
    this.name = 'StorageUnavailableError';
  }
}

/** A blob that metadata names is not in the store: the store lost it, or it was collected too early. */
export class BlobMissingError extends Error {
  constructor(readonly sha256: string) {
    super(`the blob ${sha256} is not in the file store`);
    this.name = 'BlobMissingError';
  }
}
