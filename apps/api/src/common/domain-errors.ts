/**
 * What use cases, policies and stores throw when a request cannot be done, in the domain's
 * words. Nothing here knows HTTP: HttpExceptionFilter alone turns each kind into a status and a
 * body, and the portal's filter asks it for the status. A concrete error extends its kind.
 */
export abstract class DomainError extends Error {
  /** The field of the request the error is about, when it is about one (a form shows it there). */
  readonly field?: string;

  constructor(message: string, options: { field?: string } = {}) {
    super(message);
    this.name = new.target.name;
    this.field = options.field;
  }
}

/** What the request names does not exist (or is not shown to this caller). */
export class NotFoundError extends DomainError {}

/** The request clashes with what is there: a name taken, a file kept, a webhook paused. */
export class ConflictError extends DomainError {}

/** The caller is known, but may not do this. */
export class ForbiddenError extends DomainError {}

/** The caller sent no credentials, or credentials that name nobody. */
export class UnauthenticatedError extends DomainError {}

/** Something the request needs is down for now; the same request may succeed later. */
export class UnavailableError extends DomainError {}

/**
 * A value of the request is wrong. With `problems`, every problem found (each naming its field),
 * answered as a list as the ValidationPipe answers; otherwise one message.
 */
export class InvalidInputError extends DomainError {
  readonly problems?: string[];

  constructor(message: string | string[], options: { field?: string } = {}) {
    super(Array.isArray(message) ? message.join('; ') : message, options);
    if (Array.isArray(message)) this.problems = message;
  }
}
