import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { contractOperation, contractOperationNames, CONTRACT_FILES } from './helpers/contract.js';
import { PENDING_OPERATIONS } from './contract/pending-operations.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schema = buildSchema(readFileSync(join(root, 'src', 'schema.gql'), 'utf8'));

function errorsOf(name: string): string[] {
  const document = parse(contractOperation(name));
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  // graphql 16 does not check that the schema has the operation's root type at all.
  const root = schema.getRootType(operation.operation);
  const missingRoot = root ? [] : [`the schema has no ${operation.operation} type`];
  return [...missingRoot, ...validate(schema, document).map((error) => error.message)];
}

describe('the contract against src/schema.gql', () => {
  const names = contractOperationNames();
  const built = names.filter((name) => !PENDING_OPERATIONS.includes(name));

  it.each(built)('accepts %s as written', (name) => {
    expect(errorsOf(name)).toEqual([]);
  });

  it('lists as pending only operations of the contract that the schema still refuses', () => {
    for (const name of PENDING_OPERATIONS) {
      expect(names).toContain(name);
      expect(errorsOf(name).length).toBeGreaterThan(0);
    }
  });

  it('validates every operation of the contract', () => {
    expect(PENDING_OPERATIONS).toEqual([]);
    expect(built).toEqual(names);
  });

  it('names each operation once', () => {
    const definitions = CONTRACT_FILES.flatMap((file) =>
      parse(readFileSync(file, 'utf8')).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION),
    );
    expect(new Set(definitions.map((d) => d.name?.value)).size).toBe(definitions.length);
  });

  // The copy in test/contract is what the tests use; the shared contract is the source.
  const shared = join(root, '..', 'shared', 'contract');
  it.each(CONTRACT_FILES)('keeps %s identical to the shared contract when it is beside the repo', (file) => {
    const original = join(shared, file.split('/').at(-1)!);
    if (!existsSync(original)) return;
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(original, 'utf8'));
  });
});
