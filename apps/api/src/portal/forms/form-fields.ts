/** A form or query field as the portal reads it: its text trimmed, or '' when it is missing or sent twice. */
export function fieldText(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** A password as typed: spaces may be part of it. */
export function secretText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
