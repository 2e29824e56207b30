// `npm run bench` (`-- --quick` for a short run, `-- --profile` to CPU-profile the API and worker):
// builds Herald if the build is stale, then runs the TypeScript benchmark in bench/ through
// ts-node. The benchmark starts and stops its own Temporal dev server, API, worker and receivers.
'use strict';
const { join } = require('node:path');
const { ensureBuild } = require('./ensure-build');

const ROOT = join(__dirname, '..');

try {
  ensureBuild();
} catch {
  console.error('bench: `npm run build` failed (see above); nothing was measured');
  process.exit(1);
}
require('ts-node').register({ project: join(ROOT, 'tsconfig.json'), transpileOnly: true });
const { compilerOptions } = require(join(ROOT, 'tsconfig.json'));
require('tsconfig-paths').register({ baseUrl: ROOT, paths: compilerOptions.paths });
require(join(ROOT, 'bench', 'main.ts'));
