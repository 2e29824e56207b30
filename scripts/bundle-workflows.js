// Prebuilds the workflow bundle the production worker loads (dist/workflows/workflow-bundle.js).
'use strict';
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { bundleWorkflowCode } = require('@temporalio/worker');

async function bundle(outFile) {
  const { code } = await bundleWorkflowCode({ workflowsPath: join(__dirname, '..', 'workflows', 'index.ts'), logger: { info() {}, warn: console.warn, error: console.error, debug() {}, trace() {}, log() {} } });
  mkdirSync(join(outFile, '..'), { recursive: true });
  writeFileSync(outFile, code);
  return outFile;
}

module.exports = { bundle };

if (require.main === module) {
  bundle(join(__dirname, '..', 'dist', 'workflows', 'workflow-bundle.js'))
    .then((file) => console.log(`workflows: bundled into ${file}`))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
