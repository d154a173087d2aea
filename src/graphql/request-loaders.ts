import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { ArticlesRepository } from '../articles/articles.repository.js';
import type { Correction } from '../articles/models/article.model.js';
import { AuthorsRepository } from '../authors/authors.repository.js';
import type { Author } from '../authors/models/author.model.js';
import type { PrintAppearance } from '../print-editions/models/print-edition.model.js';
import { PrintEditionsRepository, type PageRecord } from '../print-editions/print-editions.repository.js';
import type { Article } from '../articles/models/article.model.js';
import type { Section } from '../sections/models/section.model.js';
import { SectionsRepository } from '../sections/sections.repository.js';
import { EditorialRepository } from '../articles/editorial.repository.js';
import type { StaffRole } from '../articles/domain/article-workflow.js';
import type { Publication } from '../publications/models/publication.model.js';
import { PublicationsRepository } from '../publications/publications.repository.js';
import type { User } from '../users/models/user.model.js';
import { UsersRepository } from '../users/users.repository.js';

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
  readonly publication: DataLoader<string, Publication | null>;
  readonly user: DataLoader<string, User | null>;
  readonly memberships: DataLoader<string, { role: StaffRole; publicationId: string }[]>;
  /** The users who count as an article's writers (creator, authors' users). */
  readonly writers: DataLoader<string, Set<string>>;
  /** Articles without their bodies. */
  readonly article: DataLoader<string, Article | null>;
  /** The bodies of articles read without them. */
  readonly articleBody: DataLoader<string, { html: string; text: string } | null>;
  readonly revisionBody: DataLoader<string, string | null>;
  readonly editionPages: DataLoader<string, PageRecord[]>;

  constructor(repositories: Repositories) {
    const { sections, authors, articles, publications, users, editorial, editions } = repositories;
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
    this.publication = new DataLoader(async (ids) => {
      const found = new Map((await publications.findByIds(ids)).map((p) => [p.id, p]));
      return ids.map((id) => found.get(id) ?? null);
    });
    this.user = new DataLoader(async (ids) => {
      const found = new Map((await users.findByIds(ids)).map((u) => [u.id, u]));
      return ids.map((id) => found.get(id) ?? null);
    });
    this.memberships = new DataLoader(async (ids) => groupBy(ids, await users.membershipsOf(ids), (m) => m.userId));
    this.article = new DataLoader(async (ids) => {
      const found = new Map((await editorial.findByIds(ids)).map((a) => [a.id, a]));
      return ids.map((id) => found.get(id) ?? null);
    });
    this.articleBody = new DataLoader(async (ids) => {
      const found = new Map((await articles.bodiesByIds(ids)).map((body) => [body.id, body]));
      return ids.map((id) => found.get(id) ?? null);
    });
    this.revisionBody = new DataLoader(async (ids) => {
      const found = new Map((await editorial.revisionBodies(ids)).map((revision) => [revision.id, revision.bodyHtml]));
      return ids.map((id) => found.get(id) ?? null);
    });
    this.editionPages = new DataLoader(async (ids) => {
      const found = await editions.pages(ids);
      return ids.map((id) => found.get(id) ?? []);
    });
    this.writers = new DataLoader(async (ids) => {
      const found = await editorial.writerUserIds(ids);
      return ids.map((id) => found.get(id) ?? new Set<string>());
    });
  }
}

interface Repositories {
  sections: SectionsRepository;
  authors: AuthorsRepository;
  articles: ArticlesRepository;
  publications: PublicationsRepository;
  users: UsersRepository;
  editorial: EditorialRepository;
  editions: PrintEditionsRepository;
}

@Injectable()
export class RequestLoadersFactory {
  private readonly repositories: Repositories;

  constructor(
    sections: SectionsRepository,
    authors: AuthorsRepository,
    articles: ArticlesRepository,
    publications: PublicationsRepository,
    users: UsersRepository,
    editorial: EditorialRepository,
    editions: PrintEditionsRepository,
  ) {
    this.repositories = { sections, authors, articles, publications, users, editorial, editions };
  }

  create(): RequestLoaders {
    return new RequestLoaders(this.repositories);
  }
}
