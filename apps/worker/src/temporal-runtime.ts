import { createServer } from 'node:net';
import { DefaultLogger, Runtime, type Logger } from '@temporalio/worker';

/** A scrape waits this long for the SDK's exporter, then answers with Herald's metrics alone. */
const SDK_SCRAPE_TIMEOUT_MS = 2_000;

/**
 * Installs this process's Temporal core runtime, once: SDK logs through `logger` (the console at
 * WARN without one), no signal handlers of its own (Nest owns shutdown) and, with `sdkMetrics`,
 * the core's Prometheus exporter on a free loopback port. That exporter runs its own listener; the worker's metrics server reads it on
 * each scrape, so a worker answers on one port (HERALD_WORKER_METRICS_PORT) for both.
 */
export async function installTemporalRuntime(options: { sdkMetrics: boolean; logger?: Logger }): Promise<void> {
  const metrics = options.sdkMetrics ? { prometheus: { bindAddress: `127.0.0.1:${await freeLoopbackPort()}` } } : undefined;
  Runtime.install({ shutdownSignals: [], logger: options.logger ?? new DefaultLogger('WARN'), telemetryOptions: { metrics } });
}

/**
 * The SDK's metrics in Prometheus text, or null when this process's runtime has no exporter.
 * Read from the runtime's own options: the runtime restarts with them after it idles (a worker
 * that reconnects), so they are the one record of where the exporter listens.
 */
export async function readTemporalSdkMetrics(): Promise<string | null> {
  const exporter = Runtime.defaultOptions.telemetryOptions?.metrics;
  if (!exporter || !('prometheus' in exporter)) return null;
  const response = await fetch(`http://${exporter.prometheus.bindAddress}/metrics`, { signal: AbortSignal.timeout(SDK_SCRAPE_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`the Temporal SDK's exporter answered ${response.status}`);
  return response.text();
}

/** Asks the OS for a free port; the core binds it a moment later (it cannot report a port 0 choice). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
