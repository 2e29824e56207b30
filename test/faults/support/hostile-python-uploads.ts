import { randomBytes } from 'node:crypto';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { BOUNDARY, coreMetadata, multipartBody, sdist, twineFields, wheel, zipArchive, type Distribution, type FormPart } from '../../support/python-distributions';

/** Who a case speaks as; resolved to an Authorization header by the test. */
export type Uploader = 'deployer' | 'reader' | 'wrong-password' | 'nobody';

/** A request sent whole through node:http. */
export interface WholeUpload {
  /** `/repositories/py/` unless said otherwise. */
  path?: string;
  as?: Uploader;
  /** Added to (or replacing) `content-type: multipart/form-data; boundary=…`. */
  headers?: Record<string, string>;
  body: Buffer;
}

/**
 * A request written byte for byte onto a socket, which the client then keeps open until the
 * answer (`wait`), half-closes (the answer can still come) or resets.
 */
export interface RawUpload {
  /** The request head and as much of the body as is sent, given the deployer's Authorization. */
  raw: (authorization: string) => Buffer;
  then: 'wait' | 'half-close' | 'reset';
}

/** One hostile twine upload; every one of them must leave the repository as it was. */
export interface HostileUpload {
  name: string;
  build: () => Promise<WholeUpload | RawUpload> | WholeUpload | RawUpload;
  /** The statuses allowed; 0 is a connection the server closed without an answer (or that the client reset). */
  expect: number[];
}

/** The base every "one thing broken" case starts from, at the case's own version: accepted unbroken (the test ends by uploading them). */
export const baseWheel = (version: string): Distribution => wheel('demo_lib', version);
export const baseSdist = (version: string): Distribution => sdist('demo_lib', version);

let versions = 0;
/** Each case breaks an upload of its own version: one the server wrongly takes cannot turn the next cases into 409s. */
const caseVersion = () => `2.0.${versions++}`;

const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const MiB = 1024 * 1024;

interface FormChanges {
  fields?: Record<string, string | null>;
  /** The file part's filename as written in its header (busboy reads `\\` as one backslash). */
  filename?: string;
  /** The file part's header lines, replacing the Content-Disposition and Content-Type written for it. */
  fileHeaders?: string;
  before?: FormPart[];
  after?: FormPart[];
  boundary?: string;
}

/** twine's form for `distribution`, fields first, with one thing changed. */
async function form(distribution: Distribution, changes: FormChanges = {}): Promise<Buffer> {
  const file: FormPart = { name: 'content', filename: changes.filename ?? distribution.filename, value: distribution.bytes, headers: changes.fileHeaders };
  return multipartBody([...(changes.before ?? []), ...(await twineFields(distribution, changes.fields)), file, ...(changes.after ?? [])], changes.boundary);
}

/** A case sent whole; `build` makes its body for the case's own version. */
const upload = (name: string, expect: number[], build: (version: string) => Promise<Buffer> | Buffer, extra: Omit<WholeUpload, 'body'> = {}): HostileUpload => {
  const version = caseVersion();
  return { name, expect, build: async () => ({ ...extra, body: await build(version) }) };
};

/** `count` repeatable fields of `bytes` each, as a long list of classifiers. */
const fields = (count: number, bytes = 1): FormPart[] => Array.from({ length: count }, (_, index) => ({ name: 'classifiers', value: `${index}`.padEnd(bytes, 'x') }));

/** Credentials, repository and route: refused before the body matters. */
const ACCESS: HostileUpload[] = [
  upload('no credentials', [401], (v) => form(baseWheel(v)), { as: 'nobody' }),
  upload('a wrong password', [401], (v) => form(baseWheel(v)), { as: 'wrong-password' }),
  upload('a reader', [403], (v) => form(baseWheel(v)), { as: 'reader' }),
  upload('a repository that does not exist', [404], (v) => form(baseWheel(v)), { path: '/repositories/nowhere/' }),
  upload('a maven repository', [405], (v) => form(baseWheel(v)), { path: '/repositories/mvn/' }),
  upload('a path below the repository', [404], (v) => form(baseWheel(v)), { path: '/repositories/py/packages/demo-lib/' }),
  upload('the file already there (409, nothing new)', [409], () => form(wheel('demo_lib', '1.0.0'))),
  upload('other bytes under the name already there', [409], () => form(wheel('demo_lib', '1.0.0', { metadata: coreMetadata('demo_lib', '1.0.0', { extra: 'Description: other bytes' }) }))),
];

/** Bodies that are not a well-formed multipart form. */
const MULTIPART_BODIES: HostileUpload[] = [
  upload('multipart without a boundary', [400], (v) => form(baseWheel(v)), { headers: { 'content-type': 'multipart/form-data' } }),
  upload('a boundary the body does not use', [400], (v) => form(baseWheel(v)), { headers: { 'content-type': 'multipart/form-data; boundary=not-the-one-used' } }),
  upload('cut short in the middle of the file part', [400], async (v) => {
    const body = await form(baseWheel(v));
    return body.subarray(0, body.length - 300);
  }),
  upload('cut short in the middle of a field', [400], async (v) => (await form(baseWheel(v))).subarray(0, 200)),
  upload('part headers never terminated', [400], () => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="name"\r\nX-Filler: 1\r\n`)),
  upload('part headers of 100 KB', [400], () => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="name"\r\nX-Filler: ${'x'.repeat(100_000)}\r\n\r\ndemo_lib\r\n--${BOUNDARY}--\r\n`)),
  upload('the file part without a name', [400], (v) => form(baseWheel(v), { fileHeaders: `Content-Disposition: form-data; filename="${baseWheel(v).filename}"\r\nContent-Type: application/octet-stream` })),
  upload('the file part without a Content-Disposition', [400], (v) => form(baseWheel(v), { fileHeaders: 'Content-Type: application/octet-stream' })),
  upload('the file part as form-data with a filename but no disposition type', [400], (v) => form(baseWheel(v), { fileHeaders: `Content-Disposition: ; name="content"; filename="${baseWheel(v).filename}"` })),
  upload('no file part', [400], async (v) => multipartBody(await twineFields(baseWheel(v)))),
  upload('two file parts named content', [400], (v) => form(baseWheel(v), { after: [{ name: 'content', filename: baseWheel(v).filename, value: baseWheel(v).bytes }] })),
  upload('5000 tiny fields before the file', [400], (v) => form(baseWheel(v), { before: fields(5_000) })),
  upload('5000 tiny fields after the file', [400], (v) => form(baseWheel(v), { after: fields(5_000) })),
  upload('five extra file parts', [400], (v) => form(baseWheel(v), { after: Array.from({ length: 5 }, (_, index) => ({ name: 'gpg_signature', filename: `sig-${index}.asc`, value: 'x' })) })),
  upload('a field over 1 MiB before the file', [400], (v) => form(baseWheel(v), { fields: { description: 'x'.repeat(MiB + 1) } })),
  upload('a field over 1 MiB after the file', [400], (v) => form(baseWheel(v), { after: [{ name: 'description', value: 'x'.repeat(MiB + 1) }] })),
  upload('nine fields of 1 MiB (over the form overhead)', [400], (v) => form(baseWheel(v), { before: fields(9, MiB - 16) })),
  upload('a field name of 1000 characters', [400], (v) => form(baseWheel(v), { before: [{ name: 'n'.repeat(1_000), value: 'x' }] })),
  upload('the whole form nested in a multipart/mixed part', [400], async (v) =>
    multipartBody([{ headers: 'Content-Disposition: form-data; name="upload"\r\nContent-Type: multipart/mixed; boundary=inner', value: await form(baseWheel(v), { boundary: 'inner' }) }]),
  ),
  upload('a nested multipart body as the file', [400], async (v) => {
    const nested = Buffer.concat([Buffer.from('--inner\r\nContent-Type: application/zip\r\n\r\n'), baseWheel(v).bytes, Buffer.from('\r\n--inner--\r\n')]);
    return form({ ...baseWheel(v), bytes: nested });
  }),
  upload('binary junk under a multipart content type', [400], () => randomBytes(64 * 1024)),
  upload('an empty body', [400], () => Buffer.alloc(0)),
  upload('a multipart body declared application/json', [400], (v) => form(baseWheel(v)), { headers: { 'content-type': 'application/json' } }),
  upload('a multipart body declared text/plain', [400], (v) => form(baseWheel(v)), { headers: { 'content-type': 'text/plain' } }),
  upload('a multipart body declared multipart/mixed', [400], (v) => form(baseWheel(v)), { headers: { 'content-type': `multipart/mixed; boundary=${BOUNDARY}` } }),
  upload('the fields urlencoded, no file', [400], async (v) => Buffer.from(new URLSearchParams((await twineFields(baseWheel(v))).map((part): [string, string] => [part.name!, String(part.value)])).toString()), {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }),
  upload('a gzip-encoded multipart body', [400, 415], async (v) => gzipSync(await form(baseWheel(v))), { headers: { 'content-encoding': 'gzip' } }),
];

/** Names, versions and file types that are not PEP 508, PEP 440 or twine's. */
const FIELDS: HostileUpload[] = [
  ...[
    ['demo lib', 'a space'],
    ['..', 'dots'],
    ['a'.repeat(300), '300 characters'],
    ['d\u0435mo_lib', 'a Cyrillic e'],
    ['\u217eemo_lib', 'a Roman numeral d'],
    ['demo_lib\u200b', 'a zero-width space'],
    ['demo_lib-', 'a trailing dash'],
    ['-demo_lib', 'a leading dash'],
    ['', 'empty'],
    ['other_lib', 'another project'],
  ].map(([name, what]) => upload(`the name field: ${what}`, [400], (v) => form(baseWheel(v), { fields: { name } }))),
  upload('no name field', [400], (v) => form(baseWheel(v), { fields: { name: null } })),
  ...[
    ['1.0.0-', 'a trailing dash'],
    ['..', 'dots'],
    ['1..0', 'an empty segment'],
    [`1${'.0'.repeat(150)}`, '301 characters'],
    ['\uff12.0.0', 'a full-width digit'],
    ['2.0.0\u0000', 'a NUL'],
    ['2.0.0+../../etc', 'a local part with slashes'],
    ['2.0', 'equal to the file in PEP 440, spelled otherwise'],
    ['', 'empty'],
  ].map(([version, what]) => upload(`the version field: ${what}`, [400], (v) => form(baseWheel(v), { fields: { version } }))),
  upload('no version field', [400], (v) => form(baseWheel(v), { fields: { version: null } })),
  ...['bdist_egg', 'bdist_wininst', 'bdist_dumb', 'BDIST_WHEEL', 'sdist', '', 'bdist_wheel\u0000', 'x'.repeat(10_000)].map((filetype) =>
    upload(`filetype ${JSON.stringify(filetype.slice(0, 20))} on a wheel`, [400], (v) => form(baseWheel(v), { fields: { filetype } })),
  ),
  upload('filetype bdist_wheel on an sdist', [400], (v) => form(baseSdist(v), { fields: { filetype: 'bdist_wheel' } })),
  upload('no filetype field', [400], (v) => form(baseWheel(v), { fields: { filetype: null } })),
  upload(':action remove_pkg', [400], (v) => form(baseWheel(v), { fields: { ':action': 'remove_pkg' } })),
  upload(':action doc_upload', [400], (v) => form(baseWheel(v), { fields: { ':action': 'doc_upload' } })),
  upload('protocol_version 2', [400], (v) => form(baseWheel(v), { fields: { protocol_version: '2' } })),
  // The same bad value everywhere: field, file name and core metadata agree.
  ...[
    ['demo lib', '2.1.0'],
    ['..', '2.1.0'],
    ['d\u0435mo_lib', '2.1.0'],
    ['a'.repeat(210), '2.1.0'],
    ['demo_lib', '1.0.0-'],
    ['demo_lib', '1..0'],
    ['demo_lib', `1${'.0'.repeat(70)}`],
  ].map(([name, version]) => upload(`an sdist that is ${JSON.stringify(`${name}-${version}`.slice(0, 40))} throughout`, [400], () => form(sdist(name, version)))),
  upload('a wheel that is demo_lib-1..0 throughout', [400], () => form(wheel('demo_lib', '1..0'))),
];

const sha = (char: string) => char.repeat(64);

/** Digests that are absent, malformed, or another file's. */
const DIGESTS: HostileUpload[] = [
  upload('sha256 of other bytes', [400], (v) => form(baseWheel(v), { fields: { sha256_digest: sha('0') } })),
  upload('md5 of other bytes', [400], (v) => form(baseWheel(v), { fields: { md5_digest: '0'.repeat(32) } })),
  upload('blake2_256 of other bytes', [400], (v) => form(baseWheel(v), { fields: { blake2_256_digest: sha('0') } })),
  upload('sha256 right, md5 wrong', [400], (v) => form(baseWheel(v), { fields: { md5_digest: 'f'.repeat(32) } })),
  upload('no digest at all', [400], (v) => form(baseWheel(v), { fields: { sha256_digest: null, md5_digest: null, blake2_256_digest: null } })),
  upload('a sha256 that is not hex', [400], (v) => form(baseWheel(v), { fields: { sha256_digest: sha('z') } })),
  upload('a sha256 of 1000 characters', [400], (v) => form(baseWheel(v), { fields: { sha256_digest: 'a'.repeat(1_000) } })),
  upload('an md5 in base64url of other bytes', [400], (v) => form(baseWheel(v), { fields: { md5_digest: 'AAAAAAAAAAAAAAAAAAAAAA' } })),
  upload("the sdist's digests on the wheel", [400], async (v) => form(baseWheel(v), { fields: Object.fromEntries((await twineFields(baseSdist(v))).filter((part) => part.name!.endsWith('_digest')).map((part) => [part.name!, String(part.value)])) })),
];

/**
 * File names with path tricks, each around a distribution that is valid once the trick is taken
 * off: a server that strips the path instead of refusing it stores the file, and the case fails.
 */
const FILENAMES: HostileUpload[] = [
  ...[
    ['x', '1.0', '../x-1.0.tar.gz'],
    ['x', '1.1', '..\\\\x-1.1.tar.gz'],
    ['b', '1.2', 'a/b-1.2.tar.gz'],
    ['x', '1.3', 'x\u0000-1.3.tar.gz'],
    ['x', '1.5', '/etc/x-1.5.tar.gz'],
    ['x', '1.6', 'C:\\\\x-1.6.tar.gz'],
    ['x', '1.7', './x-1.7.tar.gz'],
    ['x', '1.8', 'x-1.8.tar.gz\u0000.whl'],
  ].map(([name, version, filename]) => upload(`filename ${JSON.stringify(filename)}`, [400], () => form(sdist(name, version), { filename }))),
  upload("filename*=utf-8''x%00-1.4.tar.gz", [400], () =>
    form(sdist('x', '1.4'), { fileHeaders: `Content-Disposition: form-data; name="content"; filename*=utf-8''x%00-1.4.tar.gz\r\nContent-Type: application/octet-stream` }),
  ),
  upload("filename*=utf-8''..%2Fx-1.9.tar.gz", [400], () =>
    form(sdist('x', '1.9'), { fileHeaders: `Content-Disposition: form-data; name="content"; filename*=utf-8''..%2Fx-1.9.tar.gz\r\nContent-Type: application/octet-stream` }),
  ),
  upload('a 300-character sdist file name', [400], () => form(sdist('x'.repeat(289), '1.10'))),
  upload('a 300-character wheel file name', [400], () => form(wheel('x', '1.11'), { filename: `x-1.11-py3-none-${'a'.repeat(280)}.whl` })),
  upload('an empty filename', [400], (v) => form(baseWheel(v), { filename: '' })),
  upload('a .tar.bz2 sdist', [400], (v) => form(baseSdist(v), { filename: `demo_lib-${v}.tar.bz2` })),
  upload('an .egg', [400], (v) => form(baseWheel(v), { filename: `demo_lib-${v}-py3.8.egg`, fields: { filetype: 'bdist_egg' } })),
  upload('a wheel with a build tag not starting with a digit', [400], (v) => form(baseWheel(v), { filename: `demo_lib-${v}-x1-py3-none-any.whl` })),
  upload('a wheel named with a dash in the project', [400], (v) => form(baseWheel(v), { filename: `demo-lib-${v}-py3-none-any.whl` })),
];

/** demo_lib's METADATA at `version`, deflated unless said otherwise. */
const metadataEntry = (version: string, data: Buffer | string, extra: Partial<{ deflate: boolean; declaredSize: number; name: string }> = {}) => ({
  name: extra.name ?? `demo_lib-${version}.dist-info/METADATA`,
  data: Buffer.from(data),
  deflate: extra.deflate ?? true,
  declaredSize: extra.declaredSize,
});

/** A demo_lib wheel whose zip is damaged in one place, its digests those of the damaged bytes. */
function damagedWheel(version: string, damage: (bytes: Buffer) => Buffer): Distribution {
  const base = baseWheel(version);
  return { ...base, bytes: damage(Buffer.from(base.bytes)) };
}

/** Distributions whose bytes are not what their name and form say. */
const ARCHIVES: HostileUpload[] = [
  upload('a wheel whose METADATA names another project', [400], (v) => form(wheel('demo_lib', v, { metadata: coreMetadata('other-lib', v) }))),
  upload('a wheel whose METADATA gives another version', [400], (v) => form(wheel('demo_lib', v, { metadata: coreMetadata('demo_lib', '9.9.9') }))),
  upload('a wheel whose METADATA has no Name', [400], (v) => form(wheel('demo_lib', v, { metadata: `Metadata-Version: 2.1\nVersion: ${v}\n` }))),
  upload('a wheel whose dist-info folder is another project', [400], (v) => form(wheel('demo_lib', v, { entries: [metadataEntry(v, coreMetadata('demo_lib', v), { name: `other_lib-${v}.dist-info/METADATA` })] }))),
  upload('a wheel with two METADATA', [400], (v) => form(wheel('demo_lib', v, { entries: [metadataEntry(v, coreMetadata('demo_lib', v)), metadataEntry(v, coreMetadata('demo_lib', v), { name: `Demo_Lib-${v}.dist-info/METADATA` })] }))),
  upload('a wheel without METADATA', [400], (v) => form(wheel('demo_lib', v, { entries: [] }))),
  upload('a METADATA declared 64 MiB (a zip bomb)', [400], (v) => form(wheel('demo_lib', v, { entries: [metadataEntry(v, Buffer.alloc(64 * MiB, 0x41))] }))),
  upload('a METADATA declared 1 KB that inflates to 64 MiB', [400], (v) => form(wheel('demo_lib', v, { entries: [metadataEntry(v, Buffer.alloc(64 * MiB, 0x41), { declaredSize: 1_000 })] }))),
  upload('a METADATA that is not UTF-8', [400], (v) => form(wheel('demo_lib', v, { entries: [metadataEntry(v, Buffer.concat([Buffer.from(coreMetadata('demo_lib', v)), Buffer.from([0xff, 0xfe, 0xc0])]))] }))),
  upload('a METADATA compressed with bzip2 (method 12)', [400], (v) =>
    form(damagedWheel(v, (bytes) => {
      // The method field of the last entry's central header (METADATA's is the second of three).
      const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      const second = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), central + 4);
      bytes.writeUInt16LE(12, second + 10);
      return bytes;
    })),
  ),
  upload('a wheel cut in half', [400], (v) => form(damagedWheel(v, (bytes) => bytes.subarray(0, bytes.length >> 1)))),
  upload('a wheel missing its last 10 bytes', [400], (v) => form(damagedWheel(v, (bytes) => bytes.subarray(0, bytes.length - 10)))),
  upload('a wheel whose directory points past its end', [400], (v) => form(damagedWheel(v, (bytes) => (bytes.writeUInt32LE(0x7fffffff, bytes.length - 6), bytes)))),
  upload('a wheel whose end record counts 65535 entries', [400], (v) => form(damagedWheel(v, (bytes) => (bytes.writeUInt16LE(0xffff, bytes.length - 12), bytes.writeUInt16LE(0xffff, bytes.length - 14), bytes)))),
  upload('a METADATA whose CRC-32 does not match', [400], (v) => form(damagedWheel(v, (bytes) => {
    const at = bytes.indexOf(Buffer.from(`demo_lib-${v}.dist-info/METADATA`));
    bytes.writeUInt32LE(0xdeadbeef, at - 46 + 16);
    return bytes;
  }))),
  upload('random bytes named .whl', [400], (v) => form({ ...baseWheel(v), bytes: randomBytes(4096) })),
  upload('an empty .whl', [400], (v) => form({ ...baseWheel(v), bytes: Buffer.alloc(0) })),
  upload('a zip of one stored 3 MiB entry and no METADATA', [400], (v) => form({ ...baseWheel(v), bytes: zipArchive([{ name: 'demo_lib/blob.bin', data: randomBytes(3 * MiB) }]) })),
  upload('an sdist whose PKG-INFO names another project', [400], (v) => form(sdist('demo_lib', v, { pkgInfo: coreMetadata('other-lib', v) }))),
  upload('an sdist with PKG-INFO one folder too deep', [400], (v) => form(sdist('demo_lib', v, { entries: [{ path: `demo_lib-${v}/src/PKG-INFO`, data: Buffer.from(coreMetadata('demo_lib', v)) }] }))),
  upload('an sdist whose PKG-INFO comes after 100 MiB of zeros (a gzip bomb)', [400], (v) =>
    form(sdist('demo_lib', v, { before: Array.from({ length: 100 }, (_, index) => ({ path: `demo_lib-${v}/zeros-${index}.bin`, data: Buffer.alloc(MiB) })) })),
  ),
  upload('an sdist cut in half', [400], (v) => form({ ...baseSdist(v), bytes: baseSdist(v).bytes.subarray(0, baseSdist(v).bytes.length >> 1) })),
  upload('an sdist that is not gzip', [400], (v) => form({ ...baseSdist(v), bytes: randomBytes(4096) })),
  upload('an sdist that is gzip of junk', [400], (v) => form({ ...baseSdist(v), bytes: gzipSync(randomBytes(4096)) })),
  upload('an sdist that is a raw deflate stream', [400], (v) => form({ ...baseSdist(v), bytes: deflateRawSync(baseSdist(v).bytes) })),
];

/** A valid demo_lib wheel whose module holds `bytes` of data, stored. */
const bulkyWheel = (version: string, bytes: number) => ({
  ...baseWheel(version),
  bytes: zipArchive([{ name: 'demo_lib/blob.bin', data: Buffer.alloc(bytes, 7) }, metadataEntry(version, coreMetadata('demo_lib', version))]),
});

/** HERALD_MAX_UPLOAD is 4 MiB in this suite. */
const LIMITS: HostileUpload[] = [
  upload('a 5 MiB wheel over HERALD_MAX_UPLOAD', [413], (v) => form(bulkyWheel(v, 5 * MiB))),
  {
    name: 'a Content-Length of 1 GiB, no body sent',
    expect: [413],
    build: () => ({ raw: (authorization) => Buffer.from(head(authorization, { 'Content-Length': String(1024 * MiB) })), then: 'wait' }),
  },
  {
    name: 'a chunked 13 MiB wheel',
    expect: [413],
    build: async () => {
      const body = await form(bulkyWheel(caseVersion(), 13 * MiB));
      return { raw: (authorization) => Buffer.concat([Buffer.from(head(authorization, { 'Transfer-Encoding': 'chunked' })), chunked(body), Buffer.from('0\r\n\r\n')]), then: 'wait' };
    },
  },
];

function head(authorization: string, headers: Record<string, string>): string {
  const lines = Object.entries({ Host: '127.0.0.1', Authorization: authorization, 'Content-Type': MULTIPART, ...headers }).map(([name, value]) => `${name}: ${value}\r\n`);
  return `POST /repositories/py/ HTTP/1.1\r\n${lines.join('')}\r\n`;
}

/** `body` in chunks of 64 KiB, without the last (zero) chunk. */
function chunked(body: Buffer): Buffer {
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length; at += 64 * 1024) {
    const chunk = body.subarray(at, at + 64 * 1024);
    chunks.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
  }
  return Buffer.concat(chunks);
}

const cutUpload = (name: string, then: RawUpload['then'], expect: number[], request: (body: Buffer, authorization: string) => Buffer): HostileUpload => {
  const version = caseVersion();
  return {
    name,
    expect,
    build: async () => {
      // Big enough that the cut comes while the file is being staged.
      const body = await form(bulkyWheel(version, 2 * MiB));
      return { raw: (authorization) => request(body, authorization), then };
    },
  };
};

/** Bodies the client stops sending: the server may answer 400 or just close; it must not hang or keep anything. */
const CUT: HostileUpload[] = [
  cutUpload('chunked, cut inside a chunk, half-closed', 'half-close', [400, 0], (body, auth) => Buffer.concat([Buffer.from(head(auth, { 'Transfer-Encoding': 'chunked' })), chunked(body).subarray(0, body.length >> 1)])),
  cutUpload('chunked, cut between chunks, half-closed', 'half-close', [400, 0], (body, auth) => Buffer.concat([Buffer.from(head(auth, { 'Transfer-Encoding': 'chunked' })), chunked(body.subarray(0, body.length >> 1))])),
  cutUpload('chunked, cut inside a chunk, reset', 'reset', [0], (body, auth) => Buffer.concat([Buffer.from(head(auth, { 'Transfer-Encoding': 'chunked' })), chunked(body).subarray(0, body.length >> 1)])),
  cutUpload('chunked, a chunk size of garbage', 'half-close', [400, 0], (body, auth) => Buffer.concat([Buffer.from(head(auth, { 'Transfer-Encoding': 'chunked' })), chunked(body.subarray(0, 1000)), Buffer.from('zz\r\nxx\r\n')])),
  cutUpload('chunked, the form ends early but the chunks end well', 'wait', [400], (body, auth) => Buffer.concat([Buffer.from(head(auth, { 'Transfer-Encoding': 'chunked' })), chunked(body.subarray(0, body.length - 500)), Buffer.from('0\r\n\r\n')])),
  cutUpload('Content-Length body cut short, half-closed', 'half-close', [400, 0], (body, auth) => Buffer.concat([Buffer.from(head(auth, { 'Content-Length': String(body.length) })), body.subarray(0, body.length - 400)])),
  cutUpload('Content-Length body cut short, reset', 'reset', [0], (body, auth) => Buffer.concat([Buffer.from(head(auth, { 'Content-Length': String(body.length) })), body.subarray(0, body.length - 400)])),
];

export const HOSTILE_UPLOADS: HostileUpload[] = [...ACCESS, ...MULTIPART_BODIES, ...FIELDS, ...DIGESTS, ...FILENAMES, ...ARCHIVES, ...LIMITS, ...CUT];
