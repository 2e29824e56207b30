'use strict';
module.exports = async function globalTeardown() {
  if (globalThis.__HERALD_TEMPORAL__) await globalThis.__HERALD_TEMPORAL__.stop();
  if (globalThis.__HERALD_MINIO__) await globalThis.__HERALD_MINIO__.stop();
};
