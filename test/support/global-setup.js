// Once per jest run: a real Temporal dev server, a real MinIO server (the S3 blob store's tests),
// and the workflow bundle every test worker loads.
'use strict';
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startDevServer } = require('../../scripts/temporal-dev-server');
const { startMinio } = require('../../scripts/minio');
const { bundle } = require('../../scripts/bundle-workflows');

module.exports = async function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'herald-test-'));
  const [server, minio, bundlePath] = await Promise.all([
    startDevServer({ dbFile: join(dir, 'temporal.sqlite'), headless: true }),
    startMinio({ dir: join(dir, 'minio') }),
    bundle(join(dir, 'workflow-bundle.js')),
  ]);
  process.env.HERALD_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.HERALD_TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.HERALD_TEST_DIR = dir;
  // The S3 client finds these through the AWS SDK's default chain, as in production.
  process.env.HERALD_TEST_S3_ENDPOINT = minio.endpoint;
  process.env.AWS_ACCESS_KEY_ID = minio.accessKey;
  process.env.AWS_SECRET_ACCESS_KEY = minio.secretKey;
  process.env.AWS_REGION = 'us-east-1';
  globalThis.__HERALD_TEMPORAL__ = server;
  globalThis.__HERALD_MINIO__ = minio;
};
