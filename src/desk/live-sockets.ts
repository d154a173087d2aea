import { Injectable } from '@nestjs/common';

/** What the live desk needs of a WebSocket. */
export interface LiveSocket {
  readonly readyState: number;
  close(code?: number, reason?: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** WebSocket's readyState of an open connection. */
export const OPEN = 1;

/** How a user's connections are closed when their sessions end: graphql-ws's close code for "Forbidden". */
export const SESSION_ENDED_CLOSE = { code: 4403, reason: 'Forbidden: the session was ended' } as const;

/**
 * The open connections of this instance that watch the desk, by user: when a user is disabled
 * or their sessions are ended (DeskAnnouncer.sessionsEnded, heard from any instance), theirs
 * are closed at once, whatever they were waiting for.
 */
@Injectable()
export class LiveSockets {
  private readonly byUser = new Map<string, Set<LiveSocket>>();

  /** Keeps `socket` as one of the user's until it closes. */
  add(userId: string, socket: LiveSocket): void {
    let sockets = this.byUser.get(userId);
    if (!sockets) this.byUser.set(userId, (sockets = new Set()));
    if (sockets.has(socket)) return;
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.byUser.get(userId) === sockets) this.byUser.delete(userId);
    });
  }

  closeAllOf(userId: string): void {
    for (const socket of this.byUser.get(userId) ?? []) socket.close(SESSION_ENDED_CLOSE.code, SESSION_ENDED_CLOSE.reason);
  }
}
