import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadDemoData } from '../prisma/demo-data.js';
import { loadDemoPictures } from '../prisma/demo-pictures.js';
import { MEDIA_STORE } from './media/media-store.provider.js';
import type { MediaStore } from './media/store/media-store.js';
import { createApp } from './app.factory.js';
import { createRootLogger, PinoNestLogger } from './common/logging.js';
import { Readiness } from './health/readiness.js';
import { EnvironmentError, loadEnvironment, mediaOptionsOf, replicaUrlsOf } from './config/env.js';
import { DataDirInUseError } from './database/embedded-postgres.js';
import { prepareDatabase } from './database/database-bootstrap.js';
import { PrismaService } from './database/prisma.service.js';
import { readOrCreateJwtSecret } from './auth/jwt-secret.js';
import { UsersService } from './users/users.service.js';

// Every line JSON from the first: Nest's Logger writes through the process's pino logger.
const rootLogger = createRootLogger();
Logger.overrideLogger(new PinoNestLogger(rootLogger));
const logger = new Logger('Newsroom');

async function main(): Promise<void> {
  const env = loadEnvironment();
  const database = await prepareDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    log: (message) => logger.log(message),
  });
  if (database.appliedMigrations.length > 0) logger.log(`applied migrations: ${database.appliedMigrations.join(', ')}`);

  const app = await createApp({
    rootLogger,
    metricsToken: env.METRICS_TOKEN,
    databaseUrl: database.url,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    databaseReplicaUrls: replicaUrlsOf(env),
    replicaMaxLagSeconds: env.REPLICA_MAX_LAG_SECONDS,
    production: env.NODE_ENV === 'production',
    // Validated by loadEnvironment: required with DATABASE_URL.
    jwtSecret: env.JWT_SECRET ?? readOrCreateJwtSecret(env.DATA_DIR),
    tokenTtlSeconds: env.TOKEN_TTL_SECONDS,
    scheduler: env.SCHEDULER,
    trustProxy: env.TRUST_PROXY,
    requestTimeoutMs: env.REQUEST_TIMEOUT_SECONDS * 1000,
    accessLog: env.ACCESS_LOG,
    responseCache: env.RESPONSE_CACHE,
    media: mediaOptionsOf(env),
    integration: {
      previewTtlSeconds: env.PREVIEW_TTL_SECONDS,
      webhookRetryBaseSeconds: env.WEBHOOK_RETRY_BASE_SECONDS,
      webhooksAllowPrivate: env.WEBHOOKS_ALLOW_PRIVATE,
    },
  });

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) =>
    (stopping ??= (async () => {
      logger.log(`${signal}: shutting down`);
      // Readiness fails first (a load balancer stops sending); the server then stops taking
      // requests and finishes those in flight while the database is still there (Nest's own
      // close would disconnect the database first); then everything else closes.
      app.get(Readiness).draining = true;
      // Whatever happens below, the process ends: in-flight requests are bounded by the request
      // timeout, the rest by a few seconds.
      setTimeout(() => process.exit(1), (env.SHUTDOWN_DRAIN_SECONDS + env.REQUEST_TIMEOUT_SECONDS + 15) * 1000).unref();
      await new Promise((resolve) => setTimeout(resolve, env.SHUTDOWN_DRAIN_SECONDS * 1000));
      await app
        .getHttpAdapter()
        .getInstance()
        .close()
        .catch((error: unknown) => logger.error(error));
      await app.close().catch((error: unknown) => logger.error(error));
      await database.embedded?.stop().catch((error: unknown) => logger.error(error));
      process.exit(0);
    })());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop(signal));

  try {
    const prisma = app.get(PrismaService);
    if (env.DEMO_DATA && (await prisma.publication.count()) === 0) {
      // Staff with documented passwords only on the embedded demo database.
      const { articles } = await loadDemoData(prisma, { staff: database.embedded !== undefined });
      const pictures = await loadDemoPictures(prisma, app.get<MediaStore>(MEDIA_STORE));
      logger.log(`loaded the demo data (${articles} articles, ${pictures} pictures)`);
    }
    if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD && (await app.get(UsersService).ensureFirstAdmin(env.ADMIN_EMAIL, env.ADMIN_PASSWORD))) {
      logger.log(`created the first admin, ${env.ADMIN_EMAIL}`);
    }
    await app.listen({ port: env.PORT, host: env.HOST });
    logger.log(`GraphQL API on ${await app.getUrl()}/graphql${env.DATABASE_URL ? '' : ' (embedded PostgreSQL)'}`);
  } catch (error) {
    await app.close().catch(() => undefined);
    await database.embedded?.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof EnvironmentError || error instanceof DataDirInUseError) {
    rootLogger.fatal(error.message);
  } else {
    rootLogger.fatal({ err: error }, 'The API could not start');
  }
  process.exit(1);
});
