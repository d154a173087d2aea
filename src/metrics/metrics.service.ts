import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { PrismaService } from '../database/prisma.service.js';

/** Operation names seen before others are counted as "other": clients choose names, a label must stay bounded. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const OPERATION_IN_DOCUMENT = /^\s*(query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/;

/**
 * The API's Prometheus metrics (prom-client), served at /metrics: requests and their latency
 * by route and by GraphQL operation, response cache hits and misses, workflow moves, the
 * scheduler's lag, the database pool. A registry per application (several may share a
 * process: the tests), with Node's own process metrics.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();

  private readonly requests = new Histogram({
    name: 'newsroom_http_request_duration_seconds',
    help: 'HTTP requests by route, method and status code, and how long they took.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly graphql = new Histogram({
    name: 'newsroom_graphql_request_duration_seconds',
    help: 'GraphQL requests by operation name and status code, and how long they took.',
    labelNames: ['operation', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly cache = new Counter({
    name: 'newsroom_response_cache_total',
    help: 'Anonymous GraphQL reads answered from the response cache (hit) or computed (miss).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly moves = new Counter({
    name: 'newsroom_workflow_moves_total',
    help: 'Workflow moves taken, by the status left and the status reached.',
    labelNames: ['from', 'to'] as const,
    registers: [this.registry],
  });

  private readonly schedulerLag = new Histogram({
    name: 'newsroom_scheduler_lag_seconds',
    help: 'How late the scheduler published scheduled stories (their time to the publish).',
    buckets: [0.5, 1, 5, 15, 30, 60, 120, 300, 900],
    registers: [this.registry],
  });

  constructor(prisma: PrismaService) {
    collectDefaultMetrics({ register: this.registry, prefix: 'newsroom_' });
    new Gauge({
      name: 'newsroom_database_pool_connections',
      help: "The database pool's connections: in use, idle, and requests waiting for one.",
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = prisma.poolStats();
        this.set({ state: 'in_use' }, pool.total - pool.idle);
        this.set({ state: 'idle' }, pool.idle);
        this.set({ state: 'waiting' }, pool.waiting);
      },
    });
  }

  move(from: string, to: string): void {
    this.moves.inc({ from, to });
  }

  scheduledPublished(lagSeconds: number): void {
    this.schedulerLag.observe(Math.max(0, lagSeconds));
  }

  /** Times every request once it is answered. */
  register(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', async (request, reply) => {
      const seconds = reply.elapsedTime / 1000;
      const status = String(reply.statusCode);
      const route = request.routeOptions.url ?? 'unmatched';
      this.requests.observe({ route, method: request.method, status }, seconds);
      if (route !== '/graphql') return;
      const source = (request.method === 'GET' ? request.query : request.body) as { operationName?: unknown; query?: unknown } | null | undefined;
      this.graphql.observe({ operation: this.operationLabel(source), status }, seconds);
      const cached = reply.getHeader('x-cache');
      if (cached === 'HIT' || cached === 'MISS') this.cache.inc({ result: cached.toLowerCase() });
    });
  }

  private operationLabel(source: { operationName?: unknown; query?: unknown } | null | undefined): string {
    const named = typeof source?.operationName === 'string' && source.operationName !== '' ? source.operationName : undefined;
    const name = named ?? (typeof source?.query === 'string' ? OPERATION_IN_DOCUMENT.exec(source.query)?.[2] : undefined);
    if (!name || !OPERATION_NAME.test(name)) return 'anonymous';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_NAMES) return 'other';
    this.operations.add(name);
    return name;
  }
}
