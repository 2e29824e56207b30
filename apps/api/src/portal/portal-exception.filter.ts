import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { errorAnswer, errorHeaders } from '../common/http-exception.filter';
import { html } from './html';
import { CsrfRejectedError, SignInRequiredError } from './portal-errors';
import { PortalCookies, SESSION_COOKIE } from './session/cookies';
import { viewerOf } from './session/portal-session.guard';
import { portalPage, standalonePage } from './views/layout';

const TITLES: Record<number, string> = {
  400: 'That did not work',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  429: 'Too many attempts',
  503: 'Try again shortly',
};

/**
 * Portal errors as pages, not JSON: no session → the sign-in page; a bad CSRF token → 403;
 * anything else → a page with the status, inside the portal frame when someone is signed in.
 */
@Catch()
@Injectable()
export class PortalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Portal');

  constructor(private readonly cookies: PortalCookies) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (exception instanceof SignInRequiredError) {
      this.cookies.clear(request, response, SESSION_COOKIE);
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.originalUrl)}` : '';
      response.redirect(303, `/portal/login${next}`);
      return;
    }
    const [status, message] = this.describe(exception);
    response.set(errorHeaders(exception));
    const title = TITLES[status] ?? 'Something went wrong';
    const body = html`<section class="card"><div class="card-body empty-state">
      <h1>${title}</h1>
      <p>${message}</p>
      <a class="btn btn-secondary" href="/portal/webhooks">Back to webhooks</a>
    </div></section>`;
    const viewer = viewerOf(request);
    response
      .status(status)
      .type('html')
      .send(viewer ? portalPage({ title, viewer, section: null }, body) : standalonePage(title, html`<div class="card auth-card">${body}</div>`));
  }

  private describe(exception: unknown): [number, string] {
    if (exception instanceof CsrfRejectedError) {
      return [HttpStatus.FORBIDDEN, 'This form has expired or did not come from this portal. Go back, reload the page and try again.'];
    }
    // The status the API answers with, and its message; an unexpected error's detail stays in the log.
    const [status, { message }] = errorAnswer(exception);
    if (status !== HttpStatus.INTERNAL_SERVER_ERROR) {
      const text = Array.isArray(message) ? message.join('; ') : String(message);
      return [status, text.charAt(0).toUpperCase() + text.slice(1)];
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return [HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error happened; the server log has the details.'];
  }
}
