import { ConflictError } from '../../common/domain-errors';

/** `name must be 1 to 64 letters…` beside the Name field reads `Must be 1 to 64 letters…`. */
export function besideField(message: string, field: string): string {
  const text = message.startsWith(`${field} `) && /^(must|should)\b/.test(message.slice(field.length + 1)) ? message.slice(field.length + 1) : message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A 409 from a use case ("repository x already exists") goes beside the field it names; anything else is thrown on. */
export function conflictMessage(error: unknown, field: string): string {
  if (error instanceof ConflictError) return besideField(error.message, field);
  throw error;
}
