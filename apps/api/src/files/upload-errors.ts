/**
 * An upload sent the way another format takes them (405): a PUT to a python repository, whose
 * files come through twine's upload API, or a twine upload to a maven repository. Answered by its
 * type, error first, as it always was.
 */
export class WrongUploadMethodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WrongUploadMethodError';
  }
}
