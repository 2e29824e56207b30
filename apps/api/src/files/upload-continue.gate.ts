import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { credentialsOf } from '../auth/presented-credentials';
import { HttpExceptionFilter } from '../common/http-exception.filter';
import { parseArtifactUrl } from './artifact-path';
import { contentLength } from './request-headers';
import { AuthorizeUploadUseCase } from './usecases/authorize-upload.usecase';

/**
 * Answers `Expect: 100-continue` on uploads only once the upload would be accepted, so Maven,
 * Gradle and curl do not send a body that is refused anyway (401, 403, 404, 409, 413). Any other
 * request that expects 100 Continue gets it at once, as Node would send it.
 */
@Injectable()
export class UploadContinueGate implements OnApplicationBootstrap {
  private readonly errors = new HttpExceptionFilter();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authorizeUpload: AuthorizeUploadUseCase,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    // With a listener here, Node leaves 100 Continue and the 'request' event to us.
    server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => void this.decide(server, request, response));
  }

  private async decide(server: Server, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'PUT' && request.url?.startsWith('/repositories/')) {
      try {
        await this.authorizeUpload.execute({
          location: parseArtifactUrl(request.url),
          credentials: credentialsOf(request),
          contentLength: contentLength(request),
        });
      } catch (error) {
        // No 100 was sent, so the client sends no body; Node closes the connection after this answer.
        this.errors.respond(response, error);
        return;
      }
    }
    response.writeContinue();
    server.emit('request', request, response);
  }
}
