/** Parsers for the value forms the environment uses. Each returns undefined for a bad value. */

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `15s`, `5m`, `2h`, `1d`, `250ms`; a bare number is seconds. */
export function parseDurationMs(raw: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(raw);
  if (!match) return undefined;
  const unit = (match[2] ?? 's').toLowerCase();
  return Math.round(Number(match[1]) * DURATION_UNITS[unit]);
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** `2GiB`, `500MB`, `1048576`. */
export function parseBytes(raw: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(raw);
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  return Math.floor(Number(match[1]) * SIZE_UNITS[unit]);
}

export function parseBoolean(raw: string): boolean | undefined {
  const value = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off', ''].includes(value)) return false;
  return undefined;
}

export function parsePort(raw: string): number | undefined {
  if (!/^\d+$/.test(raw.trim())) return undefined;
  const port = Number(raw);
  return port >= 0 && port <= 65_535 ? port : undefined;
}

export function parseHttpUrl(raw: string, protocols: string[] = ['http:', 'https:']): URL | undefined {
  try {
    const url = new URL(raw);
    return protocols.includes(url.protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}
