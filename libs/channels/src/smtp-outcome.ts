import { PermanentDeliveryError, RetryableDeliveryError } from './delivery-errors';
import { oneLine } from './notification-text';

/** What nodemailer puts on its errors (lib/smtp-connection `_formatError`). */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

const REPLY_LIMIT = 1024;

function commandPhase(command: string | undefined): string {
  if (!command) return '';
  if (command.startsWith('RCPT')) return ' at RCPT TO';
  if (command.startsWith('MAIL')) return ' at MAIL FROM';
  if (command === 'DATA') return ' at DATA';
  return '';
}

/** The system error behind a socket failure (`ECONNREFUSED`), read from the message nodemailer keeps. */
function systemCode(failure: SmtpFailure): string {
  const match = /\b(E[A-Z][A-Z0-9_]{2,})\b/.exec(failure.message ?? '');
  return match ? match[1] : (failure.code ?? 'ERROR');
}

/**
 * The contract's rule for SMTP: a 4xx reply and anything that got no reply (refused, reset,
 * timed out) is worth another attempt; a 5xx reply (550 mailbox unavailable, 553, 554) ends the
 * delivery, with the reply kept in the attempt record.
 */
export function smtpError(server: string, error: unknown, redact: (text: string) => string): RetryableDeliveryError | PermanentDeliveryError {
  const failure = (error ?? {}) as SmtpFailure;
  const reply = failure.response ? redact(oneLine(failure.response)).slice(0, REPLY_LIMIT) : null;
  if (reply && failure.responseCode) {
    const info = { statusCode: failure.responseCode, responseBody: reply };
    // A refused login is Herald's own SMTP_URL being wrong, not the recipient: fixing the
    // configuration lets the next attempt through, so it must not end the delivery.
    if (failure.code === 'EAUTH') return new RetryableDeliveryError(`mail server ${server} refused Herald's login (check SMTP_URL): ${reply}`, null, info);
    const phase = commandPhase(failure.command);
    if (failure.responseCode >= 500) return new PermanentDeliveryError(`mail server ${server} rejected the mail${phase}: ${reply}`, info);
    return new RetryableDeliveryError(`mail server ${server} deferred the mail${phase}: ${reply}`, null, info);
  }
  if (failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE') {
    // Refused before it reached the server (no recipient, message too large): a retry sends the same.
    return new PermanentDeliveryError(`the mail was not accepted for sending (${failure.code})`);
  }
  if (failure.code === 'EAUTH') return new RetryableDeliveryError(`mail server ${server} refused Herald's login (check SMTP_URL)`);
  if (failure.code === 'ETIMEDOUT') return new RetryableDeliveryError(`connection to mail server ${server} timed out`);
  // The reason (an untrusted or expired certificate, a refused connection) is what the operator
  // fixes; nodemailer overwrites the system error code, so it is read back from the message.
  const reason = redact(oneLine(failure.message ?? '')).replace(/^Error initiating TLS - /, '').slice(0, 200);
  if (failure.code === 'ETLS' || /certificate|\bTLS\b|\bSSL\b/i.test(reason)) return new RetryableDeliveryError(`TLS with mail server ${server} failed${reason ? `: ${reason}` : ''}`);
  const code = systemCode(failure);
  return new RetryableDeliveryError(`connection to mail server ${server} failed (${code === failure.code && reason ? `${code}: ${reason}` : code})`);
}
