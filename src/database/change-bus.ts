import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DATABASE_OPTIONS, type DatabaseOptions } from '../config/app-options.js';

// What changed, heard from the database: every statement that changes what the public can
// see announces the tags it affects with NOTIFY when it commits (triggers, see the migration
// "change_announcements" for the tags), and every instance of the API LISTENs, so that its
// caches (publications, section trees, public responses) drop exactly those. While this
// instance is not listening (starting, or its connection lost) it must keep nothing: a
// change could go unheard. When it listens again, everything is dropped.

export const CHANGES_CHANNEL = 'newsroom_changes';
const SYNC_PREFIX = 'sync:';
/** How long `heardAllCommitted` waits for its own notification before dropping everything. */
const SYNC_TIMEOUT_MS = 2_000;

/** What a change affects, as tags (`article:<id>`, `list:<publication id>`...); 'all' after a gap. */
export type Changed = ReadonlySet<string> | 'all';

/** What hears another channel on the bus's connection (see `hear`). */
export interface ChannelListener {
  /** Each notification's payload, in commit order. */
  heard(payload: string | undefined): void;
  /** The connection was lost: what was sent until it is back goes unheard. */
  lost?(): void;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

@Injectable()
export class ChangeBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ChangeBus');
  private readonly listeners = new Set<(changed: Changed) => void>();
  private readonly syncs = new Map<string, () => void>();
  private readonly channels = new Map<string, ChannelListener[]>();
  private client?: pg.Client;
  private ready = false;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(@Inject(DATABASE_OPTIONS) private readonly options: DatabaseOptions) {}

  /** Calls `listener` with what each committed change, of any instance, affects. */
  onChange(listener: (changed: Changed) => void): void {
    this.listeners.add(listener);
  }

  /**
   * Hears `channel` too, on the same connection (one connection per instance, whatever is
   * heard; a channel's notifications come in commit order with the changes'). Meant to be
   * called before the application starts.
   */
  hear(channel: string, listener: ChannelListener): void {
    if (!CHANNEL_NAME.test(channel) || channel === CHANGES_CHANNEL) throw new Error(`"${channel}" cannot be heard on the change bus`);
    const listeners = this.channels.get(channel);
    if (listeners) return void listeners.push(listener);
    this.channels.set(channel, [listener]);
    // Heard late: listened to on the connection there is (if any); every next one listens to all.
    this.client?.query(`LISTEN ${channel}`).catch(() => undefined);
  }

  /** Whether changes are heard now: a cache may keep what it reads only then. */
  get listening(): boolean {
    return this.ready;
  }

  /**
   * Resolves once this instance has heard every change committed before the call: after a
   * write, the writer's next read is answered from caches that know of it. (PostgreSQL
   * delivers notifications in commit order, so hearing one sent now means the earlier ones
   * were heard.) Not listening, or not hearing back in time: everything is dropped instead.
   */
  async heardAllCommitted(): Promise<void> {
    const client = this.client;
    if (!this.ready || !client) return this.dispatch('all');
    const token = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const heard = new Promise<boolean>((resolve) => {
      this.syncs.set(token, () => resolve(true));
      timer = setTimeout(() => resolve(false), SYNC_TIMEOUT_MS);
    });
    try {
      await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify([SYNC_PREFIX + token])]);
      if (!(await heard)) this.dispatch('all');
    } catch {
      this.dispatch('all');
    } finally {
      clearTimeout(timer);
      this.syncs.delete(token);
    }
  }

  /** Starts listening before the API answers (if the database is there; otherwise it keeps trying). */
  async onApplicationBootstrap(): Promise<void> {
    await this.listen(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.ready = false;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private dispatch(changed: Changed): void {
    for (const listener of this.listeners) {
      try {
        listener(changed);
      } catch (error) {
        this.logger.error(`a change listener failed: ${String(error)}`);
      }
    }
  }

  private tell(channel: string, tell: (listener: ChannelListener) => void): void {
    for (const listener of this.channels.get(channel) ?? []) {
      try {
        tell(listener);
      } catch (error) {
        this.logger.error(`a listener of ${channel} failed: ${String(error)}`);
      }
    }
  }

  private heard(payload: string | undefined): void {
    let tags: unknown;
    try {
      tags = JSON.parse(payload ?? '');
    } catch {
      tags = null;
    }
    if (!Array.isArray(tags) || tags.includes('*')) return this.dispatch('all');
    const changed = new Set<string>();
    for (const tag of tags) {
      if (typeof tag !== 'string') continue;
      if (tag.startsWith(SYNC_PREFIX)) this.syncs.get(tag.slice(SYNC_PREFIX.length))?.();
      else changed.add(tag);
    }
    if (changed.size > 0) this.dispatch(changed);
  }

  /** Listens on a connection of its own; on losing it, drops everything and listens again. */
  private async listen(attempt: number): Promise<void> {
    if (this.stopped) return;
    // Named, so that pg_stat_activity tells it from the pool's connections.
    const client = new pg.Client({ connectionString: this.options.url, connectionTimeoutMillis: 5_000, application_name: 'newsroom-change-bus' });
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL) this.heard(message.payload);
      else this.tell(message.channel, (listener) => listener.heard(message.payload));
    });
    const again = () => {
      if (this.client !== client || this.stopped) return;
      this.client = undefined;
      this.ready = false;
      client.end().catch(() => undefined);
      this.logger.warn('lost the connection that hears changes: keeping nothing until it is back');
      this.dispatch('all');
      for (const channel of this.channels.keys()) this.tell(channel, (listener) => listener.lost?.());
      this.retry = setTimeout(() => void this.listen(attempt + 1), Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)));
      this.retry.unref();
    };
    client.on('error', again);
    client.on('end', again);
    this.client = client;
    try {
      await client.connect();
      await client.query([CHANGES_CHANNEL, ...this.channels.keys()].map((channel) => `LISTEN ${channel};`).join(' '));
      // Whatever was kept before now may predate a change that went unheard.
      this.ready = true;
      this.dispatch('all');
      attempt = 0;
    } catch {
      again();
    }
  }
}
