import { STATUS_CODES, type ServerResponse } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { BlobMissingError, ChecksumMismatchError, InsufficientStorageError, PathConflictError, StorageUnavailableError, UploadAbortedError, UploadTooLargeError } from '@herald/storage';
import { TooManyFailedSignInsError } from '../auth/auth-errors';
import { WrongUploadMethodError } from '../files/upload-errors';
import { DistributionFieldError, MalformedUploadError } from '../python/python-errors';
import { ConflictError, DomainError, ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError, UnavailableError } from './domain-errors';

type ErrorType = abstract new (...args: never[]) => Error;

/**
 * The status of each kind of domain error, and of the errors answered by their own type (libs
 * cannot extend the API's kinds). The `error` text is the status's reason phrase.
 */
const STATUSES: Array<[ErrorType, number]> = [
  [NotFoundError, HttpStatus.NOT_FOUND],
  [ConflictError, HttpStatus.CONFLICT],
  [InvalidInputError, HttpStatus.BAD_REQUEST],
  [ForbiddenError, HttpStatus.FORBIDDEN],
  [UnauthenticatedError, HttpStatus.UNAUTHORIZED],
  [UnavailableError, HttpStatus.SERVICE_UNAVAILABLE],
  [UploadTooLargeError, HttpStatus.PAYLOAD_TOO_LARGE],
  [ChecksumMismatchError, HttpStatus.BAD_REQUEST],
  [InsufficientStorageError, HttpStatus.INSUFFICIENT_STORAGE],
  [PathConflictError, HttpStatus.CONFLICT],
  [DistributionFieldError, HttpStatus.BAD_REQUEST],
  [MalformedUploadError, HttpStatus.BAD_REQUEST],
  [WrongUploadMethodError, HttpStatus.METHOD_NOT_ALLOWED],
  [TooManyFailedSignInsError, HttpStatus.TOO_MANY_REQUESTS],
  // The store is down, or lost a blob: the metadata is intact and a retry may well succeed.
  [StorageUnavailableError, HttpStatus.SERVICE_UNAVAILABLE],
  [BlobMissingError, HttpStatus.SERVICE_UNAVAILABLE],
  // The client is gone; answered for the log's sake, not logged as a server error.
  [UploadAbortedError, HttpStatus.BAD_REQUEST],
];

/**
 * The status and body of an HttpException (thrown by controllers, guards, pipes and middleware),
 * a domain error or an error answered by its type; null for anything else.
 */
export function knownAnswer(exception: unknown): [number, Record<string, unknown>] | null {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const raw = exception.getResponse();
    if (typeof raw === 'object' && raw !== null) return [status, { statusCode: status, ...(raw as Record<string, unknown>) }];
    return [status, { statusCode: status, error: exception.name, message: raw }];
  }
  const known = STATUSES.find(([type]) => exception instanceof type);
  if (!known) return null;
  const [, status] = known;
  const error = STATUS_CODES[status];
  // Bodies keep the key order each answered with before: a domain error's as a Nest exception
  // built from a message, a list of problems as the ValidationPipe's, the others error first.
  if (exception instanceof InvalidInputError && exception.problems) return [status, { statusCode: status, error, message: exception.problems }];
  if (exception instanceof DomainError) return [status, { statusCode: status, message: exception.message, error }];
  return [status, { statusCode: status, error, message: (exception as Error).message }];
}

/** The status a domain error is answered with, for the portal's pages and forms. */
export function domainStatus(error: DomainError): number {
  return knownAnswer(error)?.[0] ?? HttpStatus.INTERNAL_SERVER_ERROR;
}

/**
 * The one place errors become HTTP answers: `{statusCode, error, message}`. Domain errors map
 * to their documented status; anything unexpected is a 500 whose detail stays in the log.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    this.respond(host.switchToHttp().getResponse<ServerResponse>(), exception);
  }

  /**
   * Answers with the error, or cuts a response already under way. Also for the handlers ahead
   * of Nest and Express (FileReads, the `Expect: 100-continue` gate): a plain ServerResponse.
   */
  respond(response: ServerResponse, exception: unknown): void {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const [status, body] = errorAnswer(exception);
    // Metadata names bytes the store does not have: lost, or collected too early. Someone must look.
    if (exception instanceof BlobMissingError) this.logger.error(exception.message);
    for (const [name, value] of Object.entries(errorHeaders(exception))) response.setHeader(name, value);
    if (status === HttpStatus.INTERNAL_SERVER_ERROR) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    const json = JSON.stringify(body);
    // Headers set before the error (a challenge, a Content-Range) are kept: writeHead merges them.
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) });
    response.end(json);
  }
}

/** The challenge every 401 carries: Basic, which Maven, Gradle, pip and curl answer with a username and password or token. */
export const BASIC_CHALLENGE = 'Basic realm="Herald"';

/** Headers an error's answer carries beside its body: the challenge of a 401, when to try again after too many failed sign-ins. */
export function errorHeaders(exception: unknown): Record<string, string> {
  if (exception instanceof UnauthenticatedError) return { 'WWW-Authenticate': BASIC_CHALLENGE };
  if (exception instanceof TooManyFailedSignInsError) return { 'Retry-After': String(exception.retryAfterSeconds) };
  return {};
}

/** The status and body that answer any error (the API's JSON, and the status of a portal page). */
export function errorAnswer(exception: unknown): [number, Record<string, unknown>] {
  const known = knownAnswer(exception);
  if (known) return known;
  const refused = clientErrorStatus(exception);
  if (refused) return [refused, { statusCode: refused, error: STATUS_CODES[refused], message: (exception as Error).message }];
  if (isStorageFull(exception)) {
    return [HttpStatus.INSUFFICIENT_STORAGE, { statusCode: 507, error: 'Insufficient Storage', message: 'not enough storage space to record this request' }];
  }
  if (isDatabaseUnavailable(exception)) {
    return [HttpStatus.SERVICE_UNAVAILABLE, { statusCode: 503, error: 'Service Unavailable', message: 'the database is unavailable; try again' }];
  }
  return [HttpStatus.INTERNAL_SERVER_ERROR, { statusCode: 500, error: 'Internal Server Error', message: 'internal error' }];
}

/**
 * The status of an http-errors error meant for the client: the body parsers' 413 (too large),
 * 415 (charset or encoding) and 400 (bad JSON, a body that does not inflate). Null otherwise.
 */
function clientErrorStatus(error: unknown): number | null {
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

/**
 * The database's disk is full (SQLite's SQLITE_FULL, PostgreSQL's 53100): the event of a
 * download or delete cannot be recorded, so it is refused as an upload would be, with 507.
 */
export function isStorageFull(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  return code === 'SQLITE_FULL' || code === '53100' || /database or disk is full/i.test((error as Error)?.message ?? '');
}

/** SQLSTATE classes of a database that cannot serve right now: 08 connection, 53 resources (too many connections), 57 operator intervention (a terminated session, a restart). */
const UNAVAILABLE_SQLSTATE = /^(08|53|57)[0-9A-Z]{3}$/;
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'SQLITE_BUSY']);
/**
 * What pg and knex say, in words only, when the session died under a query or a transaction,
 * or the database refuses sessions (`allow_connections false`).
 */
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|is not queryable|Transaction query already complete|is not currently accepting connections/i;

/** Connection-level database failures: the client may retry, so 503 rather than 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  const name = (error as Error)?.name ?? '';
  return name === 'ConnectionException' || UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_MESSAGE.test((error as Error)?.message ?? '');
}
