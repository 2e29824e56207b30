import type { Readable } from 'node:stream';
import { Controller, Delete, Get, Head, HttpCode, HttpException, HttpStatus, NotFoundException, Put, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '@herald/contracts';
import { InsufficientStorageError, UploadTooLargeError } from '@herald/storage';
import { parseArtifactUrl } from './artifact-path';
import { contentLength, header } from './request-headers';
import { FileAccessPolicy, type FileAccess } from './file-access';
import { listingAsHtml, listingAsJson } from './folder-listing';
import { AuthorizeUploadUseCase } from './usecases/authorize-upload.usecase';
import { DeleteFileUseCase } from './usecases/delete-file.usecase';
import { DownloadFileUseCase, type Download } from './usecases/download-file.usecase';
import { ListFolderUseCase } from './usecases/list-folder.usecase';
import { UploadFileUseCase } from './usecases/upload-file.usecase';

const USER_AGENT_LIMIT = 512;

/** The Maven-layout protocol build tools speak: `/repositories/{repo}/{path}`. */
@ApiExcludeController()
@Controller('repositories')
export class FilesController {
  constructor(
    private readonly access: FileAccessPolicy,
    private readonly authorizeUpload: AuthorizeUploadUseCase,
    private readonly uploadFile: UploadFileUseCase,
    private readonly downloadFile: DownloadFileUseCase,
    private readonly deleteFile: DeleteFileUseCase,
    private readonly listFolder: ListFolderUseCase,
  ) {}

  @Put('*path')
  @HttpCode(201)
  async put(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const location = parseArtifactUrl(request.originalUrl);
    try {
      const access = await this.authorizeUpload.execute({ location, authorization: request.headers.authorization, contentLength: contentLength(request), challenge: response });
      const event = await this.uploadFile.execute({
        access,
        path: location.path,
        body: request,
        contentType: header(request, 'content-type'),
        expected: { sha1: header(request, 'x-checksum-sha1'), sha256: header(request, 'x-checksum-sha256'), md5: header(request, 'x-checksum-md5') },
        actor: actorOf(request, access),
      });
      response.setHeader('Location', request.originalUrl.split('?')[0]);
      return { repository: event.repository, path: event.path, size: event.size, sha256: event.sha256, sha1: event.sha1, md5: event.md5 };
    } catch (error) {
      if (!request.complete) {
        // A body over the limit or with nowhere to go is not worth reading: answer and close.
        // Otherwise drop the rest, so a client that sends its whole body before reading the
        // answer (a PUT challenged with 401, then retried) keeps its connection.
        if (error instanceof UploadTooLargeError || error instanceof InsufficientStorageError) response.setHeader('Connection', 'close');
        request.resume();
      }
      throw error;
    }
  }

  @Head('*path')
  async head(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.read(request, response, false);
  }

  @Get('*path')
  async get(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.read(request, response, true);
  }

  @Delete('*path')
  @HttpCode(204)
  async remove(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const location = parseArtifactUrl(request.originalUrl);
    const access = await this.access.authorize(location.repository, request.headers.authorization, 'delete', response);
    await this.deleteFile.execute({ access, path: location.path, actor: actorOf(request, access) });
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
    if (status === 304 || status === 416 || !sendBody) await opened?.close();
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
    if (!sendBody || !opened) {
      response.end();
      return;
    }
    // A client that goes away mid-file ends the stream; the download was already counted.
    await streamTo(opened.stream(range ?? undefined), response);
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

function actorOf(request: Request, access: FileAccess): Actor {
  return {
    username: access.principal?.username ?? null,
    ip: request.ip ?? null,
    userAgent: header(request, 'user-agent')?.slice(0, USER_AGENT_LIMIT) ?? null,
  };
}
