/** An address, or an address with a username, used up its failed sign-ins for now (429 with Retry-After). */
export class TooManyFailedSignInsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed sign-ins from this address; try again in ${retryAfterSeconds} ${retryAfterSeconds === 1 ? 'second' : 'seconds'}`);
    this.name = 'TooManyFailedSignInsError';
  }
}
