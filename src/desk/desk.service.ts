import { Injectable } from '@nestjs/common';
import { ArticleLoaders } from '../articles/articles.loaders.js';
import { mayReadOnDesk } from '../articles/domain/article-access.js';
import { workflowViewer } from '../articles/editorial.service.js';
import { AuthService } from '../auth/auth.service.js';
import { assertMay, type Viewer } from '../auth/viewer.js';
import { notFound, unauthenticated } from '../common/errors/domain-error.js';
import type { RequestLoaders } from '../graphql/request-loaders.js';
import { PublicationsService } from '../publications/publications.service.js';
import { DeskFeed } from './desk-feed.js';
import type { ArticleChanged } from './desk-notice.js';
import { LiveDeskInterrupted } from './live-errors.js';
import type { DeskChange } from './models/desk-change.model.js';

/**
 * The rules of the live desk: who may watch a publication's desk (as for the desk query), and
 * which changes they see (a contributor only their own articles). The viewer is taken as they
 * are at each change, from the connection's token: a role taken away, a disabled account or an
 * ended session stops the watch at the next change.
 */
@Injectable()
export class DeskService {
  constructor(
    private readonly auth: AuthService,
    private readonly publications: PublicationsService,
    private readonly articleLoaders: ArticleLoaders,
    private readonly feed: DeskFeed,
  ) {}

  /** Checks a new watch of the desk: NOT_FOUND for an unknown publication, FORBIDDEN unless the viewer is its staff. */
  async watch(authorization: string, publicationSlug: string): Promise<{ viewer: Viewer; publicationId: string }> {
    const viewer = await this.viewer(authorization);
    const publication = await this.publications.bySlug(publicationSlug);
    if (!publication) throw notFound('Publication');
    assertMay(viewer, 'readDesk', publication.id);
    // Not hearing changes now, a watch would silently miss some.
    if (!this.feed.live) throw new LiveDeskInterrupted('The live desk is unavailable: try again shortly');
    return { viewer, publicationId: publication.id };
  }

  /** The watcher as they are now; UNAUTHENTICATED or FORBIDDEN ends the watch. */
  async watcher(authorization: string, publicationId: string): Promise<Viewer> {
    const viewer = await this.viewer(authorization);
    assertMay(viewer, 'readDesk', publicationId);
    return viewer;
  }

  /** The change as the viewer sees it, with the article as it now stands; null when the article is not theirs to see. */
  async seen(viewer: Viewer, change: ArticleChanged, loaders: RequestLoaders): Promise<DeskChange | null> {
    const articles = loaders.of(this.articleLoaders);
    const article = await articles.article.load(change.articleId);
    if (!article || article.publicationId !== change.publicationId) return null;
    if (!mayReadOnDesk(workflowViewer(viewer, article.publicationId, await articles.writers.load(article.id)))) return null;
    return { kind: change.kind, at: change.at, article };
  }

  private async viewer(authorization: string): Promise<Viewer> {
    const viewer = await this.auth.viewerFromHeader(authorization);
    if (!viewer) throw unauthenticated();
    return viewer;
  }
}
