import { randomBytes } from 'node:crypto';
import { sanitizeBody } from '../../src/articles/domain/article-body.js';
import type { ArticleStatus } from '../../src/articles/domain/article-workflow.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';

// Test data written straight to the database, as a fixture would be. Every value can be
// overridden; names are unique per call so tests never collide.

const unique = () => randomBytes(4).toString('hex');

export async function aPublication(prisma: PrismaClient, overrides: Partial<{ slug: string; name: string; timeZone: string }> = {}) {
  const slug = overrides.slug ?? `pub-${unique()}`;
  return prisma.publication.create({
    data: { slug, name: overrides.name ?? `Publication ${slug}`, timeZone: overrides.timeZone ?? 'Asia/Dhaka' },
  });
}

export async function aSection(
  prisma: PrismaClient,
  publicationId: string,
  overrides: Partial<{ slug: string; name: string; parentId: string; position: number }> = {},
) {
  const slug = overrides.slug ?? `section-${unique()}`;
  return prisma.section.create({
    data: { publicationId, slug, name: overrides.name ?? slug, parentId: overrides.parentId, position: overrides.position ?? 0 },
  });
}

export async function anAuthor(prisma: PrismaClient, overrides: Partial<{ slug: string; name: string; email: string; userId: string }> = {}) {
  const slug = overrides.slug ?? `author-${unique()}`;
  return prisma.author.create({
    data: { slug, name: overrides.name ?? `Author ${slug}`, email: overrides.email ?? `${slug}@example.com`, userId: overrides.userId },
  });
}

export interface ArticleOverrides {
  slug: string;
  headline: string;
  status: ArticleStatus;
  publishedAt: Date | null;
  scheduledFor: Date | null;
  tags: string[];
  bodyHtml: string;
  authorIds: string[];
  createdById: string;
  version: number;
  retractionReason: string;
}

/** An article with its slug, byline, first event and revision, as the API would leave it. */
export async function anArticle(prisma: PrismaClient, context: { publicationId: string; sectionId: string }, overrides: Partial<ArticleOverrides> = {}) {
  const status = overrides.status ?? 'PUBLISHED';
  const slug = overrides.slug ?? `article-${unique()}`;
  const headline = overrides.headline ?? `Headline ${slug}`;
  const body = sanitizeBody(overrides.bodyHtml ?? `<p>Body of ${slug}.</p>`);
  const online = status === 'PUBLISHED' || status === 'PRINTED' || status === 'RETRACTED';
  const publishedAt =
    overrides.publishedAt !== undefined ? overrides.publishedAt : status === 'SCHEDULED' ? (overrides.scheduledFor ?? null) : online ? new Date() : null;
  const tags = overrides.tags ?? [];
  const authorIds = overrides.authorIds ?? [];
  const version = overrides.version ?? 1;
  return prisma.article.create({
    data: {
      publicationId: context.publicationId,
      sectionId: context.sectionId,
      slug,
      headline,
      bodyHtml: body.html,
      bodyText: body.text,
      wordCount: body.wordCount,
      tags,
      status,
      version,
      publishedAt,
      scheduledFor: overrides.scheduledFor ?? null,
      createdById: overrides.createdById,
      retractedAt: status === 'RETRACTED' ? new Date() : null,
      retractionReason: status === 'RETRACTED' ? (overrides.retractionReason ?? 'Retracted in a test') : null,
      authors: { create: authorIds.map((authorId, position) => ({ authorId, position })) },
      slugs: { create: { publicationId: context.publicationId, slug } },
      events: { create: { fromStatus: null, toStatus: status, version } },
      revisions: {
        create: { version, sectionId: context.sectionId, slug, headline, bodyHtml: body.html, tags, authorIds },
      },
    },
  });
}

export const TEST_PASSWORD = 'correct horse battery staple';
let testPasswordHash: Promise<string> | undefined;

/**
 * A staff user, optionally with a role in one publication. The password is TEST_PASSWORD
 * unless given (hashing once keeps the factory fast).
 */
export async function aUser(
  prisma: PrismaClient,
  overrides: Partial<{ email: string; name: string; isAdmin: boolean; disabled: boolean; password: string }> & {
    role?: 'CONTRIBUTOR' | 'COPY_EDITOR' | 'EDITOR' | 'PRODUCTION';
    publicationId?: string;
  } = {},
) {
  const { hashPassword } = await import('../../src/auth/passwords.js');
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = overrides.password ? await hashPassword(overrides.password) : await testPasswordHash;
  const email = overrides.email ?? `user-${unique()}@newsroom.test`;
  const user = await prisma.user.create({
    data: {
      email,
      name: overrides.name ?? `User ${email}`,
      passwordHash,
      isAdmin: overrides.isAdmin ?? false,
      disabled: overrides.disabled ?? false,
    },
  });
  if (overrides.role && overrides.publicationId) {
    await prisma.membership.create({ data: { userId: user.id, publicationId: overrides.publicationId, role: overrides.role } });
  }
  return user;
}
