import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { contractOperation, contractOperationNames, CONTRACT_FILES } from '../scripts/contract-operations.js';
import { createHash } from 'node:crypto';
import { CONTRACT_TYPES_FILE, generateContractTypes } from '../scripts/contract-types.js';

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

// The copy in test/contract is what the tests use; the shared contract is its source, whose
// files' hashes were recorded in test/contract/source.json when the copy was taken.
const source = JSON.parse(readFileSync(join(root, 'test', 'contract', 'source.json'), 'utf8')) as { from: string; sha256: Record<string, string> };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the contract against src/schema.gql', () => {
  const names = contractOperationNames();

  it.each(names)('accepts %s as written', (name) => {
    expect(errorsOf(name)).toEqual([]);
  });

  it.each(CONTRACT_FILES)('finds operations in %s (a missing or empty copy fails)', (file) => {
    const operations = parse(readFileSync(file, 'utf8')).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations.length).toBeGreaterThan(0);
  });

  it('names each operation once', () => {
    const definitions = CONTRACT_FILES.flatMap((file) =>
      parse(readFileSync(file, 'utf8')).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION),
    );
    expect(new Set(definitions.map((d) => d.name?.value)).size).toBe(definitions.length);
  });

  it.each(CONTRACT_FILES)('keeps %s as the shared contract has it', (file) => {
    const name = file.split('/').at(-1)!;
    const copy = readFileSync(file, 'utf8');
    // Always: the copy is the one recorded (a change to it alone fails).
    expect(sha256(copy)).toBe(source.sha256[name]);
    // And where the shared contract is beside the repository, it is still that one.
    const shared = join(root, source.from, name);
    if (existsSync(shared)) expect(copy).toBe(readFileSync(shared, 'utf8'));
  });

  it('records every file of the copy and nothing else', () => {
    expect(Object.keys(source.sha256).sort()).toEqual(CONTRACT_FILES.map((file) => file.split('/').at(-1)).sort());
  });

  it('has its operations typed as test/generated/contract.ts says (run `npm run codegen` after a change)', async () => {
    expect(readFileSync(CONTRACT_TYPES_FILE, 'utf8')).toBe(await generateContractTypes());
  });
});
