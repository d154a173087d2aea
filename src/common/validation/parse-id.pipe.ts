import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { badInput } from '../errors/domain-error.js';

import { isUuid } from './uuid.js';

/** An `ID` argument: a UUID, or BAD_USER_INPUT naming the argument. */
export class ParseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (!isUuid(value)) throw badInput([{ field: metadata.data ?? 'id', message: 'is not an id' }]);
    return value.toLowerCase();
  }
}
