import { mayRead, type ReadableArticle } from '../../articles/domain/article-access.js';
import type { WorkflowViewer } from '../../articles/domain/article-workflow.js';

/**
 * Whether a page of an edition shows the article to the viewer (null: the public). Every
 * page shows only what the viewer may read at all (a contributor planning pages sees other
 * writers' unpublished stories on them no more than on the desk); a printed page shows what
 * ran, less what was retracted since.
 */
export function shownOnPage(edition: { status: 'PLANNING' | 'PRINTED' }, article: ReadableArticle, viewer: WorkflowViewer | null, now: Date): boolean {
  if (edition.status === 'PRINTED' && article.status !== 'PRINTED') return false;
  return mayRead(viewer, article, now);
}
