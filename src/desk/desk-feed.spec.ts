import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import type { ChangeBus } from '../database/change-bus.js';
import { DeskFeed, deskTopic } from './desk-feed.js';
import { LiveSockets } from './live-sockets.js';

// The feed's bound on what a subscription may have waiting; the rest is in
// test/desk-subscriptions.e2e-spec.ts, over real connections.

const queueOf = (highWaterMark: number) => new Readable({ objectMode: true, highWaterMark, read: () => undefined });
const change = (n: number) => ({ kind: 'SAVED', articleId: 'a', publicationId: 'p', version: n, at: new Date() });

describe('the live desk feed', () => {
  const feed = () => new DeskFeed({} as ChangeBus, new LiveSockets());

  it('cuts off a subscription whose client falls behind instead of queueing without bound', async () => {
    const desk = feed();
    const slow = queueOf(5);
    const keepingUp = queueOf(5);
    await desk.subscribe(deskTopic('p'), slow);
    await desk.subscribe(deskTopic('p'), keepingUp);
    for (let n = 1; n <= 1_000; n++) {
      desk.publish({ topic: deskTopic('p'), payload: change(n) });
      keepingUp.read();
    }
    expect(slow.readableLength).toBeLessThanOrEqual(6);
    expect(desk.interruption(slow)).toBe('behind');
    expect(desk.interruption(keepingUp)).toBeUndefined();
  });

  it('hands nothing more to a released subscription, nor to one Mercurius closed', async () => {
    const desk = feed();
    const released = queueOf(5);
    const closed: Readable & { close?: (() => void)[] } = queueOf(5);
    await desk.subscribe(deskTopic('p'), released);
    await desk.subscribe(deskTopic('p'), closed);
    expect(desk.watching('p')).toBe(2);
    desk.release(released);
    for (const close of closed.close ?? []) close();
    desk.publish({ topic: deskTopic('p'), payload: change(1) });
    expect([released.readableLength, closed.readableLength, desk.watching('p')]).toEqual([0, 0, 0]);
  });
});
