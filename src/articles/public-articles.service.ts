import { Injectable } from '@nestjs/common';
import { decodeCursor, type KeysetPosition } from '../common/pagination/cursor.js';
import { toConnection, type Connection } from '../common/pagination/connection.js';
import type { Author } from '../authors/models/author.model.js';
import type { Publication } from '../publications/models/publication.model.js';
import { SectionsService } from '../sections/sections.service.js';
import { ArticlesRepository, type PublicListFilter } from './articles.repository.js';
import { normalizeTag } from './domain/article-tags.js';
import { TOMBSTONE_STATUS } from './domain/article-workflow.js';
import type { Article } from './models/article.model.js';

export interface Page {
  first: number;
  after?: string | null;
}

const byPublication = (article: Article): KeysetPosition => ({ at: article.publishedAt!, id: article.id });

/** What the public may read of articles (published, printed, or scheduled and due; a retraction as a tombstone), whoever asks. */
@Injectable()
export class PublicArticlesService {
  constructor(
    private readonly articles: ArticlesRepository,
    private readonly sections: SectionsService,
  ) {}

  /** The front page, a section's page (with its subsections) or a tag's page. */
  async list(publication: Publication, filter: { section?: string | null; tag?: string | null }, page: Page) {
    const tag = filter.tag == null ? undefined : normalizeTag(filter.tag);
    const listKey = `articles:${publication.id}:${filter.section ?? ''}:${tag ?? ''}`;
    const where: PublicListFilter = { publicationId: publication.id, tag };
    if (filter.section != null) {
      where.sectionIds = await this.sections.subtreeIds(publication.id, filter.section);
      if (where.sectionIds.length === 0) return this.emptyPage(listKey, page);
    }
    return this.page(listKey, where, page);
  }

  async byAuthor(publicationId: string, author: Author, page: Page): Promise<Connection<Article>> {
    return this.page(`author:${publicationId}:${author.id}`, { publicationId, authorId: author.id }, page);
  }

  /** Full-text search, newest first: ranking every match would cost too much on common words. */
  async search(publication: Publication, query: string, page: Page): Promise<Connection<Article>> {
    const text = query.trim();
    return this.page(`search:${publication.id}:${text}`, { publicationId: publication.id, search: text }, page);
  }

  /** A public article by any of its slugs; a retracted one as a tombstone; otherwise null. */
  async bySlug(publication: Publication, slug: string): Promise<Article | null> {
    const article = await this.articles.findPublicBySlug(publication.id, slug);
    return article && article.status === TOMBSTONE_STATUS ? tombstone(article) : article;
  }

  /** When the publication's next scheduled story comes online (this machine's clock); null when none waits. */
  async nextScheduledAt(publicationId: string): Promise<number | null> {
    const ms = await this.articles.msUntilNextScheduled(publicationId);
    return ms === null ? null : Date.now() + ms;
  }

  private async page(listKey: string, where: PublicListFilter, page: Page): Promise<Connection<Article>> {
    const after = page.after ? decodeCursor(listKey, page.after) : undefined;
    const rows = await this.articles.listPublic(where, page.first + 1, after);
    return toConnection(rows, page.first, listKey, byPublication);
  }

  private emptyPage(listKey: string, page: Page): Connection<Article> {
    if (page.after) decodeCursor(listKey, page.after);
    return toConnection([], page.first, listKey, byPublication);
  }
}

/** What the public sees of a retracted article: its headline, the reason and the time. */
function tombstone(article: Article): Article {
  return {
    ...article,
    standfirst: null,
    bodyHtml: null,
    bodyText: null,
    wordCount: null,
    authorNote: null,
    tags: [],
  };
}
