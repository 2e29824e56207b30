import type { ServerResponse } from 'node:http';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { InsufficientStorageError, UploadTooLargeError } from '@herald/storage';
import { TooManyFailedSignInsError } from '../auth/auth-errors';
import { DeliveryNotFoundError, EventGoneError, RecoveryInterruptedError, TemporalUnavailableError, WebhookPausedError } from '../deliveries/redelivery-errors';
import { WrongUploadMethodError } from '../files/upload-errors';
import { DistributionFieldError } from '../python/python-errors';
import { LastAdminError } from '../users/last-admin';
import { InvalidWebhookError, WebhookHasNoSecretError, WebhookNotFoundError } from '../webhooks/webhook-errors';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError, UnavailableError, type DomainError } from './domain-errors';
import { domainStatus, errorAnswer, HttpExceptionFilter, isDatabaseUnavailable, isStorageFull } from './http-exception.filter';
import { InvalidCursorError } from './keyset-cursor';

/** Errors as pg, knex and MikroORM raise them when PostgreSQL sessions are killed or refused. */
function driverError(message: string, code?: string): Error {
  return Object.assign(new Error(message), { name: 'DriverException', ...(code ? { code } : {}) });
}

describe('HttpExceptionFilter', () => {
  const filter = new HttpExceptionFilter();
  // The 500 path logs the stack; these cases are expected, not news.
  beforeAll(() => Logger.overrideLogger(false));

  it.each([
    ['a terminated session (57P01)', driverError('terminating connection due to administrator command', '57P01')],
    ['too many connections (53300)', driverError('sorry, too many clients already', '53300')],
    ['a database refusing sessions', driverError('database "herald" is not currently accepting connections', '55000')],
    ['a pg client whose connection died', driverError('Client has encountered a connection error and is not queryable')],
    ['a transaction whose connection died', driverError('Transaction query already complete, run with DEBUG=knex:tx for more info')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a MikroORM ConnectionException', Object.assign(new Error('connection lost'), { name: 'ConnectionException' })],
    ['a busy SQLite file', Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })],
  ])('answers 503 to %s, which a client may retry', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(errorAnswer(error)[0]).toBe(503);
  });

  it.each([
    ['a unique violation', driverError('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', driverError('syntax error at or near "selec"', '42601')],
    ['an error that is not the database', new TypeError('x is undefined')],
  ])('keeps %s a 500: retrying would fail the same way', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(errorAnswer(error)[0]).toBe(500);
  });

  it.each([
    ['SQLite', driverError('COMMIT; - database or disk is full', 'SQLITE_FULL')],
    ['PostgreSQL', driverError('could not extend file "base/16384/16385": No space left on device', '53100')],
  ])("answers 507 when %s's disk is full: the request's event cannot be recorded", (_name, error) => {
    expect(isStorageFull(error)).toBe(true);
    expect(errorAnswer(error)).toEqual([507, expect.objectContaining({ statusCode: 507, error: 'Insufficient Storage' })]);
  });

  it.each([
    ['a body over the parser limit', 413, 'request entity too large'],
    ['an unsupported content encoding', 415, 'unsupported content encoding "br2"'],
    ['a body that does not inflate', 400, 'incorrect header check'],
  ])('answers the status of a body parser error (%s)', (_name, status, message) => {
    const error = Object.assign(new Error(message), { status, statusCode: status, expose: true });
    expect(errorAnswer(error)).toEqual([status, expect.objectContaining({ statusCode: status, message })]);
  });

  it('keeps an http-errors error not meant for the client a 500', () => {
    expect(errorAnswer(Object.assign(new Error('boom'), { status: 400, expose: false }))[0]).toBe(500);
    expect(errorAnswer(Object.assign(new Error('upstream'), { status: 502, expose: false }))[0]).toBe(500);
  });

  it('answers an HttpException (a guard, a pipe, a controller) with its own status and body', () => {
    expect(errorAnswer(new BadRequestException('no'))).toEqual([400, { statusCode: 400, message: 'no', error: 'Bad Request' }]);
  });

  /** Each domain error beside the Nest exception it replaced: the answers must be the same bytes. */
  const REPLACED: Array<[string, DomainError, HttpException]> = [
    ['NotFoundError', new NotFoundError('user x does not exist'), new NotFoundException('user x does not exist')],
    ['ConflictError', new ConflictError('repository x already exists'), new ConflictException('repository x already exists')],
    ['InvalidInputError', new InvalidInputError('invalid repository name'), new BadRequestException('invalid repository name')],
    ['ForbiddenError', new ForbiddenError('x is a reader'), new ForbiddenException('x is a reader')],
    ['UnauthenticatedError', new UnauthenticatedError('credentials are required'), new UnauthorizedException('credentials are required')],
    ['UnavailableError', new UnavailableError('Temporal is unavailable'), new ServiceUnavailableException('Temporal is unavailable')],
    ['InvalidInputError with problems', new InvalidInputError(['a must be x', 'b must be y']), new BadRequestException({ error: 'Bad Request', message: ['a must be x', 'b must be y'] })],
    ['DeliveryNotFoundError', new DeliveryNotFoundError('dl_1'), new NotFoundException('delivery "dl_1" does not exist')],
    ['WebhookPausedError', new WebhookPausedError('wh_1'), new ConflictException('webhook wh_1 is paused; set active to true before redelivering')],
    ['EventGoneError', new EventGoneError('ev_1'), new ConflictException('event ev_1 no longer exists; it cannot be delivered again')],
    ['TemporalUnavailableError', new TemporalUnavailableError(), new ServiceUnavailableException('Temporal is unavailable; nothing was redelivered, try again')],
    ['RecoveryInterruptedError', new RecoveryInterruptedError(2), new ServiceUnavailableException(new RecoveryInterruptedError(2).message)],
    ['WebhookNotFoundError', new WebhookNotFoundError('wh_1'), new NotFoundException('webhook "wh_1" does not exist')],
    ['WebhookHasNoSecretError', new WebhookHasNoSecretError(), new ConflictException(new WebhookHasNoSecretError().message)],
    ['InvalidWebhookError', new InvalidWebhookError(['target.url must be a URL']), new BadRequestException({ error: 'Bad Request', message: ['target.url must be a URL'] })],
    ['InvalidCursorError', new InvalidCursorError(), new BadRequestException({ error: 'Bad Request', message: ['cursor must be a nextCursor value from an earlier page'] })],
    ['LastAdminError', new LastAdminError('deleted'), new ConflictException('the last enabled admin cannot be deleted; make another user an admin first')],
  ];

  it.each(REPLACED)('answers %s with the status and body of the Nest exception it replaced, byte for byte', (_name, error, replaced) => {
    const [status, body] = errorAnswer(error);
    const [expectedStatus, expectedBody] = errorAnswer(replaced);
    expect(status).toBe(expectedStatus);
    expect(JSON.stringify(body)).toBe(JSON.stringify(expectedBody));
    expect(domainStatus(error)).toBe(expectedStatus);
  });

  it('answers a list of problems as a list, the way the ValidationPipe does', () => {
    expect(errorAnswer(new InvalidWebhookError(['name must be shorter', 'events should not be empty']))[1]).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: ['name must be shorter', 'events should not be empty'],
    });
  });

  it.each([
    ['a PUT to a python repository', new WrongUploadMethodError('py is a python repository'), 405, 'Method Not Allowed'],
    ['an upload over the limit', new UploadTooLargeError(10), 413, 'Payload Too Large'],
    ['a twine field', new DistributionFieldError('version', 'is missing'), 400, 'Bad Request'],
    ['a full store', new InsufficientStorageError(), 507, 'Insufficient Storage'],
  ])('answers an error known by its type (%s) with its status, error first', (_name, error, status, text) => {
    expect(JSON.stringify(errorAnswer(error))).toBe(JSON.stringify([status, { statusCode: status, error: text, message: error.message }]));
  });

  it('answers too many failed sign-ins with 429 and Retry-After', () => {
    const headers: Record<string, unknown> = {};
    let written: [number, string] | null = null;
    const response = {
      headersSent: false,
      setHeader: (name: string, value: unknown) => (headers[name] = value),
      writeHead: (status: number) => (written = [status, '']),
      end: (json: string) => written && (written[1] = json),
    } as unknown as ServerResponse;
    filter.respond(response, new TooManyFailedSignInsError(7));
    expect(headers['Retry-After']).toBe('7');
    expect(written).toEqual([HttpStatus.TOO_MANY_REQUESTS, JSON.stringify({ statusCode: 429, error: 'Too Many Requests', message: new TooManyFailedSignInsError(7).message })]);
  });
});
