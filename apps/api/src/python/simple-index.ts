import { html } from '../portal/html';

/**
 * The Simple Repository API pip, uv and poetry read: PEP 503 HTML and PEP 691 JSON of the same
 * facts, with PEP 658/714 core metadata, PEP 592 yanking and PEP 700's versions, sizes and
 * upload times (API version 1.1).
 */
export const SIMPLE_API_VERSION = '1.1';
export const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json';
export const SIMPLE_HTML = 'application/vnd.pypi.simple.v1+html';

/** One file of a project's page. */
export interface IndexedFile {
  filename: string;
  /** Relative to the project's page: `../../packages/{project}/{version}/{filename}`. */
  url: string;
  sha256: string;
  size: number;
  uploadedAt: Date;
  requiresPython: string | null;
  /** Of the `{file}.metadata` served beside the file; null when there is none. */
  coreMetadataSha256: string | null;
  /** PEP 592: false, or the reason ('' when none was given). */
  yanked: false | string;
}

export interface ProjectPage {
  /** Normalized. */
  name: string;
  /** In PEP 440 order. */
  versions: string[];
  files: IndexedFile[];
}

const META = html`<meta name="pypi:repository-version" content="${SIMPLE_API_VERSION}">`;

export function projectListHtml(projects: string[]): string {
  const links = projects.map((project) => html`<a href="${`${project}/`}">${project}</a><br>\n`);
  return html`<!DOCTYPE html>\n<html><head>${META}<title>Simple index</title></head><body>\n${links}</body></html>\n`.value;
}

export function projectListJson(projects: string[]): object {
  return { meta: { 'api-version': SIMPLE_API_VERSION }, projects: projects.map((name) => ({ name })) };
}

export function projectPageHtml(page: ProjectPage): string {
  const links = page.files.map((file) => {
    const metadata = file.coreMetadataSha256 === null ? '' : `sha256=${file.coreMetadataSha256}`;
    return html`<a href="${`${file.url}#sha256=${file.sha256}`}"${attribute('data-requires-python', file.requiresPython)}${attribute('data-dist-info-metadata', metadata || null)}${attribute('data-core-metadata', metadata || null)}${attribute('data-yanked', file.yanked === false ? null : file.yanked)}>${file.filename}</a><br>\n`;
  });
  return html`<!DOCTYPE html>\n<html><head>${META}<title>Links for ${page.name}</title></head><body>\n<h1>Links for ${page.name}</h1>\n${links}</body></html>\n`.value;
}

export function projectPageJson(page: ProjectPage): object {
  return {
    meta: { 'api-version': SIMPLE_API_VERSION },
    name: page.name,
    versions: page.versions,
    files: page.files.map((file) => {
      const metadata = file.coreMetadataSha256 === null ? false : { sha256: file.coreMetadataSha256 };
      return {
        filename: file.filename,
        url: file.url,
        hashes: { sha256: file.sha256 },
        ...(file.requiresPython === null ? {} : { 'requires-python': file.requiresPython }),
        // PEP 714: JSON says only `core-metadata`; pip 22.3 to 23.1 crash on the older key's object form.
        'core-metadata': metadata,
        yanked: file.yanked === false ? false : file.yanked || true,
        size: file.size,
        'upload-time': file.uploadedAt.toISOString(),
      };
    }),
  };
}

/** ` name="value"`, escaped; nothing when the value is null. */
function attribute(name: string, value: string | null) {
  return value === null ? '' : html` ${name}="${value}"`;
}
