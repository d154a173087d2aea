import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

// One JSON log, pino's (Fastify's own logger): Fastify's lines carry the request id (`reqId`)
// of the request they belong to, Nest's lines go through the same logger with their context.
// Tokens, cookies and passwords are redacted wherever they would appear; request bodies and
// variables are never logged.

const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'password',
  'token',
  '*.password',
  '*.token',
  'variables',
  'body',
];

/** The process's logger: JSON lines on stdout. */
export function createRootLogger(level = 'info'): Logger {
  return pino({ level, redact: { paths: REDACTED, censor: '[redacted]' } });
}

/** Nest's logger interface over pino: a line per message, its context as a field. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack?, context?).
    const context = rest.length > 1 || (rest.length === 1 && !String(rest[0]).includes('\n')) ? rest.pop() : undefined;
    const stack = typeof rest[0] === 'string' ? rest[0] : message instanceof Error ? message.stack : undefined;
    this.logger.error({ context, ...(stack ? { stack } : {}) }, messageOf(message));
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]): void {
    const context = typeof rest.at(-1) === 'string' ? rest.at(-1) : undefined;
    this.logger[level]({ context }, messageOf(message));
  }
}

function messageOf(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  return JSON.stringify(message);
}
