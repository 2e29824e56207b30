import { Controller, HttpCode, Put, Req, UnauthorizedException, ForbiddenException, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import { BASIC_CHALLENGE } from '../auth/admin.guard';
import { parseArtifactUrl } from './artifact-path';
import { UploadFileUseCase } from './usecases/upload-file.usecase';

/** The Maven-layout protocol build tools speak: `/repositories/{repo}/{path}`. */
@ApiExcludeController()
@Controller('repositories')
export class FilesController {
  constructor(
    private readonly auth: AuthService,
    private readonly uploadFile: UploadFileUseCase,
  ) {}

  @Put('*path')
  @HttpCode(201)
  async put(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const location = parseArtifactUrl(request.originalUrl);
    const auth = await this.auth.authenticate(request.headers.authorization);
    if (auth.kind !== 'authenticated') {
      response.setHeader('WWW-Authenticate', BASIC_CHALLENGE);
      throw new UnauthorizedException();
    }
    if (auth.principal.role === 'reader') throw new ForbiddenException('readers cannot upload');
    const event = await this.uploadFile.execute({
      ...location,
      body: request,
      contentType: request.headers['content-type'] ?? 'application/octet-stream',
      expected: {
        sha1: header(request, 'x-checksum-sha1'),
        sha256: header(request, 'x-checksum-sha256'),
        md5: header(request, 'x-checksum-md5'),
      },
      actor: { username: auth.principal.username, ip: request.ip ?? null, userAgent: header(request, 'user-agent') ?? null },
    });
    return { repository: event.repository, path: event.path, size: event.size, sha256: event.sha256 };
  }
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
