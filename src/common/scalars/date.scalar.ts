import { CustomScalar, Scalar } from '@nestjs/graphql';
import { GraphQLError, Kind, type ValueNode } from 'graphql';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date, YYYY-MM-DD, kept as a string: no time zone can shift it. */
export function parseCalendarDate(value: unknown): string {
  if (typeof value !== 'string') throw new GraphQLError('Date must be a string YYYY-MM-DD');
  const match = DATE.exec(value);
  const date = match ? new Date(Date.UTC(2000, Number(match[2]) - 1, Number(match[3]))) : undefined;
  // Date.UTC reads years 0-99 as 1900-1999: set the year on its own.
  date?.setUTCFullYear(Number(match![1]), Number(match![2]) - 1, Number(match![3]));
  if (!date || date.toISOString().slice(0, 10) !== value) throw new GraphQLError(`"${value.slice(0, 40)}" is not a date YYYY-MM-DD`);
  // Year 0000 does not exist (1 BC comes before AD 1) and PostgreSQL refuses it: 0001 to 9999.
  if (Number(match![1]) < 1) throw new GraphQLError(`"${value}" is not a date: years run from 0001 to 9999`);
  return value;
}

@Scalar('Date', () => CalendarDate)
export class CalendarDate implements CustomScalar<string, string> {
  description = 'A calendar date, YYYY-MM-DD.';

  parseValue(value: unknown): string {
    return parseCalendarDate(value);
  }

  serialize(value: unknown): string {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return parseCalendarDate(value);
  }

  parseLiteral(ast: ValueNode): string {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string YYYY-MM-DD');
    return parseCalendarDate(ast.value);
  }
}
