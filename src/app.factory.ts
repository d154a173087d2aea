import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type AppModuleOptions } from './app.module.js';

export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export interface CreateAppOptions extends AppModuleOptions {
  logger?: boolean;
}

/** The API as a Nest application on Fastify, not yet listening. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    logger: options.logger === false ? false : { level: options.production ? 'info' : 'warn' },
    // Ids for log lines; a proxy's x-request-id is kept when it sends one.
    requestIdHeader: 'x-request-id',
    // On shutdown, idle keep-alive connections are closed rather than waited for.
    forceCloseConnections: 'idle',
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: options.logger === false ? false : ['error', 'warn', 'log'],
    // A wiring error is thrown to the caller (and reported there), not a silent process.exit.
    abortOnError: false,
  });
  return app;
}
