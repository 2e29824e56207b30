import type { Readable } from 'node:stream';
import { HttpException, HttpStatus, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { HttpExceptionFilter } from '../common/http-exception.filter';
import { actorOf } from './actor';
import { parseArtifactUrl } from './artifact-path';
import { FileAccessPolicy } from './file-access';
import { listingAsHtml, listingAsJson } from './folder-listing';
import { header } from './request-headers';
import { DownloadFileUseCase, type Download } from './usecases/download-file.usecase';
import { ListFolderUseCase } from './usecases/list-folder.usecase';

/**
 * GET and HEAD of `/repositories/{repo}/{path}`: downloads and listings, the requests an
 * artifact repository serves most. They are answered by an Express handler mounted ahead of
 * Nest's router (app.ts), as the `Expect: 100-continue` gate answers below it: the same use
 * cases and the same error answers (HttpExceptionFilter.answer), without a route lookup through
 * every controller, Nest's per-request pipeline or pino-http's per-request child logger, which
 * together cost about as much as the download itself. Each request still leaves one access line.
 */
@Injectable()
export class FileReads {
  private readonly logger = new Logger('FileReads');
  private readonly errors = new HttpExceptionFilter();

  constructor(
    private readonly access: FileAccessPolicy,
    private readonly downloadFile: DownloadFileUseCase,
    private readonly listFolder: ListFolderUseCase,
  ) {}

  /** The Express handler: GET and HEAD are answered here, anything else goes on to Nest. */
  readonly handle = (request: Request, response: Response, next: NextFunction): void => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const started = performance.now();
    response.once('close', () => this.accessLine(request, response, started));
    this.read(request, response, request.method === 'GET').catch((error: unknown) => this.errors.respond(response, error));
  };

  /** What pino-http writes for the other routes (ACCESS_LOG_SERIALIZERS shape `req` and `res`), without its per-request logger. */
  private accessLine(request: Request, response: Response, started: number): void {
    this.logger.log({
      req: { method: request.method, url: request.originalUrl, remoteAddress: request.socket.remoteAddress, headers: request.headers },
      res: { statusCode: response.statusCode },
      responseTime: Math.round(performance.now() - started),
      msg: response.writableFinished ? 'request completed' : 'request aborted',
    });
  }

  private async read(request: Request, response: Response, sendBody: boolean): Promise<void> {
    const location = parseArtifactUrl(request.originalUrl);
    const access = await this.access.authorize(location.repository, request.headers.authorization, 'read', response);
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
    if (!listing) throw new NotFoundException(`${location.path} does not exist in ${location.repository}`);
    response.setHeader('Cache-Control', 'no-cache');
    if (request.accepts(['text/html', 'application/json']) === 'application/json') response.json(listingAsJson(listing));
    else response.type('html').send(listingAsHtml(listing));
  }

  private async send(response: Response, download: Download, sendBody: boolean): Promise<void> {
    const { file, opened, status, range } = download;
    response.setHeader('ETag', download.etag);
    response.setHeader('Last-Modified', file.updatedAt.toUTCString());
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('X-Checksum-Sha1', file.sha1);
    response.setHeader('X-Checksum-Md5', file.md5);
    response.setHeader('X-Checksum-Sha256', file.sha256);
    // Deployers choose what files hold; a browser must not run an uploaded page as Herald's own.
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    if (status === 304 || status === 416 || !sendBody) await opened.close();
    if (status === 416) {
      response.setHeader('Content-Range', `bytes */${file.size}`);
      throw new HttpException({ error: 'Range Not Satisfiable', message: `the range does not lie within the file's ${file.size} bytes` }, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
    }
    response.status(status);
    if (status === 304) {
      response.end();
      return;
    }
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Length', String(range ? range.end - range.start + 1 : file.size));
    if (range) response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
    if (!sendBody) {
      response.end();
      return;
    }
    const body = await opened.body(range ?? undefined);
    if (Buffer.isBuffer(body)) response.end(body);
    // A client that goes away mid-file ends the stream; the download was already counted.
    else await streamTo(body, response);
  }
}

/**
 * Pipes a file to its response until either ends. Not stream.pipeline: that allocates an
 * AbortController and aborts it (an AbortError with its stack) on every completed download.
 */
function streamTo(source: Readable, response: Response): Promise<void> {
  return new Promise((resolve) => {
    source.once('error', () => response.destroy());
    response.once('close', () => {
      source.destroy();
      resolve();
    });
    source.pipe(response);
  });
}
