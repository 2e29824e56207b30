import type { LoggerService } from '@nestjs/common';
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import pino, { type Logger } from 'pino';

/** pino's method for each of the Temporal SDK's levels. */
const SDK_LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/**
 * The worker logs as the API does: pino JSON lines on stdout at LOG_LEVEL, each with its `context`
 * (the class that wrote it), which `npm start` shows as readable lines and a log collector reads
 * as they are. One root logger serves Nest and the Temporal SDK.
 */
export function workerLogger(level: string): Logger {
  return pino({ level });
}

/** Nest's logger interface over the root pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }

  error(message: unknown, stackOrContext?: string, context?: string): void {
    // Nest passes (message, stack, context), or (message, context) when there is no stack.
    const stack = context === undefined ? undefined : stackOrContext;
    this.write('error', message, context ?? stackOrContext, stack);
  }

  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }

  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  private write(level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: unknown, context?: string, stack?: string): void {
    const fields = { ...(context ? { context } : {}), ...(stack ? { err: { stack } } : {}) };
    if (message instanceof Error) this.root[level]({ ...fields, err: message }, message.message);
    else this.root[level](fields, typeof message === 'string' ? message : JSON.stringify(message));
  }
}

/** The Temporal SDK's own logs (the core's, at WARN and above) through the same root logger. */
export function temporalSdkLogger(root: Logger): DefaultLogger {
  return new DefaultLogger('WARN', (entry: LogEntry) => root[SDK_LEVELS[entry.level]]({ context: 'TemporalSDK', ...entry.meta }, entry.message));
}
