import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

// ISO 8601 with a time and an offset (or Z); a bare date or local time is ambiguous.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/i;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) {
    throw new GraphQLError('DateTime must be ISO 8601 with an offset, e.g. 2021-04-05T18:55:53+06:00');
  }
  const date = new Date(value);
  // new Date() rolls 30 February into March: the calendar date must exist as written.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  calendar.setUTCFullYear(year);
  // An offset can push 9999-12-31 past what PostgreSQL and JavaScript both read back.
  const inRange = date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999;
  if (Number.isNaN(date.getTime()) || !inRange || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
    throw new GraphQLError(`"${value.slice(0, 40)}" is not a valid date and time`);
  }
  return date;
}

/** An instant: ISO 8601 with offset in, UTC out (`2021-04-05T12:55:53Z`, milliseconds only when set). */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with an offset (e.g. 2021-04-05T18:55:53+06:00); returned in UTC.',
  serialize(value) {
    const date = value instanceof Date ? value : parseDateTime(value);
    return date.toISOString().replace('.000Z', 'Z');
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return parseDateTime(ast.value);
  },
});
