import type { PythonCoordinates } from '@herald/contracts';

/**
 * Where a `python` repository keeps a distribution: `packages/{project}/{version}/{filename}`,
 * the project (PEP 503) and the version (PEP 440) normalized, so every spelling of one version
 * shares a folder. The index links there, and downloads and deletes use the same URLs as any
 * file's.
 */
export function pythonFilePath(project: string, version: string, filename: string): string {
  return `packages/${project}/${version}/${filename}`;
}

/** The distribution a path of a `python` repository holds; null for a path outside `packages/`. */
export function pythonCoordinates(path: string): PythonCoordinates | null {
  const match = /^packages\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (!match) return null;
  const [, project, version, filename] = match;
  return { project, version, filename, packageType: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist' };
}
