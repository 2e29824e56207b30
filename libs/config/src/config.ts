import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_TASK_QUEUE, USERNAME_PATTERN, USERNAME_RULE } from '@herald/contracts';
import { parseBoolean, parseBytes, parseDurationMs, parseHttpUrl, parsePort } from './parse';

export type DatabaseConfig =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgresql'; url: string; schema?: string };

/**
 * Where file bytes live (HERALD_STORAGE): a folder, or an S3-compatible bucket whose credentials
 * come from the AWS SDK's usual sources (never from this variable).
 */
export type StorageConfig =
  | { kind: 'file'; root: string }
  | { kind: 's3'; bucket: string; prefix: string; endpoint?: string; region: string; forcePathStyle: boolean };

/** Every setting Herald reads, validated once at boot. Nothing else reads process.env. */
export interface HeraldConfig {
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  storage: StorageConfig;
  temporal: {
    /** Unset: `npm start` runs a dev server and passes its address here. */
    address: string;
    namespace: string;
    uiUrl: string;
    taskQueue: string;
  };
  publicUrl: string;
  /** Portal sessions end after HERALD_SESSION_IDLE without a request (and 8 h after sign-in in any case); cookies are `Secure` when HERALD_PUBLIC_URL is https. */
  portal: { sessionIdleMs: number; secureCookies: boolean };
  admin: { username: string; password: string | null };
  mail: { smtpUrl: string | null; from: string; dropDir: string };
  targets: { allowPrivate: boolean; slackUrlPrefix: string };
  delivery: { retryScheduleMs: number[]; attemptTimeoutMs: number; maxRetryAfterMs: number };
  /** HERALD_PUBLISH_QUIET: how long a version's uploads stay quiet before maven.version.published / python.version.published. */
  publishQuietMs: number;
  /** Blob garbage collection: a run each HERALD_BLOB_GC_EVERY frees blobs no file has pointed at for HERALD_BLOB_GC_GRACE. */
  blobGc: { everyMs: number; graceMs: number };
  maxUploadBytes: number;
  /** 32 bytes: encrypts webhook secrets and Slack URLs at rest. */
  secretKey: Buffer;
  logLevel: string;
  /** HERALD_WORKER_METRICS_PORT on HOST: the worker's Prometheus endpoint; 0 = any free port, null = off. */
  workerMetricsPort: number | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Variables whose rejected value must not be echoed: they hold passwords or keys. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'SMTP_URL', 'HERALD_ADMIN_PASSWORD', 'HERALD_SECRET_KEY']);

function read<T>(env: Env, name: string, fallback: string, parse: (raw: string) => T | undefined, expected: string): T {
  const raw = env[name] ?? fallback;
  const value = parse(raw);
  if (value === undefined) {
    const got = SECRET_VARIABLES.has(name) ? '' : `, got ${JSON.stringify(raw)}`;
    throw new ConfigError(name, `expected ${expected}${got}`);
  }
  return value;
}

function nonEmpty(raw: string): string | undefined {
  return raw.trim() === '' ? undefined : raw.trim();
}

function parseDatabaseUrl(raw: string): DatabaseConfig | undefined {
  const url = parseHttpUrl(raw, ['postgres:', 'postgresql:']);
  if (!url || !url.hostname || url.pathname.length < 2) return undefined;
  return { dialect: 'postgresql', url: raw };
}

const S3_OPTIONS = new Set(['endpoint', 'region', 'forcePathStyle']);

/** `file:` (under DATA_DIR), `file:/some/folder`, or `s3://bucket/prefix?endpoint=…&region=…&forcePathStyle=true`. */
export function parseStorage(raw: string, dataDir: string): StorageConfig | undefined {
  if (raw === 'file:' || raw === 'file://') return { kind: 'file', root: dataDir };
  if (raw.startsWith('file:')) {
    const folder = raw.replace(/^file:(\/\/)?/, '');
    return isAbsolute(folder) ? { kind: 'file', root: folder } : undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 's3:' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(url.hostname) || url.username || url.password) return undefined;
  if ([...url.searchParams.keys()].some((key) => !S3_OPTIONS.has(key))) return undefined;
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined && !parseHttpUrl(endpoint)) return undefined;
  const forcePathStyle = parseBoolean(url.searchParams.get('forcePathStyle') ?? 'false');
  if (forcePathStyle === undefined) return undefined;
  const prefix = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
  return { kind: 's3', bucket: url.hostname, prefix: prefix === '' ? '' : `${prefix}/`, endpoint, region: url.searchParams.get('region') ?? 'us-east-1', forcePathStyle };
}

function parseRetrySchedule(raw: string): number[] | undefined {
  if (raw.trim() === '') return [];
  const waits = raw.split(',').map((part) => parseDurationMs(part));
  return waits.every((wait): wait is number => wait !== undefined) ? waits : undefined;
}

/** The key from HERALD_SECRET_KEY (base64 or hex of 32 bytes), or generated once into DATA_DIR. */
function loadSecretKey(env: Env, dataDir: string): Buffer {
  const raw = env.HERALD_SECRET_KEY;
  if (raw !== undefined && raw !== '') {
    const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (key.length !== 32) throw new ConfigError('HERALD_SECRET_KEY', 'expected 32 bytes as base64 or 64 hex digits');
    return key;
  }
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ConfigError('HERALD_SECRET_KEY', `${file} does not hold 32 bytes of base64`);
  return key;
}

export function loadConfig(env: Env = process.env): HeraldConfig {
  const port = read(env, 'PORT', '8080', parsePort, 'a port number');
  const host = read(env, 'HOST', '127.0.0.1', nonEmpty, 'a host name or address');
  const dataDirRaw = read(env, 'DATA_DIR', './data', nonEmpty, 'a folder');
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(process.cwd(), dataDirRaw);

  const database: DatabaseConfig = env.DATABASE_URL
    ? read(env, 'DATABASE_URL', '', parseDatabaseUrl, 'postgres://user:pass@host:5432/db')
    : { dialect: 'sqlite', file: join(dataDir, 'herald.sqlite') };

  const storage = read(env, 'HERALD_STORAGE', 'file:', (raw) => parseStorage(raw.trim(), dataDir), 'file:, file:/absolute/folder or s3://bucket/prefix?endpoint=…&region=…&forcePathStyle=true');
  const temporalAddress = read(env, 'TEMPORAL_ADDRESS', '127.0.0.1:7233', (raw) => (/^[^\s/]+:\d+$/.test(raw) ? raw : undefined), 'host:port');
  const publicUrl = read(env, 'HERALD_PUBLIC_URL', `http://localhost:${port}`, (raw) => parseHttpUrl(raw)?.toString().replace(/\/$/, ''), 'an http(s) URL');
  const smtpUrl = env.SMTP_URL ? read(env, 'SMTP_URL', '', (raw) => (parseHttpUrl(raw, ['smtp:', 'smtps:']) ? raw : undefined), 'smtp://user:pass@host:port or smtps://…') : null;

  return {
    host,
    port,
    dataDir,
    database,
    storage,
    temporal: {
      address: temporalAddress,
      namespace: read(env, 'TEMPORAL_NAMESPACE', 'default', nonEmpty, 'a namespace'),
      uiUrl: read(env, 'TEMPORAL_UI_URL', 'http://localhost:8233', (raw) => parseHttpUrl(raw)?.toString().replace(/\/$/, ''), 'an http(s) URL'),
      taskQueue: read(env, 'HERALD_TASK_QUEUE', DEFAULT_TASK_QUEUE, nonEmpty, 'a task queue name'),
    },
    publicUrl,
    portal: {
      sessionIdleMs: read(env, 'HERALD_SESSION_IDLE', '30m', (raw) => {
        const ms = parseDurationMs(raw);
        return ms !== undefined && ms >= 1_000 && ms <= 8 * 3_600_000 ? ms : undefined;
      }, 'a duration from 1s to 8h such as 30m'),
      secureCookies: publicUrl.startsWith('https:'),
    },
    admin: {
      username: read(env, 'HERALD_ADMIN_USER', 'admin', (raw) => (USERNAME_PATTERN.test(raw) ? raw : undefined), USERNAME_RULE),
      password: env.HERALD_ADMIN_PASSWORD ? read(env, 'HERALD_ADMIN_PASSWORD', '', (raw) => (raw.length >= 8 ? raw : undefined), 'at least 8 characters') : null,
    },
    mail: {
      smtpUrl,
      from: read(env, 'MAIL_FROM', 'Herald <herald@localhost>', (raw) => (/[\r\n]/.test(raw) || !raw.includes('@') ? undefined : raw), 'an address such as "Herald <herald@example.com>"'),
      dropDir: join(dataDir, 'mail'),
    },
    targets: {
      allowPrivate: read(env, 'HERALD_ALLOW_PRIVATE_TARGETS', 'false', parseBoolean, 'true or false'),
      slackUrlPrefix: read(env, 'HERALD_SLACK_URL_PREFIX', 'https://hooks.slack.com/services/', (raw) => (parseHttpUrl(raw) ? raw : undefined), 'an http(s) URL prefix'),
    },
    delivery: {
      retryScheduleMs: read(env, 'HERALD_RETRY_SCHEDULE', '5s,5m,30m,2h,5h,10h,10h', parseRetrySchedule, 'a comma-separated list of durations such as 5s,5m,2h'),
      attemptTimeoutMs: read(env, 'HERALD_ATTEMPT_TIMEOUT', '15s', (raw) => {
        const ms = parseDurationMs(raw);
        return ms !== undefined && ms > 0 ? ms : undefined;
      }, 'a duration such as 15s'),
      maxRetryAfterMs: 3_600_000,
    },
    publishQuietMs: read(env, 'HERALD_PUBLISH_QUIET', '10s', (raw) => {
      const ms = parseDurationMs(raw);
      return ms !== undefined && ms >= 100 && ms <= 3_600_000 ? ms : undefined;
    }, 'a duration from 100ms to 1h such as 10s'),
    blobGc: {
      // Temporal refuses schedule intervals under a second.
      everyMs: read(env, 'HERALD_BLOB_GC_EVERY', '1h', (raw) => {
        const ms = parseDurationMs(raw);
        return ms !== undefined && ms >= 1_000 ? ms : undefined;
      }, 'a duration of at least 1s such as 1h'),
      graceMs: read(env, 'HERALD_BLOB_GC_GRACE', '1h', parseDurationMs, 'a duration such as 1h, or 0'),
    },
    maxUploadBytes: read(env, 'HERALD_MAX_UPLOAD', '2GiB', (raw) => {
      const bytes = parseBytes(raw);
      return bytes !== undefined && bytes > 0 ? bytes : undefined;
    }, 'a size such as 2GiB or 500MB'),
    secretKey: loadSecretKey(env, dataDir),
    logLevel: read(env, 'LOG_LEVEL', 'info', (raw) => (['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(raw) ? raw : undefined), 'fatal, error, warn, info, debug, trace or silent'),
    workerMetricsPort: read(env, 'HERALD_WORKER_METRICS_PORT', '9464', (raw) => (raw.trim().toLowerCase() === 'off' ? null : parsePort(raw)), 'a port number, 0 for any free port, or off'),
  };
}
