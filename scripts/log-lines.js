// How `npm start` shows its processes' logs to a person: one aligned line per entry, the time,
// the level (coloured on a terminal), the process, the message and the few fields worth reading.
// The processes themselves write pino JSON (as `start:api`, `start:worker` and the compose file
// keep it, for machines); a line that is not pino JSON is shown as it came, after the process name.
'use strict';

const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const COLOURS = { TRACE: 90, DEBUG: 90, INFO: 32, WARN: 33, ERROR: 31, FATAL: 35 };
/** pino's own fields and those shown in their own place; the rest follow as key=value. */
const SHOWN_APART = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'context', 'req', 'res', 'responseTime', 'err']);
const NAME_WIDTH = 8;

function paint(colour, text, enabled) {
  return enabled ? `\u001b[${colour}m${text}\u001b[0m` : text;
}

function clock(time) {
  const at = typeof time === 'number' ? new Date(time) : new Date();
  return at.toISOString().slice(11, 23);
}

function fieldText(value) {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** An access line: `GET /path 200 12ms`, nothing of the request's headers. */
function requestText(entry) {
  if (!entry.req || !entry.res) return null;
  const took = typeof entry.responseTime === 'number' ? ` ${entry.responseTime}ms` : '';
  return `${entry.req.method} ${entry.req.url} ${entry.res.statusCode}${took}`;
}

/**
 * One line of a process's output as a person reads it. `colour` paints the level (a terminal);
 * a pino error's stack follows on its own lines, indented under the message.
 */
function formatLogLine(name, line, colour) {
  const prefix = paint(36, name.padEnd(NAME_WIDTH), colour);
  let entry;
  try {
    entry = line.startsWith('{') ? JSON.parse(line) : null;
  } catch {
    entry = null;
  }
  if (!entry || typeof entry !== 'object' || !(entry.level in LEVELS)) return `${' '.repeat(12)} ${' '.repeat(5)} ${prefix} ${line}`;
  const level = LEVELS[entry.level];
  const context = typeof entry.context === 'string' ? paint(90, `[${entry.context}] `, colour) : '';
  const message = requestText(entry) ?? (typeof entry.msg === 'string' ? entry.msg : '');
  const fields = Object.entries(entry)
    .filter(([key]) => !SHOWN_APART.has(key))
    .map(([key, value]) => `${key}=${fieldText(value)}`)
    .join(' ');
  const stack = entry.err && typeof entry.err.stack === 'string' ? `\n${entry.err.stack.replace(/^/gm, '    ')}` : '';
  return `${paint(90, clock(entry.time), colour)} ${paint(COLOURS[level], level.padEnd(5), colour)} ${prefix} ${context}${message}${fields ? ` ${paint(90, fields, colour)}` : ''}${stack}`;
}

module.exports = { formatLogLine };
