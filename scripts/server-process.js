// A server the tests or `npm start` run as a child process (the Temporal dev server, MinIO): wait
// until it answers, and stop it gracefully.
'use strict';

/**
 * Polls `isReady` every 200 ms for up to a minute. A child that exits first, or never answers,
 * fails the wait with `name` in the message (and a child that never answers is killed).
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} name
 * @param {() => Promise<boolean>} isReady
 */
async function waitUntilReady(child, name, isReady) {
  const deadline = Date.now() + 60_000;
  while (!(await isReady())) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become ready within 60 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * SIGTERM, then SIGKILL after 5 s; resolves once the child is gone.
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<void>}
 */
function stopGracefully(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

module.exports = { waitUntilReady, stopGracefully };
