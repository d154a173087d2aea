import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { ChangeBus } from '../database/change-bus.js';
import { DESK_CHANNEL, decodeNotice, type ArticleChanged } from './desk-notice.js';
import { LiveSockets } from './live-sockets.js';

/** Why a subscription was cut off: its subscriber fell behind, or this instance stopped hearing changes. */
export type Interruption = 'behind' | 'lost';

/** The queue Mercurius keeps for one subscription (a readable stream of objects; `close` ends the subscription's interest). */
type SubscriptionQueue = Readable & { close?: (() => void)[] };

export const deskTopic = (publicationId: string) => `desk:${publicationId}`;

/** Pushed to wake a waiting subscription that was interrupted. */
const WAKE = Symbol('wake');

/**
 * The live desk's feed on this instance: hears what every instance announces (DeskAnnouncer,
 * through the change bus's connection) and hands each change to the subscriptions of its
 * publication, as Mercurius's pubsub.
 *
 * Mercurius's own pubsub queues without bound: its queueHighWaterMark is only a readable
 * stream's mark, past which pushing still buffers. Here a subscription whose queue reaches it
 * (its client reads slower than the desk changes) is cut off instead, and so is every
 * subscription when the change bus loses its connection: either way changes were missed, and
 * the client is told to subscribe again (and reload the desk) rather than left out of date.
 */
@Injectable()
export class DeskFeed implements OnModuleInit {
  private readonly logger = new Logger('DeskFeed');
  private readonly topics = new Map<string, Set<SubscriptionQueue>>();
  private readonly interrupted = new WeakMap<Readable, Interruption>();
  /** The topics each queue receives. */
  private readonly subscribed = new WeakMap<Readable, Set<string>>();

  constructor(
    private readonly changes: ChangeBus,
    private readonly sockets: LiveSockets,
  ) {}

  onModuleInit(): void {
    this.changes.hear(DESK_CHANNEL, { heard: (payload) => this.heard(payload), lost: () => this.interruptAll('lost') });
  }

  /** Whether changes are heard now: a subscription made while they are not would miss some. */
  get live(): boolean {
    return this.changes.listening;
  }

  /** How many subscriptions of this instance watch the publication's desk. */
  watching(publicationId: string): number {
    return this.topics.get(deskTopic(publicationId))?.size ?? 0;
  }

  /** Why the subscription reading `queue` was cut off, if it was. */
  interruption(queue: Readable): Interruption | undefined {
    return this.interrupted.get(queue);
  }

  /** Mercurius's pubsub: a subscription's queue starts receiving a topic's changes. */
  subscribe(topics: string | string[], queue: SubscriptionQueue): Promise<void> {
    let subscribed = this.subscribed.get(queue);
    if (!subscribed) {
      this.subscribed.set(queue, (subscribed = new Set()));
      (queue.close ??= []).push(() => this.release(queue));
    }
    for (const topic of typeof topics === 'string' ? [topics] : topics) {
      let queues = this.topics.get(topic);
      if (!queues) this.topics.set(topic, (queues = new Set()));
      queues.add(queue);
      subscribed.add(topic);
    }
    return Promise.resolve();
  }

  /**
   * Stops handing changes to `queue`: its subscription has ended (Mercurius releases a queue
   * only when its client unsubscribes or leaves, not when the subscription ends with an error).
   */
  release(queue: Readable): void {
    for (const topic of this.subscribed.get(queue) ?? []) {
      const queues = this.topics.get(topic);
      queues?.delete(queue);
      if (queues?.size === 0) this.topics.delete(topic);
    }
    this.subscribed.delete(queue);
  }

  /** Mercurius's pubsub: hands `payload` to the topic's subscriptions on this instance. */
  publish(event: { topic: string; payload: unknown }, callback?: () => void): void {
    for (const queue of this.topics.get(event.topic) ?? []) {
      if (this.interrupted.has(queue)) continue;
      if (queue.destroyed || queue.readableEnded) this.release(queue);
      else if (queue.readableLength >= queue.readableHighWaterMark) this.interrupt(queue, 'behind');
      else queue.push(event.payload);
    }
    callback?.();
  }

  private heard(payload: string | undefined): void {
    const notice = decodeNotice(payload);
    if (!notice) return void this.logger.warn(`ignored a notice that is not the desk's: ${String(payload).slice(0, 200)}`);
    if (notice.type === 'sessions-ended') return this.sockets.closeAllOf(notice.userId);
    const { type: _type, ...change } = notice;
    this.publish({ topic: deskTopic(change.publicationId), payload: change satisfies ArticleChanged });
  }

  private interruptAll(why: Interruption): void {
    for (const queues of this.topics.values()) for (const queue of queues) this.interrupt(queue, why);
  }

  private interrupt(queue: SubscriptionQueue, why: Interruption): void {
    if (this.interrupted.has(queue)) return;
    this.interrupted.set(queue, why);
    // One item past the mark at most: a subscription waiting for changes learns it now.
    queue.push(WAKE);
  }
}
