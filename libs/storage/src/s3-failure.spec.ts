import { S3ServiceException } from '@aws-sdk/client-s3';
import { storageFailure } from './s3-failure';
import { StorageUnavailableError } from './storage-errors';

const LOCATION = 's3://artifacts/herald';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function answered(name: string, status: number): S3ServiceException {
  // What a store may say back: S3 echoes the key id and the string it signed into some errors.
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: `AKIDEXAMPLE ${SECRET} was refused` });
}

describe('storageFailure', () => {
  it.each([
    ['SignatureDoesNotMatch', 403, 'HTTP 403 SignatureDoesNotMatch'],
    ['AccessDenied', 403, 'HTTP 403 AccessDenied'],
    ['SlowDown', 503, 'HTTP 503 SlowDown'],
    ['InternalError', 500, 'HTTP 500 InternalError'],
    ['NoSuchBucket', 404, 'HTTP 404 NoSuchBucket'],
  ])('turns %s (%i) into StorageUnavailableError naming the location, not what the store said', (name, status, reason) => {
    const failure = storageFailure(LOCATION, answered(name, status));
    expect(failure).toEqual(new StorageUnavailableError(LOCATION, reason));
    expect((failure as Error).message).not.toContain(SECRET);
    expect((failure as Error).message).not.toContain('AKIDEXAMPLE');
  });

  it('leaves a missing key and the errors of our own making as they are', () => {
    const missing = answered('NoSuchKey', 404);
    expect(storageFailure(LOCATION, missing)).toBe(missing);
    const ours = new Error('a blob is named by a lowercase hex SHA-256');
    expect(storageFailure(LOCATION, ours)).toBe(ours);
  });

  it('turns a refused or timed-out connection into StorageUnavailableError', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });
    expect(storageFailure(LOCATION, refused)).toEqual(new StorageUnavailableError(LOCATION, 'cannot connect (ECONNREFUSED)'));
    const everyAddress = new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })]);
    expect(storageFailure(LOCATION, everyAddress)).toEqual(new StorageUnavailableError(LOCATION, 'cannot connect (ECONNREFUSED)'));
    const timedOut = Object.assign(new Error('socket timed out'), { name: 'TimeoutError' });
    expect(storageFailure(LOCATION, timedOut)).toEqual(new StorageUnavailableError(LOCATION, 'timed out'));
  });
});
