import { Controller, Delete, HttpCode, Put, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { InsufficientStorageError, UploadTooLargeError } from '@herald/storage';
import { credentialsOf } from '../auth/presented-credentials';
import { parseArtifactUrl } from './artifact-path';
import { contentLength, header } from './request-headers';
import { actorOf } from './actor';
import { FileAccessPolicy } from './file-access';
import { AuthorizeUploadUseCase } from './usecases/authorize-upload.usecase';
import { DeleteFileUseCase } from './usecases/delete-file.usecase';
import { UploadFileUseCase } from './usecases/upload-file.usecase';

/**
 * The Maven-layout protocol build tools speak, its writes: PUT and DELETE of
 * `/repositories/{repo}/{path}`. GET and HEAD are answered below Nest (file-reads.ts).
 */
@ApiExcludeController()
@Controller('repositories')
export class FilesController {
  constructor(
    private readonly access: FileAccessPolicy,
    private readonly authorizeUpload: AuthorizeUploadUseCase,
    private readonly uploadFile: UploadFileUseCase,
    private readonly deleteFile: DeleteFileUseCase,
  ) {}

  @Put('*path')
  @HttpCode(201)
  async put(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const location = parseArtifactUrl(request.originalUrl);
    try {
      const access = await this.authorizeUpload.execute({ location, credentials: credentialsOf(request), contentLength: contentLength(request) });
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

  @Delete('*path')
  @HttpCode(204)
  async remove(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const location = parseArtifactUrl(request.originalUrl);
    const access = await this.access.authorize(location.repository, credentialsOf(request), 'delete');
    await this.deleteFile.execute({ access, path: location.path, actor: actorOf(request, access) });
  }
}
