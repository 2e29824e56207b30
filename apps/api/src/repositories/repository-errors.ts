import { NotFoundError } from '../common/domain-errors';

export class RepositoryNotFoundError extends NotFoundError {
  constructor(name: string) {
    super(`repository ${name} does not exist`);
  }
}
