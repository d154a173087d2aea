import { PUBLIC_STATUSES, type ArticleStatus, type WorkflowViewer } from './article-workflow.js';

// Who may read an article (the public: what is online; staff: their publication, a
// contributor only what they wrote): the one rule every path to an article applies, whether it is reached by slug, in a list, on a
// page of a print edition or by id.

/** What the read rule looks at. `publishedAt` is null until the article is online. */
export interface ReadableArticle {
  status: ArticleStatus;
  publishedAt: Date | null;
}

/**
 * Public: PUBLISHED or PRINTED, or SCHEDULED whose time has come. A RETRACTED article is not
 * public: it is reachable by slug only as a tombstone.
 */
export function isPublic(article: ReadableArticle, now: Date): boolean {
  return PUBLIC_STATUSES.includes(article.status) && article.publishedAt !== null && article.publishedAt.getTime() <= now.getTime();
}

/**
 * Whether a member of staff sees the article on the desk side: admins and members of its
 * publication, but a contributor only what they wrote.
 */
export function mayReadOnDesk(viewer: WorkflowViewer): boolean {
  if (viewer.isAdmin) return true;
  if (viewer.role === null) return false;
  return viewer.role !== 'CONTRIBUTOR' || viewer.isWriter;
}

/** Whether the viewer (null: the public) may read the article at all, whatever path led to it. */
export function mayRead(viewer: WorkflowViewer | null, article: ReadableArticle, now: Date): boolean {
  return isPublic(article, now) || (viewer !== null && mayReadOnDesk(viewer));
}
