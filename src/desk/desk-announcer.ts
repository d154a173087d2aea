import { Injectable } from '@nestjs/common';
import { DeskNoticesRepository } from './desk-notices.repository.js';
import { encodeNotice, type ArticleChanged, type DeskChangeKind } from './desk-notice.js';

/**
 * What the write paths call, inside their transaction, to tell the live desk of every
 * instance: heard when the write commits, never for one rolled back.
 */
@Injectable()
export class DeskAnnouncer {
  constructor(private readonly notices: DeskNoticesRepository) {}

  /** A new draft (CREATED), a content save (SAVED) or a workflow move (MOVED), at the article's new version. */
  announce(kind: DeskChangeKind, change: Omit<ArticleChanged, 'kind'>): Promise<void> {
    const { articleId, publicationId, version, at } = change;
    return this.notices.notify(encodeNotice({ type: 'article', kind, articleId, publicationId, version, at }));
  }

  /** The user's sessions ended (disabled, a new password): their live connections are closed on every instance. */
  sessionsEnded(userId: string): Promise<void> {
    return this.notices.notify(encodeNotice({ type: 'sessions-ended', userId }));
  }
}
