/**
 * An upload sent the way another format takes them: a PUT to a python repository, whose files
 * come through twine's upload API (405). Answered by its type, error first, as it always was.
 */
export class WrongUploadMethodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WrongUploadMethodError';
  }
}
