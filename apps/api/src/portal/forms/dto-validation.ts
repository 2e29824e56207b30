import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { besideField } from './field-messages';

export type DtoErrors<T> = Partial<Record<keyof T & string, string[]>>;

/**
 * Runs a REST DTO's own class-validator rules on a portal form, so the portal refuses exactly
 * what the API refuses, with its words (the field name dropped: the field's label is on screen).
 */
export async function validateAsDto<T extends object>(type: new () => T, values: Partial<Record<keyof T & string, unknown>>): Promise<{ value: T; errors: DtoErrors<T> }> {
  const value = plainToInstance(type, values);
  const failures = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  const errors: DtoErrors<T> = {};
  for (const failure of failures) {
    const key = failure.property as keyof T & string;
    errors[key] = Object.values(failure.constraints ?? {}).map((message) => besideField(message, failure.property));
  }
  return { value, errors };
}
