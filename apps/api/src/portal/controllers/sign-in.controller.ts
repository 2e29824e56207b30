import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { clientAddress } from '../../common/client-address';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalCookies, readCookie, SESSION_COOKIE, SIGN_IN_COOKIE } from '../session/cookies';
import { PortalSessionCodec, SESSION_TTL_MS, SIGN_IN_FORM_TTL_MS } from '../session/portal-session';
import { PortalSessionGuard } from '../session/portal-session.guard';
import { PortalSessions } from '../session/portal-sessions';
import { SignInUseCase } from '../usecases/sign-in.usecase';
import { signInPage, throttledSignIn } from '../views/sign-in.page';
import type { Notice } from '../views/layout';

const HOME = '/portal/webhooks';

/** Only a portal path may follow sign-in: never another origin (`//evil`, `/\evil`). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !/^\/portal(\/|$)/.test(next) || /[\\\s]|\/\//.test(next) || next.startsWith('/portal/login')) return HOME;
  return next;
}

@ApiExcludeController()
@UseFilters(PortalExceptionFilter)
@Controller('portal')
export class SignInController {
  constructor(
    private readonly codec: PortalSessionCodec,
    private readonly sessions: PortalSessions,
    private readonly cookies: PortalCookies,
    private readonly signIn: SignInUseCase,
  ) {}

  @Get()
  home(@Res() response: Response): void {
    response.redirect(303, HOME);
  }

  @Get('login')
  async form(@Req() request: Request, @Res() response: Response, @Query('next') next?: string, @Query('signedOut') signedOut?: string): Promise<void> {
    if (await this.sessions.read(readCookie(request, SESSION_COOKIE))) {
      response.redirect(303, safeNext(next));
      return;
    }
    const notice: Notice | null = signedOut ? { tone: 'info', text: 'You have signed out.' } : null;
    this.renderForm(request, response, { next: safeNext(next), username: '', error: null, notice }, 200);
  }

  @Post('login')
  async submit(@Req() request: Request, @Res() response: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const username = typeof body.username === 'string' ? body.username.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    if (!this.codec.checkSignInForm(readCookie(request, SIGN_IN_COOKIE), body._csrf)) {
      this.renderForm(request, response, { next, username, error: 'The sign-in form expired. Please sign in again.', notice: null }, 403);
      return;
    }
    const address = clientAddress(request);
    const result = await this.signIn.execute({ username, password, address });
    if (result.kind === 'throttled') {
      response.setHeader('Retry-After', String(result.retryAfterSeconds));
      this.renderForm(request, response, { next, username, error: throttledSignIn(result.retryAfterSeconds), notice: null }, 429);
      return;
    }
    if (result.kind !== 'signed-in') {
      const error = result.kind === 'not-admin' ? 'The portal is for administrators; this account is not one.' : 'Wrong username or password.';
      this.renderForm(request, response, { next, username, error, notice: null }, 401);
      return;
    }
    const { secret } = await this.sessions.start(result.username, address);
    this.cookies.write(request, response, SESSION_COOKIE, secret, SESSION_TTL_MS);
    this.cookies.clear(request, response, SIGN_IN_COOKIE);
    response.redirect(303, next);
  }

  @Post('logout')
  @UseGuards(PortalSessionGuard)
  async logout(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.sessions.end(readCookie(request, SESSION_COOKIE));
    this.cookies.clear(request, response, SESSION_COOKIE);
    response.redirect(303, '/portal/login?signedOut=1');
  }

  private renderForm(request: Request, response: Response, view: { next: string; username: string; error: string | null; notice: Notice | null }, status: number): void {
    const { cookie, token } = this.codec.issueSignInForm();
    this.cookies.write(request, response, SIGN_IN_COOKIE, cookie, SIGN_IN_FORM_TTL_MS);
    response.status(status).type('html').send(signInPage({ ...view, token }));
  }
}
