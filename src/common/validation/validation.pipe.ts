import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { badInput, type FieldProblem } from '../errors/domain-error.js';

function problems(errors: ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: message.replace(`${error.property} `, '') }));
    return [...own, ...problems(error.children ?? [], field)];
  });
}

function findNul(value: unknown, path: string, seen = new Set<unknown>()): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object' || seen.has(value)) return undefined;
  seen.add(value);
  for (const [key, child] of Object.entries(value)) {
    const found = findNul(child, path ? `${path}.${key}` : key, seen);
    if (found) return found;
  }
  return undefined;
}

class ValidationFailure extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('validation failed');
  }
}

/**
 * class-validator on every argument and input, with the failures as BAD_USER_INPUT and
 * `extensions.fields` (each field and why, `input.slug` for a field of the `input`
 * argument). Strings with NUL bytes are refused here: no PostgreSQL text can hold one.
 */
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      forbidUnknownValues: false,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new ValidationFailure(errors),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Global pipes also see @Context() and @Parent() (as 'custom'); only a resolver's
    // arguments (@Args, which Nest reports as 'body') are input.
    if (metadata.type !== 'body') return value;
    // An upload (the Upload scalar) is a promise of its file stream: nothing to validate here.
    // (Checked by shape: under the test runner it is a promise of another realm.)
    if (metadata.metatype === Promise || typeof (value as { then?: unknown } | null)?.then === 'function') return value;
    const prefix = metadata.data ?? '';
    const nul = findNul(value, prefix);
    if (nul) throw badInput([{ field: nul, message: 'must not contain NUL characters' }]);
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof ValidationFailure) throw badInput(problems(error.errors, prefix));
      throw error;
    }
  }
}
