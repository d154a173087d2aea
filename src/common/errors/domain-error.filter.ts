import { Catch, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from './domain-error.js';

/**
 * Hands an expected refusal straight back to GraphQL, whose error mapping gives it its code.
 * Without it Nest logs every refusal (a wrong password, a FORBIDDEN) as an error with a stack.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError): DomainError {
    return error;
  }
}
