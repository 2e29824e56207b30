import { basicAuth } from '../../support/credentials';

/** Who a case speaks as; resolved to an Authorization header by the test. */
export type Speaker = 'admin' | 'deployer' | 'reader' | 'deployer-token';

/** One malformed or hostile request and the status the contract (or HTTP) documents for it. */
export interface HostileRequest {
  name: string;
  method?: string;
  /** Sent byte for byte. `{hook}` is replaced by a real webhook id. */
  path?: string;
  as?: Speaker;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** A whole request written onto the socket as it is, for what node:http refuses to send. */
  raw?: (credentials: Record<Speaker, string>) => string;
  expect: number;
  /** Must not appear in the answer (its head and body): a secret, a foreign redirect. */
  absent?: RegExp;
}

const json = { 'content-type': 'application/json' };
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const webhook = (target: Record<string, string>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ repository: 'corpus', target, events: ['file.uploaded'], ...extra });
const jsonTarget = (url: string) => webhook({ type: 'json', url });
const rawGet = (target: string, headers = '') => () => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`;

/** Missing, malformed and mixed-up credentials on an admin route. */
const AUTH: HostileRequest[] = [
  { name: 'admin route without credentials', path: '/api/v1/repositories', expect: 401 },
  { name: 'Authorization: "Basic" alone', path: '/api/v1/repositories', headers: { authorization: 'Basic' }, expect: 401 },
  { name: 'Basic without a colon', path: '/api/v1/repositories', headers: { authorization: `Basic ${b64('admin')}` }, expect: 401 },
  { name: 'Basic with an empty password', path: '/api/v1/repositories', headers: { authorization: `Basic ${b64('admin:')}` }, expect: 401 },
  { name: 'Basic with an empty username', path: '/api/v1/repositories', headers: { authorization: `Basic ${b64(':faults-admin-password')}` }, expect: 401 },
  { name: 'Basic with a wrong password', path: '/api/v1/repositories', headers: { authorization: basicAuth('admin', 'wrong-password') }, expect: 401 },
  { name: 'Basic that is not base64', path: '/api/v1/repositories', headers: { authorization: 'Basic !!!not-base64!!!' }, expect: 401 },
  { name: 'Basic with a NUL in the username', path: '/api/v1/repositories', headers: { authorization: `Basic ${b64('adm\u0000in:faults-admin-password')}` }, expect: 401 },
  { name: 'Basic with a NUL in the password', path: '/api/v1/repositories', headers: { authorization: `Basic ${b64('admin:faults-admin-password\u0000')}` }, expect: 401 },
  { name: 'Basic with a 300-character username', path: '/api/v1/repositories', headers: { authorization: basicAuth('a'.repeat(300), 'x') }, expect: 401 },
  { name: 'lower-case scheme "basic" with good credentials', path: '/api/v1/repositories', headers: { authorization: `basic ${b64('admin:faults-admin-password')}` }, expect: 200 },
  { name: 'upper-case scheme "BASIC" with a wrong password', path: '/api/v1/repositories', headers: { authorization: `BASIC ${b64('admin:nope')}` }, expect: 401 },
  { name: 'Bearer alone', path: '/api/v1/repositories', headers: { authorization: 'Bearer' }, expect: 401 },
  { name: 'Bearer with token-like garbage', path: '/api/v1/repositories', headers: { authorization: 'Bearer hrd_abc_def_ghi' }, expect: 401 },
  { name: 'Bearer with 8 KB of garbage', path: '/api/v1/repositories', headers: { authorization: `Bearer ${'x'.repeat(8_000)}` }, expect: 401 },
  { name: 'Digest scheme', path: '/api/v1/repositories', headers: { authorization: 'Digest username="admin", realm="Herald"' }, expect: 401 },
  { name: 'a deployer on an admin route', path: '/api/v1/repositories', as: 'deployer', expect: 403 },
  { name: 'a reader on an admin route', path: '/api/v1/users', as: 'reader', expect: 403 },
  { name: "a deployer's token as Bearer on an admin route", path: '/api/v1/webhooks', as: 'deployer-token', expect: 403 },
  {
    name: "a deployer's token under the admin's username",
    path: '/api/v1/repositories',
    raw: (c) => `GET /api/v1/repositories HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic ${b64(`admin:${c['deployer-token'].slice('Bearer '.length)}`)}\r\nConnection: close\r\n\r\n`,
    expect: 401,
  },
  {
    name: 'two Authorization headers, a reader first and the admin second',
    raw: (c) => `GET /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${c.reader}\r\nAuthorization: ${c.admin}\r\nConnection: close\r\n\r\n`,
    expect: 403,
  },
  { name: 'Authorization broken by a CR LF', raw: rawGet('/api/v1/users', 'Authorization: Basic\r\n YWRtaW46\r\n'), expect: 400 },
];

/** Spellings of /api/v1 that must not reach a handler without credentials. */
const PATHS: HostileRequest[] = [
  { name: '/api/v1/../api/v1/', path: '/api/v1/../api/v1/repositories', expect: 404 },
  { name: '//api/v1', path: '//api/v1/repositories', expect: 404 },
  { name: '/API/V1 in capitals, no credentials', path: '/API/V1/REPOSITORIES', expect: 401 },
  { name: '%2e%2e segment', path: '/api/v1/%2e%2e/api/v1/repositories', expect: 404 },
  { name: 'encoded slash', path: '/api/v1%2frepositories', expect: 404 },
  { name: 'trailing dot', path: '/api/v1/repositories.', expect: 404 },
  { name: 'trailing slash, no credentials', path: '/api/v1/repositories/', expect: 401 },
  { name: 'matrix parameter', path: '/api/v1/repositories;jsessionid=x', expect: 404 },
  { name: './ segment', path: '/api/v1/./repositories', expect: 404 },
  { name: 'backslash for a slash', raw: rawGet('/api\\v1\\repositories'), expect: 404 },
  { name: 'absolute-form request target', raw: rawGet('http://127.0.0.1/api/v1/repositories'), expect: 401 },
  { name: 'asterisk request target', raw: () => 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', expect: 404 },
  { name: 'X-HTTP-Method-Override to DELETE', method: 'POST', path: '/api/v1/repositories/corpus', headers: { 'x-http-method-override': 'DELETE' }, as: 'admin', expect: 404 },
  { name: 'TRACE', method: 'TRACE', path: '/api/v1/repositories', expect: 404 },
  { name: 'a webhook id with a NUL', path: '/api/v1/webhooks/{hook}%00', as: 'admin', expect: 404 },
  { name: 'a repository name with a NUL', path: '/api/v1/repositories/cor%00pus', as: 'admin', expect: 404 },
  { name: 'a delivery id with a NUL', method: 'POST', path: '/api/v1/deliveries/dlv%00/redeliver', as: 'admin', expect: 404 },
  { name: 'a token for a user name with a NUL', method: 'POST', path: '/api/v1/users/dep%00/tokens', as: 'admin', headers: json, body: '{}', expect: 404 },
  { name: 'a webhook id climbing up', path: '/api/v1/webhooks/..%2f..%2fhealthz', as: 'admin', expect: 404 },
  { name: 'a user name with an encoded NUL', method: 'DELETE', path: '/api/v1/users/adm%00in', as: 'admin', expect: 404 },
  { name: 'a delivery id of path tricks', path: '/api/v1/deliveries/%2e%2e%2f%2e%2e', as: 'admin', expect: 404 },
];

/** Bodies that are not what the route takes. */
const BODIES: HostileRequest[] = [
  { name: 'truncated JSON', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: '{"name":', expect: 400 },
  { name: 'a JSON array', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: '[]', expect: 400 },
  { name: 'JSON null', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: 'null', expect: 400 },
  { name: 'a JSON string', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: '"corpus"', expect: 400 },
  { name: 'a number for the name', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: '{"name":123}', expect: 400 },
  { name: 'an array for the name', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: '{"name":["a"]}', expect: 400 },
  { name: 'an unknown policy', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: '{"name":"p1","policy":"everything"}', expect: 400 },
  { name: 'a traversing repository name', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: '{"name":"../etc"}', expect: 400 },
  { name: 'a 1000-character repository name', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: JSON.stringify({ name: 'a'.repeat(1000) }), expect: 400 },
  { name: '__proto__ smuggled in', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: '{"name":"p2","__proto__":{"role":"admin"}}', expect: 400 },
  { name: 'constructor.prototype smuggled in', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: '{"name":"p3","constructor":{"prototype":{"x":1}}}', expect: 400 },
  { name: 'JSON sent as text/plain', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: { 'content-type': 'text/plain' }, body: '{"name":"p4"}', expect: 400 },
  { name: 'a charset body-parser cannot read', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: { 'content-type': 'application/json; charset=latin1' }, body: '{"name":"p5"}', expect: 415 },
  { name: 'a 2 MB JSON body', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: JSON.stringify({ name: 'p6', padding: 'x'.repeat(2_000_000) }), expect: 413 },
  { name: 'JSON nested 5000 deep', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: `{"name":${nested(5000)}}`, expect: 400 },
  { name: 'gzip declared, not gzip sent', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: { ...json, 'content-encoding': 'gzip' }, body: '{"name":"p7"}', expect: 400 },
  { name: 'an unknown content encoding', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: { ...json, 'content-encoding': 'br2' }, body: '{"name":"p8"}', expect: 415 },
  { name: 'a user with a short password', method: 'POST', path: '/api/v1/users', as: 'admin', headers: json, body: '{"username":"u1","password":"short","role":"deployer"}', expect: 400 },
  { name: 'a user name with a space', method: 'POST', path: '/api/v1/users', as: 'admin', headers: json, body: '{"username":"u 2","password":"long-enough-1","role":"deployer"}', expect: 400 },
  { name: 'a user name with a NUL', method: 'POST', path: '/api/v1/users', as: 'admin', headers: json, body: '{"username":"u\\u00003","password":"long-enough-1","role":"deployer"}', expect: 400 },
  { name: 'an unknown role', method: 'POST', path: '/api/v1/users', as: 'admin', headers: json, body: '{"username":"u4","password":"long-enough-1","role":"superuser"}', expect: 400 },
  { name: 'a token for a user who does not exist', method: 'POST', path: '/api/v1/users/nobody/tokens', as: 'admin', headers: json, body: '{}', expect: 404 },
  { name: 'a NUL in a token name', method: 'POST', path: '/api/v1/users/dep/tokens', as: 'admin', headers: json, body: '{"name":"ci\\u0000"}', expect: 400 },
  { name: 'a NUL in a field name', method: 'POST', path: '/api/v1/repositories', as: 'admin', headers: json, body: '{"name":"p9","x\\u0000":1}', expect: 400 },
  { name: 'a number for a token name', method: 'POST', path: '/api/v1/users/dep/tokens', as: 'admin', headers: json, body: '{"name":5}', expect: 400 },
];

/** Webhook targets that point inside, or smuggle something in. HERALD_ALLOW_PRIVATE_TARGETS is false here. */
const TARGETS: HostileRequest[] = [
  ...[
    ['loopback', 'http://127.0.0.1/hook'],
    ['localhost', 'http://localhost/hook'],
    ['localhost with a trailing dot', 'http://localhost./hook'],
    ['hex IPv4', 'http://0x7f.0.0.1/hook'],
    ['decimal IPv4', 'http://2130706433/hook'],
    ['short IPv4', 'http://127.1/hook'],
    ['0.0.0.0 as 0', 'http://0/hook'],
    ['IPv6 loopback', 'http://[::1]/hook'],
    ['IPv4-mapped IPv6', 'http://[::ffff:127.0.0.1]/hook'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['private 10/8', 'http://10.0.0.1/hook'],
    ['file scheme', 'file:///etc/passwd'],
    ['gopher scheme', 'gopher://127.0.0.1:25/_HELO'],
    ['credentials in the URL', 'https://user:secret@example.com/hook'],
    ['a CR LF in the URL', 'https://example.com/hook\r\nX-Injected: 1'],
  ].map(([name, url]): HostileRequest => ({ name: `json target: ${name}`, method: 'POST', path: '/api/v1/webhooks', as: 'admin', headers: json, body: jsonTarget(url), expect: 400 })),
  { name: 'email target with a Bcc injected', method: 'POST', path: '/api/v1/webhooks', as: 'admin', headers: json, body: webhook({ type: 'email', to: 'ops@example.com\r\nBcc: victim@example.com' }), expect: 400 },
  { name: 'email target with a list', method: 'POST', path: '/api/v1/webhooks', as: 'admin', headers: json, body: webhook({ type: 'email', to: 'a@example.com, b@example.com' }), expect: 400 },
  { name: 'slack target off the Slack prefix', method: 'POST', path: '/api/v1/webhooks', as: 'admin', headers: json, body: webhook({ type: 'slack', url: 'https://hooks.slack.com.evil.example/services/T/B/X' }), expect: 400 },
  { name: 'an unknown target type', method: 'POST', path: '/api/v1/webhooks', as: 'admin', headers: json, body: webhook({ type: 'sms', to: '+15550100' }), expect: 400 },
  { name: 'an unknown event type', method: 'POST', path: '/api/v1/webhooks', as: 'admin', headers: json, body: JSON.stringify({ repository: 'corpus', target: { type: 'email', to: 'ops@example.com' }, events: ['file.everything'] }), expect: 400 },
  { name: 'a NUL in a description', method: 'POST', path: '/api/v1/webhooks', as: 'admin', headers: json, body: webhook({ type: 'email', to: 'ops@example.com' }, { description: 'a\u0000b' }), expect: 400 },
  { name: 'a 10 KB description', method: 'POST', path: '/api/v1/webhooks', as: 'admin', headers: json, body: webhook({ type: 'email', to: 'ops@example.com' }, { description: 'x'.repeat(10_000) }), expect: 400 },
  { name: 'PATCH a target to loopback', method: 'PATCH', path: '/api/v1/webhooks/{hook}', as: 'admin', headers: json, body: JSON.stringify({ target: { type: 'json', url: 'http://127.0.0.1:8080/' } }), expect: 400 },
  { name: 'PATCH active as a string', method: 'PATCH', path: '/api/v1/webhooks/{hook}', as: 'admin', headers: json, body: '{"active":"false"}', expect: 400 },
  { name: 'events?type= unknown', path: '/api/v1/events?type=bogus', as: 'admin', expect: 400 },
  { name: 'events?limit=-1', path: '/api/v1/events?limit=-1', as: 'admin', expect: 400 },
  { name: 'events?limit=1e9', path: '/api/v1/events?limit=1000000000', as: 'admin', expect: 400 },
  { name: 'an operator smuggled into a query', path: '/api/v1/events?repository[$ne]=x', as: 'admin', expect: 400 },
  { name: 'a NUL in a query value', path: '/api/v1/webhooks?repository=%00', as: 'admin', expect: 400 },
  { name: 'a NUL in an events filter', path: '/api/v1/events?repository=cor%00pus', as: 'admin', expect: 400 },
  { name: 'a deliveries cursor of garbage', path: '/api/v1/webhooks/{hook}/deliveries?cursor=%27%20or%201%3D1--', as: 'admin', expect: 400 },
  { name: 'a deliveries page of 100000', path: '/api/v1/webhooks/{hook}/deliveries?limit=100000', as: 'admin', expect: 400 },
];

const artifact = '/repositories/corpus/com/example/corpus/1.0/corpus-1.0.jar';

/** The files protocol: traversal, encodings, limits, smuggling. */
const FILES: HostileRequest[] = [
  { name: 'raw ../ traversal', raw: rawGet('/repositories/corpus/../../etc/passwd', `Authorization: ${basicAuth('admin', 'faults-admin-password')}\r\n`), expect: 400 },
  { name: '%2e%2e traversal', path: '/repositories/corpus/%2e%2e/%2e%2e/etc/passwd', as: 'admin', expect: 400 },
  { name: '..%2f traversal', path: '/repositories/corpus/..%2fsecret', as: 'admin', expect: 400 },
  { name: 'overlong UTF-8 dots', path: '/repositories/corpus/%c0%ae%c0%ae/secret', as: 'admin', expect: 400 },
  { name: 'encoded backslash', path: '/repositories/corpus/a%5cb', as: 'admin', expect: 400 },
  { name: 'raw backslash', raw: rawGet('/repositories/corpus/a\\..\\b', `Authorization: ${basicAuth('admin', 'faults-admin-password')}\r\n`), expect: 400 },
  { name: 'encoded NUL', path: '/repositories/corpus/a%00b.jar', as: 'admin', expect: 400 },
  { name: 'encoded CR LF', method: 'PUT', path: '/repositories/corpus/a%0d%0aSet-Cookie:x.jar', as: 'admin', body: 'x', expect: 400 },
  { name: 'invalid percent-encoding', path: '/repositories/corpus/%E0%A4%A', as: 'admin', expect: 400 },
  { name: 'an empty segment', path: '/repositories/corpus/a//b.jar', as: 'admin', expect: 400 },
  { name: 'a ./ segment', path: '/repositories/corpus/./a.jar', as: 'admin', expect: 400 },
  { name: 'a repository name climbing up', raw: rawGet('/repositories/../corpus/a.jar'), expect: 400 },
  { name: 'PUT without credentials', method: 'PUT', path: '/repositories/corpus/x/anon.jar', body: 'x', expect: 401 },
  { name: 'PUT anonymously into a public repository', method: 'PUT', path: '/repositories/corpus-public/x/anon.jar', body: 'x', expect: 401 },
  { name: 'GET a public repository with wrong credentials', path: '/repositories/corpus-public/x/any.jar', headers: { authorization: basicAuth('admin', 'wrong') }, expect: 401 },
  { name: 'PUT as a reader', method: 'PUT', path: '/repositories/corpus/x/reader.jar', as: 'reader', body: 'x', expect: 403 },
  { name: 'DELETE as a reader', method: 'DELETE', path: artifact, as: 'reader', expect: 403 },
  { name: 'PUT with a wrong X-Checksum-Sha1', method: 'PUT', path: '/repositories/corpus/x/sum.jar', as: 'deployer', headers: { 'x-checksum-sha1': '0'.repeat(40) }, body: 'x', expect: 400 },
  { name: 'PUT over HERALD_MAX_UPLOAD', method: 'PUT', path: '/repositories/corpus/x/big.bin', as: 'deployer', body: Buffer.alloc(1024 * 1024 + 1), expect: 413 },
  { name: 'PUT overwriting a release', method: 'PUT', path: '/repositories/corpus-release/com/example/r/1.0/r-1.0.jar', as: 'deployer', body: 'again', expect: 409 },
  { name: 'DELETE a folder', method: 'DELETE', path: '/repositories/corpus/com/example', as: 'deployer', expect: 409 },
  { name: 'DELETE what is not there', method: 'DELETE', path: '/repositories/corpus/nothing/here.jar', as: 'deployer', expect: 404 },
  { name: 'a Range past the end', path: artifact, as: 'reader', headers: { range: 'bytes=999999-' }, expect: 416 },
  { name: 'a Range of garbage (RFC 9110 lets a server refuse it)', path: artifact, as: 'reader', headers: { range: 'bytes=abc' }, expect: 416 },
  { name: 'an Expect other than 100-continue', method: 'PUT', path: '/repositories/corpus/x/expect.jar', as: 'deployer', headers: { expect: 'teapot' }, body: 'x', expect: 417 },
  {
    name: 'Content-Length and Transfer-Encoding together (smuggling)',
    raw: (c) => `PUT /repositories/corpus/x/smuggle.jar HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${c.deployer}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET /api/v1/users HTTP/1.1\r\n\r\n`,
    expect: 400,
  },
  { name: 'a negative Content-Length', raw: (c) => `PUT /repositories/corpus/x/neg.jar HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${c.deployer}\r\nContent-Length: -1\r\nConnection: close\r\n\r\n`, expect: 400 },
  { name: 'a header value with a bare CR', raw: rawGet(artifact, 'User-Agent: maven\rX-Injected: 1\r\n'), expect: 400 },
  { name: 'a 20 KB header', path: artifact, as: 'reader', headers: { 'x-padding': 'x'.repeat(20_000) }, expect: 431 },
  { name: 'a 20 KB URL', path: `/repositories/corpus/${'a'.repeat(20_000)}.jar`, as: 'reader', expect: 431 },
  { name: 'a header name with a space', raw: rawGet(artifact, 'X Bad: 1\r\n'), expect: 400 },
];

/** The portal and the remaining routes. */
const OTHERS: HostileRequest[] = [
  { name: 'portal sign-in without the form token', method: 'POST', path: '/portal/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=admin&password=faults-admin-password', expect: 403 },
  { name: 'portal sign-in with a NUL in the user name', method: 'POST', path: '/portal/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=adm%00in&password=x&_csrf=x', expect: 400 },
  { name: 'portal sign-in with JSON garbage', method: 'POST', path: '/portal/login', headers: json, body: '{"username":', expect: 400 },
  { name: 'a portal change without a session', method: 'POST', path: '/portal/webhooks/{hook}/pause', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=x', expect: 303 },
  { name: 'a portal asset path climbing up', path: '/portal/assets/..%2f..%2fpackage.json', expect: 404 },
  { name: 'a portal open redirect after sign-in', path: '/portal/login?next=https://evil.example/', expect: 200, absent: /evil\.example/ },
  { name: 'a portal open redirect, scheme-relative', path: '/portal/login?next=//evil.example/', expect: 200, absent: /evil\.example/ },
  { name: 'metrics hold no credentials', path: '/metrics', expect: 200, absent: /faults-admin-password|whsec_/ },
  { name: 'the OpenAPI document holds no credentials', path: '/docs-json', expect: 200, absent: /faults-admin-password/ },
];

export const HOSTILE_REQUESTS: HostileRequest[] = [...AUTH, ...PATHS, ...BODIES, ...TARGETS, ...FILES, ...OTHERS];
