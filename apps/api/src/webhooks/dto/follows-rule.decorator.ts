import { ValidateBy, ValidateIf } from 'class-validator';
import type { Rule } from '../webhook-rules';

/**
 * Applies one of the webhook field rules (webhook-rules.ts) as a class-validator constraint, so
 * the ValidationPipe answers with the same words the use cases would. `optional`: a missing
 * property is fine (PATCH), while an explicit `null` is still judged by the rule.
 */
export function FollowsRule(rule: Rule, options: { optional?: boolean } = {}): PropertyDecorator {
  const validate = ValidateBy({
    name: 'heraldWebhookRule',
    validator: {
      validate: (value: unknown) => rule(value).length === 0,
      defaultMessage: (args) => rule(args?.value).join('; '),
    },
  });
  if (!options.optional) return validate;
  const onlyWhenPresent = ValidateIf((_object: unknown, value: unknown) => value !== undefined);
  return (target, property) => {
    onlyWhenPresent(target, property);
    validate(target, property);
  };
}
