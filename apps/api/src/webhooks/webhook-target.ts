import { TARGET_TYPES, type TargetType, type WebhookTarget } from '@herald/contracts';

export const TARGET_URL_MAX_LENGTH = 2048;
const EMAIL_MAX_LENGTH = 254;
const EMAIL_LOCAL_MAX_LENGTH = 64;

const TARGET_KEYS: Record<TargetType, readonly string[]> = { email: ['type', 'to'], json: ['type', 'url'], slack: ['type', 'url'] };

/**
 * One plain `local@domain`: a dot-atom local part and a dotted host name, nothing else. No
 * display name, group, list, quotes, comments or line breaks: nodemailer would otherwise read
 * `a@x.com\r\nBcc: b@y.com` or `a@x.com, b@y.com` as other recipients.
 */
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const PLAIN_EMAIL = new RegExp(`^${ATOM}(?:\\.${ATOM})*@${LABEL}(?:\\.${LABEL})*$`);

/** Any whitespace or control character (C0, DEL, C1), which URL parsing would silently drop. */
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f]/;

export type TargetParse = { target: WebhookTarget; problems: [] } | { target: null; problems: string[] };

/**
 * Reads a target as a client sent it: an object whose `type` picks the shape, with nothing but
 * that shape's properties. URLs come back normalised (what is checked is what is called).
 */
export function parseTarget(value: unknown): TargetParse {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail([`target must be an object such as {"type":"json","url":"https://…"}; type is one of ${TARGET_TYPES.join(', ')}`]);
  }
  const raw = value as Record<string, unknown>;
  if (raw.type === undefined) return fail([`target.type is required: one of ${TARGET_TYPES.join(', ')}`]);
  if (typeof raw.type !== 'string' || !(TARGET_TYPES as readonly string[]).includes(raw.type)) {
    return fail([`target.type must be one of the following values: ${TARGET_TYPES.join(', ')}`]);
  }
  const type = raw.type as TargetType;
  const problems = Object.keys(raw)
    .filter((key) => !TARGET_KEYS[type].includes(key))
    .map((key) => `property target.${safeName(key)} should not exist for target type ${type}`);

  if (type === 'email') {
    const to = raw.to;
    const toProblems = to === undefined ? ['target.to is required for an email target'] : emailProblems(to);
    problems.push(...toProblems);
    return problems.length > 0 ? fail(problems) : { target: { type, to: to as string }, problems: [] };
  }
  if (raw.url === undefined) return fail([...problems, `target.url is required for a ${type} target`]);
  const url = parseTargetUrl(raw.url);
  if (typeof url === 'string') return fail([...problems, url]);
  return problems.length > 0 ? fail(problems) : { target: { type, url: url.href }, problems: [] };
}

function fail(problems: string[]): TargetParse {
  return { target: null, problems };
}

/** A property name fit to repeat in a message (ValidationPipe names unknown properties too). */
function safeName(key: string): string {
  return /^[A-Za-z0-9_$-]{1,64}$/.test(key) ? key : JSON.stringify(key.slice(0, 64));
}

function emailProblems(to: unknown): string[] {
  const plain = 'target.to must be one plain email address such as ops@example.com (no display name, list, group, quotes, comments or line breaks)';
  if (typeof to !== 'string') return [plain];
  if (to.length > EMAIL_MAX_LENGTH) return [`target.to must be at most ${EMAIL_MAX_LENGTH} characters`];
  if (!PLAIN_EMAIL.test(to) || to.indexOf('@') > EMAIL_LOCAL_MAX_LENGTH) return [plain];
  return [];
}

/** The parsed URL, or the one problem that makes it unusable as a target. */
export function parseTargetUrl(value: unknown): URL | string {
  if (typeof value !== 'string' || value === '') return 'target.url must be an absolute http(s) URL';
  if (value.length > TARGET_URL_MAX_LENGTH) return `target.url must be at most ${TARGET_URL_MAX_LENGTH} characters`;
  // URL parsing strips and drops these silently, so what was checked would not be what was meant.
  if (WHITESPACE_OR_CONTROL.test(value)) return 'target.url must not contain whitespace or control characters';
  if (value.includes('\\')) return 'target.url must not contain backslashes';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'target.url must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'target.url must use the http or https scheme';
  if (url.username !== '' || url.password !== '' || authorityOf(value).includes('@')) {
    return 'target.url must not contain credentials (user:password@); use the signing secret to authenticate';
  }
  if (url.hostname === '') return 'target.url must name a host';
  if (url.href.length > TARGET_URL_MAX_LENGTH) return `target.url must be at most ${TARGET_URL_MAX_LENGTH} characters`;
  return url;
}

/** The text between `scheme://` and the path, as the client wrote it (`http://@host/` has an empty userinfo). */
function authorityOf(value: string): string {
  const start = value.indexOf('//');
  if (start < 0) return '';
  const rest = value.slice(start + 2);
  const end = rest.search(/[/?#]/);
  return end < 0 ? rest : rest.slice(0, end);
}
