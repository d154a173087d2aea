import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { badInput } from '../errors/domain-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** An `ID` argument: a UUID, or BAD_USER_INPUT naming the argument. */
export class ParseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (!isId(value)) throw badInput([{ field: metadata.data ?? 'id', message: 'is not an id' }]);
    return value.toLowerCase();
  }
}
