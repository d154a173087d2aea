import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codegen } from '@graphql-codegen/core';
import * as typescriptOperations from '@graphql-codegen/typescript-operations';
import { Kind, buildSchema, parse, printSchema } from 'graphql';
import { contractDocument } from './contract-operations.js';

// The TypeScript types of the contract's operations, their variables and results, from
// src/schema.gql: the e2e tests send those operations typed (test/helpers/api.ts).
//   npm run codegen   writes test/generated/contract.ts (test/contract.spec.ts checks it is current)

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CONTRACT_TYPES_FILE = join(root, 'test', 'generated', 'contract.ts');

export async function generateContractTypes(): Promise<string> {
  const schema = buildSchema(readFileSync(join(root, 'src', 'schema.gql'), 'utf8'));
  const contract = contractDocument();
  const output = await codegen({
    filename: CONTRACT_TYPES_FILE,
    schema: parse(printSchema(schema)),
    documents: [{ document: contract }],
    config: { enumsAsTypes: true, scalars: { DateTime: 'string', Date: 'string', Upload: 'unknown' }, skipTypename: true },
    plugins: [{ typescriptOperations: {} }],
    pluginMap: { typescriptOperations },
  });
  // Each operation by name: its result and variables (TestApi.operation is typed by it).
  const operations = contract.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d] : []));
  const suffix = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;
  const map = operations
    .map((op) => `  ${op.name!.value}: { result: ${op.name!.value}${suffix[op.operation]}; variables: ${op.name!.value}${suffix[op.operation]}Variables };`)
    .join('\n');
  return `// Generated from src/schema.gql and test/contract by \`npm run codegen\`; do not edit.\n/* eslint-disable */\n${output}\nexport interface ContractOperations {\n${map}\n}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(dirname(CONTRACT_TYPES_FILE), { recursive: true });
  writeFileSync(CONTRACT_TYPES_FILE, await generateContractTypes());
  console.log(`wrote ${CONTRACT_TYPES_FILE}`);
}
