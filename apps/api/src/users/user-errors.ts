import { NotFoundError } from '../common/domain-errors';

export class UserNotFoundError extends NotFoundError {
  constructor(username: string) {
    super(`user ${username} does not exist`);
  }
}

export class TokenNotFoundError extends NotFoundError {
  constructor(username: string, id: string) {
    super(`user ${username} has no token ${id}`);
  }
}
