import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { Author } from '../authors/models/author.model.js';
import { byKey, groupBy, type LoaderSet } from '../graphql/request-loaders.js';
import { ArticlesRepository } from './articles.repository.js';
import { EditorialRepository } from './editorial.repository.js';
import type { Article, Correction } from './models/article.model.js';

export interface ArticleLoaderSet {
  /** Articles without their bodies. */
  article: DataLoader<string, Article | null>;
  /** The bodies of articles read without them. */
  body: DataLoader<string, { html: string; text: string } | null>;
  revisionBody: DataLoader<string, string | null>;
  byline: DataLoader<string, Author[]>;
  corrections: DataLoader<string, Correction[]>;
  /** The users who count as an article's writers (creator, authors' users). */
  writers: DataLoader<string, Set<string>>;
  /** Each article's related public stories, `first` of them. */
  related(first: number): DataLoader<string, Article[]>;
}

@Injectable()
export class ArticleLoaders implements LoaderSet<ArticleLoaderSet> {
  constructor(
    private readonly articles: ArticlesRepository,
    private readonly editorial: EditorialRepository,
  ) {}

  create(): ArticleLoaderSet {
    const related = new Map<number, DataLoader<string, Article[]>>();
    return {
      related: (first) => {
        let loader = related.get(first);
        if (!loader) {
          loader = new DataLoader(async (ids) => groupBy(ids, await this.articles.relatedPublic(ids, first), (a) => a.relatedTo));
          related.set(first, loader);
        }
        return loader;
      },
      article: new DataLoader(async (ids) => byKey(ids, await this.editorial.findByIds(ids), (a) => a.id)),
      body: new DataLoader(async (ids) => byKey(ids, await this.articles.bodiesByIds(ids), (b) => b.id)),
      revisionBody: new DataLoader(async (ids) => byKey(ids, await this.editorial.revisionBodies(ids), (r) => r.id).map((r) => r?.bodyHtml ?? null)),
      byline: new DataLoader(async (ids) =>
        groupBy(ids, await this.articles.bylinesByArticleIds(ids), (a) => a.articleId).map((group) =>
          group.map(({ articleId: _articleId, ...author }) => author),
        ),
      ),
      corrections: new DataLoader(async (ids) => groupBy(ids, await this.articles.correctionsByArticleIds(ids), (c) => c.articleId)),
      writers: new DataLoader(async (ids) => {
        const found = await this.editorial.writerUserIds(ids);
        return ids.map((id) => found.get(id) ?? new Set<string>());
      }),
    };
  }
}
