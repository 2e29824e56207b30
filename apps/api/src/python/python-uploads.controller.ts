import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { InsufficientStorageError, UploadTooLargeError } from '@herald/storage';
import { credentialsOf } from '../auth/presented-credentials';
import { actorOf } from '../files/actor';
import { FileAccessPolicy } from '../files/file-access';
import { contentLength } from '../files/request-headers';
import { WrongUploadMethodError } from '../files/upload-errors';
import { errorAnswer } from '../common/http-exception.filter';
import { UploadDistributionUseCase } from './usecases/upload-distribution.usecase';

/**
 * twine's upload API (the one PyPI speaks): `POST /repositories/{repo}/`, a multipart form with
 * `:action=file_upload`, the distribution's metadata and the file as `content`. Used by twine,
 * `uv publish`, poetry and flit alike.
 */
@ApiExcludeController()
@Controller('repositories')
export class PythonUploadsController {
  constructor(
    private readonly access: FileAccessPolicy,
    private readonly uploadDistribution: UploadDistributionUseCase,
  ) {}

  @Post(':repository')
  @HttpCode(201)
  async upload(@Param('repository') repositoryName: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    try {
      const access = await this.access.authorize(repositoryName, credentialsOf(request), 'write');
      if (access.repository.format !== 'python') {
        throw new WrongUploadMethodError(`${repositoryName} is a maven repository: files are uploaded with PUT to their path; twine uploads go to python repositories`);
      }
      const event = await this.uploadDistribution.execute({ access, body: request, contentLength: contentLength(request), actor: actorOf(request, access) });
      response.setHeader('Location', `/repositories/${repositoryName}/${event.path}`);
      return { repository: event.repository, path: event.path, size: event.size, sha256: event.sha256, python: event.python };
    } catch (error) {
      // twine shows the status line, not the body: the reason goes there too, as PyPI does.
      response.statusMessage = reasonPhrase(errorAnswer(error));
      if (!request.complete) {
        if (error instanceof UploadTooLargeError || error instanceof InsufficientStorageError) response.setHeader('Connection', 'close');
        request.resume();
      }
      throw error;
    }
  }
}

/** `409 Conflict: demo-1.0.tar.gz already exists …`, as a status line may carry it: one line of printable ASCII. */
function reasonPhrase([status, body]: [number, Record<string, unknown>]): string {
  const message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? '');
  const error = String(body.error ?? status);
  return `${error}: ${message}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 300);
}
