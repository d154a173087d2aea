import { EmbeddedPostgres } from '../../src/database/embedded-postgres.js';

// Started by test/embedded-postgres.spec.ts as another process: takes a data folder,
// prints the server's URL, and holds on until it is killed.
const server = await EmbeddedPostgres.start({ dataDir: process.argv[2], ephemeral: true, log: () => undefined });
console.log(JSON.stringify({ url: server.url() }));
setInterval(() => undefined, 60_000);
process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
