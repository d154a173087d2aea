import { Injectable } from '@nestjs/common';
import type { ArticleStatus } from '../articles/domain/article-workflow.js';
import { uniqueSlug } from '../common/slug.js';
import { TransactionHost } from '../database/transactions.js';

/** A story a wire import wrote, found by where it came from. */
export interface ImportedArticle {
  id: string;
  slug: string;
  status: ArticleStatus;
  version: number;
  /** Of what was last imported. */
  contentHash: string;
}

/** The wire's account: the actor of what an import writes. */
export const WIRE_USER = { email: 'wire-import@newsroom.invalid', name: 'Wire import' } as const;

// Not an argon2 hash: no password verifies against it (auth/passwords.ts), and the account is
// disabled besides. The wire never signs in; the import acts for it.
const NO_PASSWORD = '!wire-import: cannot sign in';

/** The statements of the wire import; the service decides and holds the transaction. */
@Injectable()
export class WireImportRepository {
  constructor(private readonly db: TransactionHost) {}

  /** The wire's user, made on first use (disabled, no password); returns its id. */
  async wireUserId(): Promise<string> {
    const user = await this.db.tx.user.upsert({
      where: { email: WIRE_USER.email },
      update: {},
      create: { email: WIRE_USER.email, name: WIRE_USER.name, passwordHash: NO_PASSWORD, disabled: true },
      select: { id: true },
    });
    return user.id;
  }

  /** Holds the wire item until the transaction ends: two imports of one item take turns. */
  async lockSource(publicationId: string, sourceId: string): Promise<void> {
    await this.db.tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`wire:${publicationId}:${sourceId}`}, 0))`;
  }

  async findBySource(publicationId: string, sourceId: string): Promise<ImportedArticle | null> {
    const row = await this.db.tx.articleSource.findUnique({
      where: { publicationId_sourceId: { publicationId, sourceId } },
      select: { contentHash: true, article: { select: { id: true, slug: true, status: true, version: true } } },
    });
    return row && { ...row.article, contentHash: row.contentHash };
  }

  /** Records where the story came from and what was imported (beside the story: not a change of its content). */
  async recordSource(source: { articleId: string; publicationId: string; sourceId: string; contentHash: string }, now: Date): Promise<void> {
    await this.db.tx.articleSource.upsert({
      where: { articleId: source.articleId },
      create: { ...source, importedAt: now },
      update: { contentHash: source.contentHash, importedAt: now },
      select: { articleId: true },
    });
  }

  /** Authors whose name is one of `names` (compared lower-cased, spaces collapsed), oldest first. */
  async authorsNamed(names: readonly string[]): Promise<{ id: string; slug: string; key: string }[]> {
    return this.db.tx.$queryRaw<{ id: string; slug: string; key: string }[]>`
      SELECT id, slug, lower(regexp_replace(btrim(name), '\\s+', ' ', 'g')) AS key FROM authors
      WHERE lower(regexp_replace(btrim(name), '\\s+', ' ', 'g')) = ANY(${[...names]}::text[])
      ORDER BY created_at, id`;
  }

  /** A new author of that name, under a free slug made from it. */
  async createAuthor(name: string): Promise<{ id: string; slug: string }> {
    const slug = await uniqueSlug(name, async (candidate) => (await this.db.tx.author.count({ where: { slug: candidate } })) > 0, 'author');
    return this.db.tx.author.create({ data: { slug, name }, select: { id: true, slug: true } });
  }
}
