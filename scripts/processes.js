// Herald's built processes and the Node flags each runs with: one list for `npm start`, the
// benchmark and the fault tests. The Dockerfile, docker-compose.yml and the start:* npm scripts
// spell the same commands out; keep them in step.
'use strict';
const { join } = require('node:path');

const ROOT = join(__dirname, '..');

const PROCESSES = {
  // A small young generation: a 1 GiB transfer allocates a buffer per 64 KiB chunk, and V8
  // frees their memory only when it collects the young generation; with the default
  // semi-space (16 MiB) the API's RSS rose about 40 MB during a transfer.
  api: { main: 'dist/apps/api/apps/api/src/main.js', nodeArgs: ['--max-semi-space-size=2'] },
  worker: { main: 'dist/apps/worker/apps/worker/src/main.js', nodeArgs: [] },
  migrate: { main: 'dist/apps/api/apps/api/src/migrate.js', nodeArgs: [] },
};

/** The arguments after `node` that run one of the processes. */
function nodeArgs(name) {
  const process = PROCESSES[name];
  if (!process) throw new Error(`no Herald process is called ${name}`);
  return [...process.nodeArgs, join(ROOT, process.main)];
}

module.exports = { PROCESSES, nodeArgs };
