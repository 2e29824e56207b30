// `npm start`: the embedded stack in one terminal. A Temporal dev server (unless TEMPORAL_ADDRESS
// is set), migrations, then the API and the worker, their JSON logs shown as aligned lines a
// person reads (scripts/log-lines.js).
// Ctrl-C stops every child.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { mkdirSync } = require('node:fs');
const { join, resolve } = require('node:path');
const readline = require('node:readline');
const { ensureBuild } = require('./ensure-build');
const { formatLogLine } = require('./log-lines');
const { nodeArgs } = require('./processes');
const { startDevServer } = require('./temporal-dev-server');

const ROOT = join(__dirname, '..');
const env = { ...process.env };
const dataDir = resolve(ROOT, env.DATA_DIR || './data');
env.DATA_DIR = dataDir;
const port = env.PORT || '8080';
const children = [];
let stopping = false;

function prefixed(name, stream, out) {
  const colour = Boolean(out.isTTY) && !process.env.NO_COLOR;
  readline.createInterface({ input: stream }).on('line', (line) => out.write(`${formatLogLine(name, line, colour)}\n`));
}

function run(name) {
  const child = spawn(process.execPath, nodeArgs(name), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  prefixed(name, child.stdout, process.stdout);
  prefixed(name, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal || code}); stopping Herald`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitReady(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(url);
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

let temporal = null;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nherald: stopping...');
  const exits = children.map(
    (child) =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      }),
  );
  await Promise.all(exits);
  if (temporal) await temporal.stop();
  process.exit(code);
}

/** Where the worker's Prometheus endpoint is, as HERALD_WORKER_METRICS_PORT sets it (0 is logged by the worker). */
function workerMetricsLine(port = '9464') {
  if (port.trim().toLowerCase() === 'off' || port.trim() === '0') return '';
  return `, http://localhost:${port.trim()}/metrics (worker)`;
}

async function main() {
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  ensureBuild();
  mkdirSync(dataDir, { recursive: true });

  let uiUrl = env.TEMPORAL_UI_URL;
  if (!env.TEMPORAL_ADDRESS) {
    console.log('temporal: starting the embedded dev server on 127.0.0.1:7233 (web UI on :8233)');
    temporal = await startDevServer({ port: 7233, uiPort: 8233, dbFile: join(dataDir, 'temporal.sqlite'), stdio: ['ignore', 'ignore', 'pipe'] });
    prefixed('temporal', temporal.child.stderr, process.stderr);
    temporal.child.on('exit', (code) => {
      if (!stopping) {
        console.error(`temporal exited (${code}); stopping Herald`);
        stop(1);
      }
    });
    env.TEMPORAL_ADDRESS = temporal.address;
    uiUrl = uiUrl || 'http://localhost:8233';
  }

  const migrate = spawnSync(process.execPath, nodeArgs('migrate'), { cwd: ROOT, env, stdio: 'inherit' });
  if (migrate.status !== 0) return stop(1);

  run('api');
  run('worker');

  const base = `http://localhost:${port}`;
  if (await waitReady(`${base}/readyz`, 120_000)) {
    console.log(
      [
        '',
        'Herald is up:',
        `  API          ${base}/api/v1`,
        `  Swagger UI   ${base}/docs`,
        `  Portal       ${base}/portal`,
        `  Temporal UI  ${uiUrl || env.TEMPORAL_UI_URL || 'http://localhost:8233'}`,
        `  Files        ${base}/repositories/{repository}/{path}`,
        `  Metrics      ${base}/metrics (API)${workerMetricsLine(env.HERALD_WORKER_METRICS_PORT)}`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  } else if (!stopping) {
    console.error(`herald: ${base}/readyz did not answer 200 within 120 s`);
  }
}

main().catch((error) => {
  console.error(error.message || error);
  stop(1);
});
