import { html } from '../html';
import { icon } from './icons';
import { noticeBanner, standalonePage, type Notice } from './layout';

export interface SignInView {
  token: string;
  next: string;
  username: string;
  error: string | null;
  notice: Notice | null;
}

/** What the form says to an address that failed too often (429); the wait is rounded up to minutes. */
export function throttledSignIn(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Too many failed sign-ins from this address. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

export function signInPage(view: SignInView): string {
  return standalonePage(
    'Sign in',
    html`<section class="card auth-card" aria-labelledby="sign-in-title">
      <div class="brand">${icon('logo', 22)}<span>Herald</span></div>
      <h1 id="sign-in-title">Sign in to the portal</h1>
      <p class="lead">Manage webhooks and follow every delivery. Administrators only.</p>
      ${noticeBanner(view.error ? { tone: 'danger', text: view.error } : view.notice)}
      <form class="form" method="post" action="/portal/login">
        <input type="hidden" name="_csrf" value="${view.token}">
        <input type="hidden" name="next" value="${view.next}">
        <div class="field">
          <label class="label" for="username">Username</label>
          <input type="text" id="username" name="username" value="${view.username}" autocomplete="username" autocapitalize="none" spellcheck="false" required${view.username ? html`` : html` autofocus`}>
        </div>
        <div class="field">
          <label class="label" for="password">Password</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required${view.username ? html` autofocus` : html``}>
        </div>
        <button type="submit" class="btn btn-primary btn-block">Sign in</button>
      </form>
    </section>`,
  );
}
