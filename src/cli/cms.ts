import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import cliProgress from 'cli-progress';
import { DomainError } from '../common/errors/domain-error.js';
import { EnvironmentError, loadEnvironment, mediaOptionsOf } from '../config/env.js';
import { prepareDatabase, type Database } from '../database/database-bootstrap.js';
import { DataDirInUseError } from '../database/embedded-postgres.js';
import { WireImportService, type ImportOutcome, type ImportStatus } from '../syndication/wire-import.service.js';
import { CmsModule } from './cms.module.js';

// The newsroom's command line, run from the built code (Nest's dependency injection reads the
// decorator metadata tsc emits):
//
//   npm run cms -- import --publication SLUG --section SLUG [--create-authors] FILE...
//
// On the database of DATABASE_URL, or the embedded one under DATA_DIR (while no API runs on
// it), migrated as the API would. Exit status: 0 when every file was taken, 1 when some were
// refused, 2 when nothing could be done (a wrong command, no such publication or section).

const USAGE = `usage: npm run cms -- import --publication SLUG --section SLUG [--create-authors] FILE...

Imports wire files (IPTC ninjs JSON, or a story page saved as text) as stories SUBMITTED
for the desk. A file imported before is updated while the desk has not touched it, and left
as it is when it has not changed.

  --publication SLUG   the publication to import into
  --section SLUG       the section of that publication the stories go to
  --create-authors     make an author of a byline name no author has (otherwise the file is refused)`;

/** Larger than any story the API takes (a body is at most 500,000 characters). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

class UsageError extends Error {}

/** --help: the usage on stdout, success. */
class HelpAsked extends Error {}

interface ImportCommand {
  publication: string;
  section: string;
  createAuthors: boolean;
  files: string[];
}

function parseCommand(argv: string[]): ImportCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { publication: { type: 'string' }, section: { type: 'string' }, 'create-authors': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new HelpAsked();
  const [command, ...files] = positionals;
  if (command !== 'import') throw new UsageError(command ? `unknown command "${command}"` : 'no command');
  if (!values.publication) throw new UsageError('--publication is required');
  if (!values.section) throw new UsageError('--section is required');
  if (files.length === 0) throw new UsageError('no files to import');
  return { publication: values.publication, section: values.section, createAuthors: values['create-authors'] ?? false, files };
}

const READ_ERRORS: Record<string, string> = { ENOENT: 'no such file', EACCES: 'not readable (permission denied)', EISDIR: 'a folder, not a file' };

async function readWireText(file: string): Promise<string> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    if (info.size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code && READ_ERRORS[code] ? READ_ERRORS[code] : (error as Error).message, { cause: error });
  }
}

/** The bar, on a terminal only: a pipe or a log gets the summary alone. */
function progressBar(total: number): { tick(file: string): void; stop(): void } {
  if (!process.stderr.isTTY) return { tick: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: 'importing {bar} {value}/{total} {file}', stream: process.stderr, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { file: '' });
  return { tick: (file) => bar.increment({ file }), stop: () => bar.stop() };
}

const display = (file: string) => (file.startsWith('/') ? file : relative(process.cwd(), file) || file);

function summary(target: { publication: string; section: string }, outcomes: readonly ImportOutcome[]): string {
  const width = Math.max(...outcomes.map((outcome) => display(outcome.file).length));
  const lines = outcomes.map((outcome) => {
    const head = `${outcome.status.padEnd(9)}  ${display(outcome.file).padEnd(width)}`;
    if (outcome.status === 'refused') return `${head}  ${outcome.reason}`;
    const authors = outcome.newAuthors.length > 0 ? ` (new author${outcome.newAuthors.length > 1 ? 's' : ''}: ${outcome.newAuthors.join(', ')})` : '';
    return `${head}  ${outcome.slug}${authors}`;
  });
  const count = (status: ImportStatus) => outcomes.filter((outcome) => outcome.status === status).length;
  const totals = `${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('refused')} refused`;
  return [`${target.publication} / ${target.section}:`, ...lines.map((line) => `  ${line}`), '', totals].join('\n');
}

async function importFiles(command: ImportCommand): Promise<number> {
  // The command signs no tokens: a secret is needed only to satisfy the API's environment check.
  const env = loadEnvironment({ ...process.env, JWT_SECRET: process.env.JWT_SECRET || randomBytes(48).toString('base64') });
  let database: Database | undefined;
  try {
    database = await prepareDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, log: () => undefined });
    const app = await NestFactory.createApplicationContext(
      CmsModule.forRoot({
        database: { url: database.url, poolSize: 2 },
        auth: { jwtSecret: env.JWT_SECRET!, tokenTtlSeconds: env.TOKEN_TTL_SECONDS },
        scheduler: { enabled: false, pollingIntervalSeconds: 1, maintenanceIntervalSeconds: 30 },
        responseCache: { enabled: false },
        metrics: {},
        // As the API has them, though an import reads no picture: the modules it uses expect them.
        media: mediaOptionsOf(env),
        integration: {
          previewTtlSeconds: env.PREVIEW_TTL_SECONDS,
          webhookRetryBaseSeconds: env.WEBHOOK_RETRY_BASE_SECONDS,
          webhooksAllowPrivate: env.WEBHOOKS_ALLOW_PRIVATE,
        },
      }),
      { logger: ['error', 'warn'], abortOnError: false },
    );
    try {
      const imports = app.get(WireImportService);
      let target;
      try {
        target = await imports.target(command.publication, command.section, { createAuthors: command.createAuthors });
      } catch (error) {
        if (error instanceof DomainError) {
          console.error(error.message);
          return 2;
        }
        throw error;
      }
      const outcomes: ImportOutcome[] = [];
      const bar = progressBar(command.files.length);
      for (const file of command.files) {
        // A bad file never stops the others: whatever goes wrong with one is its outcome.
        const outcome = await readWireText(file)
          .then((text) => imports.importFile(target, file, text))
          .catch((error: unknown): ImportOutcome => ({ status: 'refused', file, reason: (error as Error).message }));
        outcomes.push(outcome);
        bar.tick(display(file));
      }
      bar.stop();
      console.log(summary({ publication: `${target.publicationName} (${command.publication})`, section: target.sectionName }, outcomes));
      return outcomes.some((outcome) => outcome.status === 'refused') ? 1 : 0;
    } finally {
      await app.close();
    }
  } finally {
    await database?.embedded?.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  let command: ImportCommand;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (error instanceof HelpAsked) {
      console.log(USAGE);
      return 0;
    }
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  return importFiles(command);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof DataDirInUseError) {
      // The API on the embedded PostgreSQL holds it: the import cannot share it.
      console.error(`${error.message}\nRun the import while the API is stopped, or run both on the PostgreSQL of DATABASE_URL.`);
    } else if (error instanceof EnvironmentError) console.error(error.message);
    else console.error('The import failed:', error);
    process.exit(2);
  },
);
