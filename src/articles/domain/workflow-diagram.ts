import { ARTICLE_STATUSES, WORKFLOW, type Actor, type Requirement } from './article-workflow.js';

// The workflow table drawn as a Mermaid state diagram, for the README: written from the table
// (never by hand), so the picture cannot drift from what the code decides. `npm run
// diagram` writes it between the README's markers; test/workflow-diagram.spec.ts fails when
// the committed one differs.

export const DIAGRAM_START = '<!-- workflow diagram: npm run diagram -->';
export const DIAGRAM_END = '<!-- end of workflow diagram -->';

const ACTORS: Record<Actor, string> = {
  WRITER: 'writer',
  CONTRIBUTOR: 'contributor',
  COPY_EDITOR: 'copy editor',
  EDITOR: 'editor',
  PRODUCTION: 'production',
  SCHEDULER: 'scheduler',
};

const REQUIREMENTS: Record<Requirement, string> = {
  COMMENT: 'a comment',
  FUTURE_PUBLISH_AT: 'a future time',
  COMPLETE_COPY: 'complete copy',
  PLACEMENT: 'a page in the edition',
};

/** The Mermaid source of the workflow: each move an arrow, labelled with its name, who takes it and what it needs. */
export function workflowDiagram(): string {
  const lines = ['stateDiagram-v2', '  direction LR', '  [*] --> DRAFT: create'];
  for (const move of WORKFLOW) {
    const who = move.who.map((actor) => ACTORS[actor]).join(', ');
    const needs = move.requires.length > 0 ? ` · needs ${move.requires.map((r) => REQUIREMENTS[r]).join(', ')}` : '';
    const via = move.viaEdition ? ', by printing its edition' : '';
    for (const from of move.from) lines.push(`  ${from} --> ${move.to}: ${move.name}${via} (${who}${needs})`);
  }
  // A status no move leaves or enters would be a bug in the table; each is drawn anyway.
  for (const status of ARTICLE_STATUSES) if (!WORKFLOW.some((m) => m.to === status || m.from.includes(status))) lines.push(`  ${status}`);
  return lines.join('\n');
}

/** The README's section between the markers, as it must read. */
export function diagramSection(): string {
  return `${DIAGRAM_START}\n\`\`\`mermaid\n${workflowDiagram()}\n\`\`\`\n${DIAGRAM_END}`;
}

/** The README with its diagram section replaced by the table's. */
export function withDiagram(readme: string): string {
  const start = readme.indexOf(DIAGRAM_START);
  const end = readme.indexOf(DIAGRAM_END);
  if (start === -1 || end === -1 || end < start) throw new Error(`README.md has no "${DIAGRAM_START}" … "${DIAGRAM_END}" section`);
  return readme.slice(0, start) + diagramSection() + readme.slice(end + DIAGRAM_END.length);
}
