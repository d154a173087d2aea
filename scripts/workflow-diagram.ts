import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/database/project-paths.js';
import { withDiagram } from '../src/articles/domain/workflow-diagram.js';

// Writes the workflow diagram (Mermaid, from the one workflow table) into README.md:
//   npm run diagram
const readme = join(projectRoot, 'README.md');
writeFileSync(readme, withDiagram(readFileSync(readme, 'utf8')));
console.log('wrote the workflow diagram into README.md');
