/** A field of a twine upload that is missing, malformed or disagrees with the file (400, naming the field). */
export class DistributionFieldError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'DistributionFieldError';
  }
}

/** The request is not a twine upload at all: not multipart, malformed multipart, another `:action` (400). */
export class MalformedUploadError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MalformedUploadError';
  }
}
