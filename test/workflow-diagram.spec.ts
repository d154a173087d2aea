import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ARTICLE_STATUSES, WORKFLOW } from '../src/articles/domain/article-workflow.js';
import { diagramSection, DIAGRAM_END, DIAGRAM_START, workflowDiagram } from '../src/articles/domain/workflow-diagram.js';
import { projectRoot } from '../src/database/project-paths.js';

describe('the workflow diagram in the README', () => {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');

  it('is the one the workflow table draws (run `npm run diagram` after changing the table)', () => {
    const committed = readme.slice(readme.indexOf(DIAGRAM_START), readme.indexOf(DIAGRAM_END) + DIAGRAM_END.length);
    expect(committed).toBe(diagramSection());
  });

  it('draws every move of the table from each of its statuses, and every status', () => {
    const diagram = workflowDiagram();
    for (const move of WORKFLOW) for (const from of move.from) expect(diagram).toContain(`  ${from} --> ${move.to}: ${move.name}`);
    for (const status of ARTICLE_STATUSES) expect(diagram).toMatch(new RegExp(`\\b${status}\\b`));
    expect(diagram.split('\n').filter((line) => line.includes('-->'))).toHaveLength(1 + WORKFLOW.reduce((n, move) => n + move.from.length, 0));
  });
});
