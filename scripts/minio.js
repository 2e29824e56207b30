// Finds the MinIO server the S3 tests run against: $MINIO_SERVER, .tools/bin/minio, `minio` on
// PATH; where none exists and Go is installed, builds the pinned version into .tools/bin once.
// `startMinio` runs one on loopback with fresh root credentials and waits until it is ready.
// Run as a script, it only provisions the binary (CI does this before the tests).
'use strict';
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdirSync } = require('node:fs');
const { goTool } = require('./go-tool');
const { stopGracefully, waitUntilReady } = require('./server-process');
const { freePort } = require('./temporal-dev-server');

const minio = goTool({
  binary: 'minio',
  variable: 'MINIO_SERVER',
  module: 'github.com/minio/minio',
  // MinIO publishes no Go module versions of its own: a pseudo-version pins the commit.
  version: 'v0.0.0-20260212201848-7aac2a2c5b7c',
  title: 'the MinIO server',
  otherwise: 'or install MinIO (https://min.io) and put it on PATH.',
});

const findMinio = minio.find;
const ensureMinio = minio.ensure;

async function ready(endpoint) {
  try {
    return (await fetch(`${endpoint}/minio/health/ready`)).status === 200;
  } catch {
    return false;
  }
}

/**
 * A MinIO server storing in `dir`, its API and console on free loopback ports, its root
 * credentials made for this run only.
 * @param {{dir: string, stdio?: any}} options
 */
async function startMinio(options) {
  const server = ensureMinio();
  const [port, consolePort] = [await freePort(), await freePort()];
  const accessKey = `herald-${randomBytes(6).toString('hex')}`;
  const secretKey = randomBytes(24).toString('hex');
  mkdirSync(options.dir, { recursive: true });
  const child = spawn(server, ['server', options.dir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`, '--quiet'], {
    stdio: options.stdio || ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, MINIO_ROOT_USER: accessKey, MINIO_ROOT_PASSWORD: secretKey, MINIO_UPDATE: 'off' },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady(child, 'minio', () => ready(endpoint));
  return {
    endpoint,
    accessKey,
    secretKey,
    stop: () => stopGracefully(child),
  };
}

module.exports = { findMinio, ensureMinio, startMinio };

if (require.main === module) {
  try {
    console.log(ensureMinio());
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
