import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { ArticlesRepository } from '../articles/articles.repository.js';
import type { Correction } from '../articles/models/article.model.js';
import { AuthorsRepository } from '../authors/authors.repository.js';
import type { Author } from '../authors/models/author.model.js';
import type { PrintAppearance } from '../print-editions/models/print-edition.model.js';
import type { Section } from '../sections/models/section.model.js';
import { SectionsRepository } from '../sections/sections.repository.js';

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/**
 * The batch loaders of one GraphQL request: whatever a page of articles asks of its
 * sections, bylines, corrections or print appearances costs one statement per kind.
 * Made anew per request, so nothing is cached across requests or viewers.
 */
export class RequestLoaders {
  readonly section: DataLoader<string, Section | null>;
  readonly sectionChildren: DataLoader<string, Section[]>;
  readonly byline: DataLoader<string, Author[]>;
  readonly corrections: DataLoader<string, Correction[]>;
  readonly printAppearances: DataLoader<string, PrintAppearance[]>;

  constructor(sections: SectionsRepository, authors: AuthorsRepository, articles: ArticlesRepository) {
    this.section = new DataLoader(async (ids) => {
      const found = new Map((await sections.findByIds(ids)).map((section) => [section.id, section]));
      return ids.map((id) => found.get(id) ?? null);
    });
    this.sectionChildren = new DataLoader(async (ids) => groupBy(ids, await sections.childrenOf(ids), (s) => s.parentId!));
    this.byline = new DataLoader(async (ids) =>
      groupBy(ids, await authors.bylinesByArticleIds(ids), (a) => a.articleId).map((group) =>
        group.map(({ articleId: _articleId, ...author }) => author),
      ),
    );
    this.corrections = new DataLoader(async (ids) => groupBy(ids, await articles.correctionsByArticleIds(ids), (c) => c.articleId));
    this.printAppearances = new DataLoader(async (ids) =>
      groupBy(ids, await articles.printAppearancesByArticleIds(ids), (p) => p.articleId).map((group) =>
        group.map(({ page, edition }) => ({ page, edition })),
      ),
    );
  }
}

@Injectable()
export class RequestLoadersFactory {
  constructor(
    private readonly sections: SectionsRepository,
    private readonly authors: AuthorsRepository,
    private readonly articles: ArticlesRepository,
  ) {}

  create(): RequestLoaders {
    return new RequestLoaders(this.sections, this.authors, this.articles);
  }
}
