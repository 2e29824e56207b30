import { html, type Renderable, type SafeHtml } from '../html';
import { ASSET_PATHS } from '../assets/asset-paths';
import { csrfField, type PortalViewer } from './components';
import { icon, type IconName } from './icons';

export type PortalSection = 'webhooks' | 'repositories' | 'users' | 'events' | 'audit';

export interface Notice {
  tone: 'success' | 'info' | 'danger';
  text: string;
}

export interface PageFrame {
  title: string;
  viewer: PortalViewer;
  section: PortalSection | null;
  notice?: Notice | null;
}

const SECTIONS: Array<{ id: PortalSection; label: string; href: string; icon: IconName }> = [
  { id: 'webhooks', label: 'Webhooks', href: '/portal/webhooks', icon: 'webhooks' },
  { id: 'repositories', label: 'Repositories', href: '/portal/repositories', icon: 'repositories' },
  { id: 'users', label: 'Users', href: '/portal/users', icon: 'users' },
  { id: 'events', label: 'Events', href: '/portal/events', icon: 'events' },
  { id: 'audit', label: 'Audit', href: '/portal/audit', icon: 'audit' },
];

function documentShell(title: string, bodyClass: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Herald</title>
<link rel="icon" href="${ASSET_PATHS.favicon}" type="image/svg+xml">
<link rel="stylesheet" href="${ASSET_PATHS.css}">
<script src="${ASSET_PATHS.js}" defer></script>
</head>
<body class="${bodyClass}">
${body}
</body>
</html>`.value;
}

export function noticeBanner(notice: Notice | null | undefined): SafeHtml | null {
  if (!notice) return null;
  return html`<div class="notice notice-${notice.tone}" role="${notice.tone === 'danger' ? 'alert' : 'status'}">${notice.text}</div>`;
}

/** Every signed-in page: skip link, side navigation, the signed-in user, the main landmark. */
export function portalPage(frame: PageFrame, content: Renderable): string {
  const nav = SECTIONS.map(
    (section) =>
      html`<li><a href="${section.href}"${section.id === frame.section ? html` aria-current="page"` : html``}>${icon(section.icon, 18)}<span>${section.label}</span></a></li>`,
  );
  return documentShell(
    frame.title,
    'portal',
    html`<a class="skip-link" href="#main">Skip to content</a>
<div class="shell">
  <aside class="sidebar">
    <a class="brand" href="/portal/webhooks">${icon('logo', 22)}<span>Herald</span></a>
    <nav aria-label="Portal sections"><ul class="nav-list">${nav}</ul></nav>
    <div class="sidebar-footer">
      <p class="signed-in">Signed in as <strong>${frame.viewer.username}</strong></p>
      <form method="post" action="/portal/logout">${csrfField(frame.viewer)}<button type="submit" class="btn btn-ghost btn-block">${icon('signOut')}Sign out</button></form>
    </div>
  </aside>
  <main id="main" class="main" tabindex="-1">
    ${noticeBanner(frame.notice)}
    ${content}
  </main>
</div>`,
  );
}

/** Pages without a session: sign-in and its errors. */
export function standalonePage(title: string, content: Renderable): string {
  return documentShell(title, 'standalone', html`<main id="main" class="standalone-main">${content}</main>`);
}
