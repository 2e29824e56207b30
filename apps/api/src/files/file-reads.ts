import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import accepts from 'accepts';
import { credentialsOf } from '../auth/presented-credentials';
import { HttpExceptionFilter } from '../common/http-exception.filter';
import { PythonReads } from '../python/python-reads';
import { actorOf } from './actor';
import { answerText } from './answer-text';
import { parseArtifactUrl } from './artifact-path';
import { FileAccessPolicy } from './file-access';
import { listingAsHtml, listingAsJson } from './folder-listing';
import { header } from './request-headers';
import { DownloadFileUseCase, type Download } from './usecases/download-file.usecase';
import { ListFolderUseCase } from './usecases/list-folder.usecase';
import { NotFoundError } from '../common/domain-errors';

/**
 * GET and HEAD of `/repositories/{repo}/{path}`: downloads and listings, the requests an
 * artifact repository serves most. They are answered by the HTTP server's own request listener,
 * ahead of Express and Nest (`mountAhead`, called by app.ts), as the `Expect: 100-continue` gate
 * answers there: the same use cases and the same error answers (HttpExceptionFilter.respond),
 * without Express's per-request setup and router, Nest's pipeline or pino-http's per-request
 * child logger, which together cost more than the download itself. Each request still leaves
 * one access line.
 */
@Injectable()
export class FileReads {
  private readonly logger = new Logger('FileReads');
  private readonly errors = new HttpExceptionFilter();

  constructor(
    private readonly access: FileAccessPolicy,
    private readonly downloadFile: DownloadFileUseCase,
    private readonly listFolder: ListFolderUseCase,
    private readonly python: PythonReads,
  ) {}

  /** Puts `handle` in front of the server's request listener (Express), which gets every other request. */
  mountAhead(server: Server): void {
    const [express] = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (request: IncomingMessage, response: ServerResponse) => this.handle(request, response, () => express(request, response)));
  }

  /** GET and HEAD of `/repositories…` are answered here, anything else goes on to `next`. */
  handle(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !isRepositoryUrl(request.url ?? '')) return next();
    const started = performance.now();
    response.once('close', () => this.accessLine(request, response, started));
    this.read(request, response, request.method === 'GET').catch((error: unknown) => this.errors.respond(response, error));
  }

  /** What pino-http writes for the other routes (ACCESS_LOG_SERIALIZERS shape `req` and `res`), without its per-request logger. */
  private accessLine(request: IncomingMessage, response: ServerResponse, started: number): void {
    this.logger.log({
      req: { method: request.method, url: request.url, remoteAddress: request.socket.remoteAddress, headers: request.headers },
      res: { statusCode: response.statusCode },
      responseTime: Math.round(performance.now() - started),
      msg: response.writableFinished ? 'request completed' : 'request aborted',
    });
  }

  private async read(request: IncomingMessage, response: ServerResponse, sendBody: boolean): Promise<void> {
    const location = parseArtifactUrl(request.url ?? '');
    const access = await this.access.authorize(location.repository, credentialsOf(request), 'read');
    // A python repository's index and core metadata; its distributions are files like any other.
    if (access.repository.format === 'python' && (await this.python.answer(request, response, access, location))) return;
    if (!location.folder) {
      const download = await this.downloadFile.execute({
        access,
        path: location.path,
        sendBody,
        conditions: {
          ifNoneMatch: header(request, 'if-none-match'),
          ifModifiedSince: header(request, 'if-modified-since'),
          range: header(request, 'range'),
          ifRange: header(request, 'if-range'),
        },
        actor: actorOf(request, access),
      });
      if (download) return this.send(response, download, sendBody);
    }
    const listing = await this.listFolder.execute({ access, path: location.path });
    if (!listing) throw new NotFoundError(`${location.path} does not exist in ${location.repository}`);
    response.setHeader('Cache-Control', 'no-cache');
    response.setHeader('Vary', 'Accept');
    if (accepts(request).type(['text/html', 'application/json']) === 'application/json') answerText(response, 'application/json; charset=utf-8', JSON.stringify(listingAsJson(listing)));
    else answerText(response, 'text/html; charset=utf-8', listingAsHtml(listing));
  }

  private async send(response: ServerResponse, download: Download, sendBody: boolean): Promise<void> {
    const { file, status, range } = download;
    // Read before any header is set: a blob store that fails answers 503 with nothing of the file's.
    const body = sendBody && (status === 200 || status === 206) ? await download.body() : null;
    response.setHeader('ETag', download.etag);
    response.setHeader('Last-Modified', file.updatedAt.toUTCString());
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('X-Checksum-Sha1', file.sha1);
    response.setHeader('X-Checksum-Md5', file.md5);
    response.setHeader('X-Checksum-Sha256', file.sha256);
    // Deployers choose what files hold; a browser must not run an uploaded page as Herald's own.
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    if (status === 416) {
      response.setHeader('Content-Range', `bytes */${file.size}`);
      throw new HttpException({ error: 'Range Not Satisfiable', message: `the range does not lie within the file's ${file.size} bytes` }, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
    }
    if (status === 304) {
      response.statusCode = status;
      response.end();
      return;
    }
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Length', String(range ? range.end - range.start + 1 : file.size));
    if (range) response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
    response.statusCode = status;
    if (body === null) response.end();
    else if (Buffer.isBuffer(body)) response.end(body);
    // A client that goes away mid-file ends the stream; the download was already counted.
    else await streamTo(body, response);
  }
}

/**
 * Pipes a file to its response until either ends. Not stream.pipeline: that allocates an
 * AbortController and aborts it (an AbortError with its stack) on every completed download.
 */
function streamTo(source: Readable, response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    source.once('error', () => response.destroy());
    response.once('close', () => {
      source.destroy();
      resolve();
    });
    source.pipe(response);
  });
}

const REPOSITORIES = '/repositories';

/** `/repositories`, `/repositories/…` or `/repositories?…`: the paths of files and folders. */
function isRepositoryUrl(url: string): boolean {
  const next = url[REPOSITORIES.length];
  return url.startsWith(REPOSITORIES) && (next === undefined || next === '/' || next === '?');
}
