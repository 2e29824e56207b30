import { fork, type ChildProcess } from 'node:child_process';
import { createReadStream, stat } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';
import { stopChild, track } from './cleanup';

/**
 * The floor of the download benchmark: a plain Node `http` server that looks each file up on disk
 * and streams it, with no auth and no logging. It runs in a child process of its own, as Herald's
 * API does: inside the bench it would share one event loop with the 16 clients measuring it, and
 * the floor would be the client's ceiling, not the server's.
 */
export class PlainFileServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /** Serves the files under `root` on 127.0.0.1 at `url`/<relative path>. */
  static async start(root: string, timeoutMs = 30_000): Promise<PlainFileServer> {
    const child = fork(__filename, [root], { execArgv: ['--require', 'ts-node/register/transpile-only'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    track(child);
    const port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error(`the plain file server did not start within ${timeoutMs / 1000} s`)), timeoutMs);
      child.once('message', (message: { port?: number }) => {
        clearTimeout(timer);
        if (typeof message.port === 'number') resolvePort(message.port);
        else reject(new Error('the plain file server sent no port'));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the plain file server exited with code ${code}`));
      });
    }).catch(async (error: unknown) => {
      await stopChild(child);
      throw error;
    });
    return new PlainFileServer(child, `http://127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    await stopChild(this.child);
  }
}

/** The child: serves, reports its port over IPC, and ends with its parent. */
function serve(root: string): void {
  const server = createServer((request, response) => {
    let path: string;
    try {
      path = join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname));
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (!path.startsWith(root + sep)) {
      response.writeHead(404).end();
      return;
    }
    stat(path, (error, stats) => {
      if (error || !stats.isFile()) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': stats.size });
      createReadStream(path)
        .once('error', () => response.destroy())
        .pipe(response);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.once('disconnect', () => process.exit(0));
}

if (require.main === module) serve(resolve(process.argv[2]));
