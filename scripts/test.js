// `npm test`: provisions the Temporal CLI and the MinIO server the integration tests start, then runs jest
// (unit + integration). `--faults` runs the fault-injection suite instead.
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { ensureDependencies } = require('./ensure-build');
const { ensureMinio } = require('./minio');
const { ensureTemporalCli } = require('./temporal-cli');

const args = process.argv.slice(2);
const faults = args.includes('--faults');
const rest = args.filter((arg) => arg !== '--faults');

try {
  ensureDependencies();
  ensureTemporalCli();
  ensureMinio();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const projects = faults ? ['faults'] : ['unit', 'integration'];
const jest = join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const result = spawnSync(process.execPath, [jest, '--selectProjects', ...projects, '--runInBand', ...rest], { stdio: 'inherit' });
process.exit(result.status ?? 1);
