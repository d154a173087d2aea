import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, visit, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

import { projectRoot } from '../src/database/project-paths.js';

// The operations of the contract (test/contract, a copy of the shared contract checked
// against it by test/contract.spec.ts), by name, each with the fragments it spreads: what
// the tests and the benchmark send.

export const CONTRACT_FILES = ['frontend.graphql', 'admin.graphql', 'media.graphql', 'integration.graphql'].map((file) =>
  join(projectRoot, 'test', 'contract', file),
);

export function contractDocument(): DocumentNode {
  return parse(CONTRACT_FILES.map((file) => readFileSync(file, 'utf8')).join('\n'));
}

export function contractOperationNames(): string[] {
  return contractDocument()
    .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((d) => d.name!.value);
}

/** The text of one contract operation with the fragments it uses, ready to send. */
export function contractOperation(name: string): string {
  const document = contractDocument();
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!operation) throw new Error(`no operation ${name} in the contract`);
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const used = new Set<string>();
  const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        collect(fragments.get(spread.name.value)!);
      },
    });
  collect(operation);
  return [operation, ...[...used].map((n) => fragments.get(n)!)].map((d) => print(d)).join('\n\n');
}
