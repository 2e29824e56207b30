// Finds the Temporal CLI as the contract says: $TEMPORAL_CLI, .tools/bin/temporal, `temporal` on
// PATH; where none exists and Go is installed, builds v1.5.1 into .tools/bin once.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync } = require('node:fs');
const { join, delimiter } = require('node:path');

const ROOT = join(__dirname, '..');
const TOOLS_BIN = join(ROOT, '.tools', 'bin');
const LOCAL = join(TOOLS_BIN, 'temporal');
const VERSION = 'v1.5.1';

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

function findTemporalCli() {
  if (process.env.TEMPORAL_CLI) {
    if (!existsSync(process.env.TEMPORAL_CLI)) throw new Error(`TEMPORAL_CLI points at ${process.env.TEMPORAL_CLI}, which does not exist`);
    return process.env.TEMPORAL_CLI;
  }
  if (existsSync(LOCAL)) return LOCAL;
  return onPath('temporal');
}

function ensureTemporalCli() {
  const found = findTemporalCli();
  if (found) return found;
  const go = onPath('go') || (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
  if (!go) {
    throw new Error(
      'The Temporal CLI was not found ($TEMPORAL_CLI, .tools/bin/temporal, or `temporal` on PATH) and Go is not installed to build it.\n' +
        `Install Go and run: GOBIN=${TOOLS_BIN} go install github.com/temporalio/cli/cmd/temporal@${VERSION}\n` +
        'or install the Temporal CLI (https://docs.temporal.io/cli) and put it on PATH, or set TEMPORAL_ADDRESS to an existing server.',
    );
  }
  mkdirSync(TOOLS_BIN, { recursive: true });
  console.log(`temporal: building the Temporal CLI ${VERSION} into .tools/bin with Go (once; this takes a few minutes)...`);
  const result = spawnSync(go, ['install', `github.com/temporalio/cli/cmd/temporal@${VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: TOOLS_BIN, GOFLAGS: process.env.GOFLAGS || '-mod=mod' },
  });
  if (result.status !== 0 || !existsSync(LOCAL)) throw new Error(`go install of the Temporal CLI failed (exit ${result.status})`);
  console.log(`temporal: ${execFileSync(LOCAL, ['--version']).toString().trim()}`);
  return LOCAL;
}

module.exports = { findTemporalCli, ensureTemporalCli };

if (require.main === module) {
  try {
    console.log(ensureTemporalCli());
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
