// Starts `temporal server start-dev` as a child process and waits until its frontend answers.
'use strict';
const { spawn } = require('node:child_process');
const net = require('node:net');
const { stopGracefully, waitUntilReady } = require('./server-process');
const { ensureTemporalCli } = require('./temporal-cli');

function portOpen(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/**
 * @param {{port?: number, uiPort?: number, dbFile?: string, logLevel?: string, stdio?: any, searchAttributes?: boolean}} options
 */
async function startDevServer(options = {}) {
  const cli = ensureTemporalCli();
  const port = options.port || (await freePort());
  const uiPort = options.uiPort || (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort), '--log-level', options.logLevel || 'error'];
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.headless) args.push('--headless');
  // An activity scheduled by a workflow task goes straight back to the worker that completed
  // it, sparing the server a task-queue round trip per delivery attempt.
  args.push('--dynamic-config-value', 'system.enableActivityEagerExecution=true');
  const child = spawn(cli, args, { stdio: options.stdio || ['ignore', 'ignore', 'inherit'] });
  const address = `127.0.0.1:${port}`;
  await waitUntilReady(child, 'temporal dev server', () => portOpen('127.0.0.1', port));
  return {
    address,
    port,
    uiPort,
    child,
    stop: () => stopGracefully(child),
  };
}

module.exports = { startDevServer, freePort, portOpen };
