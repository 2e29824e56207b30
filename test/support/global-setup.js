// Once per jest run: a real Temporal dev server and the workflow bundle every test worker loads.
'use strict';
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startDevServer } = require('../../scripts/temporal-dev-server');
const { bundle } = require('../../scripts/bundle-workflows');

module.exports = async function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'herald-test-'));
  const [server, bundlePath] = await Promise.all([
    startDevServer({ dbFile: join(dir, 'temporal.sqlite'), headless: true }),
    bundle(join(dir, 'workflow-bundle.js')),
  ]);
  process.env.HERALD_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.HERALD_TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.HERALD_TEST_DIR = dir;
  globalThis.__HERALD_TEMPORAL__ = server;
};
