import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectRoot } from '../src/database/project-paths.js';
import { printAppSchema } from '../src/graphql/print-schema.js';
import { TestApi } from './helpers/api.js';

describe('src/schema.gql', () => {
  let api: TestApi;
  beforeAll(async () => (api = await TestApi.start()));
  afterAll(() => api.close());

  it('is the schema the code serves (run `npm run schema:emit` after an API change)', () => {
    expect(readFileSync(`${projectRoot}/src/schema.gql`, 'utf8')).toBe(printAppSchema(api.app));
  });
});
