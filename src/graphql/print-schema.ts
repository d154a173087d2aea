import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';

/** The schema an initialised app serves, sorted, as committed in src/schema.gql. */
export function printAppSchema(app: INestApplication): string {
  const { schema } = app.get(GraphQLSchemaHost);
  return `# Generated from the code by \`npm run schema:emit\`; do not edit. Sorted, so that API\n# changes show up in review.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
