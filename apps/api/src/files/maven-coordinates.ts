import type { MavenCoordinates } from '@herald/contracts';

/**
 * Maven coordinates of a path in Maven layout: `{group/as/folders}/{artifactId}/{version}/
 * {artifactId}-{version}[-{classifier}].{extension}`; null for anything else (metadata files,
 * checksums of metadata, paths of other layouts).
 */
export function mavenCoordinates(path: string): MavenCoordinates | null {
  const segments = path.split('/');
  if (segments.length < 4) return null;
  const [file, version, artifactId] = segments.slice(-3).reverse();
  const groupId = segments.slice(0, -3).join('.');
  const stem = `${artifactId}-${version}`;
  const snapshotBase = version.endsWith('-SNAPSHOT') ? version.slice(0, -'-SNAPSHOT'.length) : null;
  let rest: string | null = null;
  if (file.startsWith(stem)) rest = file.slice(stem.length);
  else if (snapshotBase) {
    // Timestamped snapshot: demo-1.0-20261128.220000-1.jar
    const match = new RegExp(`^${escape(artifactId)}-${escape(snapshotBase)}-\\d{8}\\.\\d{6}-\\d+(.*)$`).exec(file);
    if (match) rest = match[1];
  }
  if (rest === null) return null;
  const match = /^(?:-([^.]+))?\.(.+)$/.exec(rest);
  if (!match) return null;
  return { groupId, artifactId, version, classifier: match[1] ?? null, extension: match[2] };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
