// Finds the Temporal CLI as the contract says: $TEMPORAL_CLI, .tools/bin/temporal, `temporal` on
// PATH; where none exists and Go is installed, builds v1.5.1 into .tools/bin once.
'use strict';
const { execFileSync } = require('node:child_process');
const { goTool } = require('./go-tool');

const cli = goTool({
  binary: 'temporal',
  variable: 'TEMPORAL_CLI',
  module: 'github.com/temporalio/cli/cmd/temporal',
  version: 'v1.5.1',
  title: 'the Temporal CLI',
  otherwise: 'or install the Temporal CLI (https://docs.temporal.io/cli) and put it on PATH, or set TEMPORAL_ADDRESS to an existing server.',
});

const findTemporalCli = cli.find;

function ensureTemporalCli() {
  const known = cli.find();
  if (known) return known;
  const built = cli.ensure();
  console.log(`temporal: ${execFileSync(built, ['--version']).toString().trim()}`);
  return built;
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
