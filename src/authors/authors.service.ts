import { Injectable } from '@nestjs/common';
import { roleMay } from '../auth/domain/permissions.js';
import { assertMayAnywhere, type Viewer } from '../auth/viewer.js';
import { badInput, forbidden, notFound } from '../common/errors/domain-error.js';
import { insertWithFreeSlug } from '../common/slug.js';
import { TransactionHost } from '../database/transactions.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.service.js';
import { AuthorsRepository } from './authors.repository.js';
import type { CreateAuthorInput, UpdateAuthorInput } from './dto/author.inputs.js';
import type { Author } from './models/author.model.js';

@Injectable()
export class AuthorsService {
  constructor(
    private readonly authors: AuthorsRepository,
    private readonly db: TransactionHost,
    private readonly webhooks: WebhookOutbox,
  ) {}

  /** An author as seen from one publication: their page lists that publication's articles. */
  async bySlugIn(publicationId: string, slug: string): Promise<Author | null> {
    const author = await this.authors.findBySlug(slug);
    return author ? { ...author, publicationId } : null;
  }

  /**
   * An author's email, for staff only: members of the publication the author was reached
   * through, and those who manage authors (who edit it). Never for the public.
   */
  emailFor(viewer: Viewer | null, author: Author): string | null {
    if (!viewer) return null;
    const member = author.publicationId !== undefined && viewer.roles.has(author.publicationId);
    const manager = viewer.isAdmin || [...viewer.roles.values()].some((role) => roleMay(role, 'manageAuthors'));
    return member || manager ? (author.email ?? null) : null;
  }

  /** Which of these author ids exist. */
  existingIds(ids: readonly string[]): Promise<Set<string>> {
    return this.authors.existingIds(ids);
  }

  /** Authors write for the whole group: an editor of any publication manages them. */
  async create(viewer: Viewer, input: CreateAuthorInput): Promise<Author> {
    assertMayAnywhere(viewer, 'manageAuthors');
    assertMayLink(viewer, input.userId);
    return insertWithFreeSlug({
      given: input.slug,
      name: input.name,
      fallback: 'author',
      isTaken: (slug) => this.authors.slugTaken(slug),
      insert: (slug) =>
        this.authors.create({
          slug,
          name: input.name.trim(),
          bio: input.bio?.trim() || null,
          email: input.email?.trim().toLowerCase() || null,
          userId: input.userId ?? null,
        }),
      taken: () => badInput([{ field: 'input.slug', message: 'is taken by another author' }]),
    });
  }

  async update(viewer: Viewer, id: string, input: UpdateAuthorInput): Promise<Author> {
    assertMayAnywhere(viewer, 'manageAuthors');
    assertMayLink(viewer, input.userId);
    const author = await this.authors.findById(id);
    if (!author) throw notFound('Author');
    // The change and its webhook events commit together.
    return this.db.withTransaction(async () => {
      const updated = await this.authors.update(id, {
        ...(input.name != null ? { name: input.name.trim() } : {}),
        ...(input.slug != null ? { slug: input.slug } : {}),
        ...(input.bio !== undefined ? { bio: input.bio?.trim() || null } : {}),
        ...(input.email !== undefined ? { email: input.email?.trim().toLowerCase() || null } : {}),
        ...(input.userId !== undefined ? { userId: input.userId } : {}),
      });
      await this.webhooks.authorUpdated(id, author.slug);
      return updated;
    });
  }
}

// Linking an author to a user makes that user one of the writers of every article the
// author is on (they may read and edit those drafts): an access grant, so admins only.
function assertMayLink(viewer: Viewer, userId: string | null | undefined): void {
  if (userId !== undefined && !viewer.isAdmin) throw forbidden('Only an admin may link an author to a user');
}
