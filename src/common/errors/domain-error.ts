/** The error codes a client may act on (each in `extensions.code`). */
export type DomainErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'INVALID_TRANSITION' | 'BAD_USER_INPUT' | 'UNAUTHENTICATED';

/** One bad input field and why; `field` is a dotted path such as `input.slug`. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface DomainErrorDetails {
  fields?: FieldProblem[];
  currentVersion?: number;
  allowed?: string[];
}

/** An expected refusal. The GraphQL error mapping turns it into `extensions.code`. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);

export const forbidden = (message = 'You may not do this') => new DomainError('FORBIDDEN', message);

export const unauthenticated = (message = 'Sign in first') => new DomainError('UNAUTHENTICATED', message);

export const conflict = (currentVersion: number) =>
  new DomainError('CONFLICT', `This was changed by someone else: it is now at version ${currentVersion}`, {
    currentVersion,
  });

export const badInput = (fields: FieldProblem[], message?: string) =>
  new DomainError('BAD_USER_INPUT', message ?? fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });

export const invalidTransition = (message: string, allowed: string[]) => new DomainError('INVALID_TRANSITION', message, { allowed });
