import { PermanentDeliveryError, RetryableDeliveryError } from './delivery-errors';
import { redactor } from './redact';
import { smtpError } from './smtp-outcome';

const redact = redactor(['hunter2-secret', encodeURIComponent('hunter2-secret')]);
const failure = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'failed')), fields);

describe('smtpError', () => {
  it('ends the delivery on a 5xx reply and keeps the reply', () => {
    const error = smtpError('mail:587', failure({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user', command: 'RCPT TO' }), redact);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error.message).toBe('mail server mail:587 rejected the mail at RCPT TO: 550 5.1.1 No such user');
    expect(error.statusCode).toBe(550);
    expect(error.responseBody).toBe('550 5.1.1 No such user');
  });

  it('retries a 4xx reply', () => {
    const error = smtpError('mail:587', failure({ code: 'EMESSAGE', responseCode: 451, response: '451 4.3.0 try again', command: 'DATA' }), redact);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error.message).toBe('mail server mail:587 deferred the mail at DATA: 451 4.3.0 try again');
  });

  it('retries a refused login, which is Herald’s configuration, and hides the password', () => {
    const error = smtpError('mail:587', failure({ code: 'EAUTH', responseCode: 535, response: '535 bad password hunter2-secret', command: 'AUTH PLAIN' }), redact);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error.message).toBe("mail server mail:587 refused Herald's login (check SMTP_URL): 535 bad password ****");
    expect(error.responseBody).not.toContain('hunter2');
  });

  it('names the system error of a failed connection', () => {
    expect(smtpError('mail:587', failure({ code: 'ESOCKET', message: 'connect ECONNREFUSED 10.0.0.1:587' }), redact).message).toBe('connection to mail server mail:587 failed (ECONNREFUSED)');
    expect(smtpError('mail:587', failure({ code: 'ETIMEDOUT', message: 'Greeting never received' }), redact).message).toBe('connection to mail server mail:587 timed out');
    expect(smtpError('mail:587', failure({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' }), redact).message).toBe('connection to mail server mail:587 failed (ECONNECTION: Connection closed unexpectedly)');
  });

  it('says why TLS failed', () => {
    const error = smtpError('mail:587', failure({ code: 'ESOCKET', message: 'certificate has expired' }), redact);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error.message).toBe('TLS with mail server mail:587 failed: certificate has expired');
  });

  it('ends a mail refused before it was sent', () => {
    expect(smtpError('mail:587', failure({ code: 'EENVELOPE', message: 'No recipients defined' }), redact)).toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('redactor', () => {
  it('replaces every occurrence of each secret, longest first', () => {
    const hide = redactor(['abc', 'abcdef', null, '', false]);
    expect(hide('x abcdef y abc z')).toBe('x **** y **** z');
    expect(redactor([])('unchanged')).toBe('unchanged');
  });
});
