import { Prisma } from '../generated/prisma/client.js';

// The one place that reads a constraint violation out of Prisma's errors. Through the pg
// driver adapter the constraint's name is in meta.driverAdapterError.cause, whether the
// statement was Prisma's own (P2002/P2003) or raw SQL (P2010); callers turn the name into
// the domain error it means.

type ViolationKind = 'UniqueConstraintViolation' | 'ForeignKeyConstraintViolation';

interface AdapterCause {
  kind?: string;
  constraint?: { index?: string };
}

function violatedConstraint(error: unknown, kind: ViolationKind): string | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const cause = (error.meta?.driverAdapterError as { cause?: AdapterCause } | undefined)?.cause;
  return cause?.kind === kind ? (cause.constraint?.index ?? null) : null;
}

/** The unique constraint (or index) the error violated, e.g. `authors_slug_key`; null for any other error. */
export function uniqueViolationOf(error: unknown): string | null {
  return violatedConstraint(error, 'UniqueConstraintViolation');
}

/** The foreign key the error violated, e.g. `authors_user_id_fkey`; null for any other error. */
export function foreignKeyViolationOf(error: unknown): string | null {
  return violatedConstraint(error, 'ForeignKeyConstraintViolation');
}
