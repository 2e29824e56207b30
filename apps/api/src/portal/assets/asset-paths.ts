import { createHash } from 'node:crypto';
import { PORTAL_CSS } from './portal-css';
import { PORTAL_JS } from './portal-js';

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="#3451d1" stroke-width="2.2" stroke-linecap="round"><path d="M4.9 19.1a10 10 0 0 1 0-14.2"/><path d="M7.8 16.2a6 6 0 0 1 0-8.4"/><circle cx="12" cy="12" r="2"/><path d="M16.2 7.8a6 6 0 0 1 0 8.4"/><path d="M19.1 4.9a10 10 0 0 1 0 14.2"/></svg>`;

export interface PortalAsset {
  body: string;
  contentType: string;
  etag: string;
}

function asset(body: string, contentType: string): PortalAsset {
  return { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

/** The portal's assets by file name, compiled into the API so `npm run build` needs no copy step. */
export const PORTAL_ASSETS: Record<string, PortalAsset> = {
  'portal.css': asset(PORTAL_CSS, 'text/css; charset=utf-8'),
  'portal.js': asset(PORTAL_JS, 'text/javascript; charset=utf-8'),
  'favicon.svg': asset(FAVICON, 'image/svg+xml'),
};

/** URLs carrying a content version, so browsers may cache them for good. */
export const ASSET_PATHS = {
  css: `/portal/assets/portal.css?v=${PORTAL_ASSETS['portal.css'].etag.slice(1, 9)}`,
  js: `/portal/assets/portal.js?v=${PORTAL_ASSETS['portal.js'].etag.slice(1, 9)}`,
  favicon: '/portal/assets/favicon.svg',
};
