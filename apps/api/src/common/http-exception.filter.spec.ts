import { BadRequestException, Logger } from '@nestjs/common';
import { InsufficientStorageError } from '@herald/storage';
import { HttpExceptionFilter, isDatabaseUnavailable, isStorageFull } from './http-exception.filter';

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
    expect(filter.answer(error)[0]).toBe(503);
  });

  it.each([
    ['a unique violation', driverError('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', driverError('syntax error at or near "selec"', '42601')],
    ['an error that is not the database', new TypeError('x is undefined')],
  ])('keeps %s a 500: retrying would fail the same way', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(filter.answer(error)[0]).toBe(500);
  });

  it.each([
    ['SQLite', driverError('COMMIT; - database or disk is full', 'SQLITE_FULL')],
    ['PostgreSQL', driverError('could not extend file "base/16384/16385": No space left on device', '53100')],
  ])("answers 507 when %s's disk is full: the request's event cannot be recorded", (_name, error) => {
    expect(isStorageFull(error)).toBe(true);
    expect(filter.answer(error)).toEqual([507, expect.objectContaining({ statusCode: 507, error: 'Insufficient Storage' })]);
  });

  it.each([
    ['a body over the parser limit', 413, 'request entity too large'],
    ['an unsupported content encoding', 415, 'unsupported content encoding "br2"'],
    ['a body that does not inflate', 400, 'incorrect header check'],
  ])('answers the status of a body parser error (%s)', (_name, status, message) => {
    const error = Object.assign(new Error(message), { status, statusCode: status, expose: true });
    expect(filter.answer(error)).toEqual([status, expect.objectContaining({ statusCode: status, message })]);
  });

  it('keeps an http-errors error not meant for the client a 500', () => {
    expect(filter.answer(Object.assign(new Error('boom'), { status: 400, expose: false }))[0]).toBe(500);
    expect(filter.answer(Object.assign(new Error('upstream'), { status: 502, expose: false }))[0]).toBe(500);
  });

  it('maps HTTP and domain errors to their own status', () => {
    expect(filter.answer(new BadRequestException('no'))[0]).toBe(400);
    expect(filter.answer(new InsufficientStorageError())).toEqual([507, expect.objectContaining({ statusCode: 507, error: 'Insufficient Storage' })]);
  });
});
