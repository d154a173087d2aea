import { paragraphsToHtml, sanitizeBody } from '../src/articles/domain/article-body.js';
import { normalizeTags } from '../src/articles/domain/article-tags.js';
import { slugify } from '../src/common/slug.js';
import { hashPassword } from '../src/auth/passwords.js';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { SEED_AUTHOR_NOTE, SEED_HEADLINE, SEED_PARAGRAPHS, SEED_STANDFIRST } from './demo/seed-article.js';

// The demo newsroom: The Independent (Dhaka) with the opinion piece of the fixture, as it
// appeared, and enough other stories for the front page to page through. Loading is
// idempotent: whatever already exists (by slug) is left as it is.

export const DEMO_PUBLICATION = 'the-independent';
export const DEMO_ARTICLE = 'why-would-russia-want-to-return-to-the-afghan-peace-process';

interface DemoSection {
  slug: string;
  name: string;
  description: string;
  parent?: string;
}

interface DemoAuthor {
  slug: string;
  name: string;
  bio: string;
}

interface DemoArticle {
  slug: string;
  section: string;
  authors: string[];
  headline: string;
  standfirst: string;
  paragraphs: readonly string[];
  authorNote?: string;
  tags: string[];
  publishedAt: string;
}

const SECTIONS: DemoSection[] = [
  { slug: 'bangladesh', name: 'Bangladesh', description: 'National news.' },
  { slug: 'dhaka', name: 'Dhaka', description: 'The capital.', parent: 'bangladesh' },
  { slug: 'world', name: 'World', description: 'International news.' },
  { slug: 'business', name: 'Business', description: 'Economy, markets and trade.' },
  { slug: 'sports', name: 'Sports', description: 'Cricket, football and more.' },
  { slug: 'opinion', name: 'Opinion', description: 'Columns, analysis and letters.' },
  { slug: 'editorial', name: 'Editorial', description: "The paper's own view.", parent: 'opinion' },
];

const AUTHORS: DemoAuthor[] = [
  { slug: 'md-tareq-hasan', name: 'Md. Tareq Hasan', bio: 'The writer is a student of Rajshahi University.' },
  { slug: 'staff-correspondent', name: 'Staff Correspondent', bio: 'Reporting from the newsroom in Dhaka.' },
  { slug: 'nadia-rahman', name: 'Nadia Rahman', bio: 'Business editor.' },
  { slug: 'arif-chowdhury', name: 'Arif Chowdhury', bio: 'Sports reporter.' },
  { slug: 'foreign-desk', name: 'Foreign Desk', bio: 'International news from the agencies and our correspondents.' },
];

// Invented stories around the seed article's date, so that the sections, tags, authors and
// pages have something to show.
const STORIES: [section: string, author: string, headline: string, tags: string[]][] = [
  ['bangladesh', 'staff-correspondent', 'Vaccination drive resumes at upazila health centres', ['covid-19', 'health']],
  ['dhaka', 'staff-correspondent', 'Metro rail trial run extends to Agargaon', ['transport', 'dhaka']],
  ['business', 'nadia-rahman', 'Garment exports recover as orders return', ['economy', 'exports']],
  ['world', 'foreign-desk', 'Talks on Afghan transition to continue in Istanbul', ['afghanistan', 'diplomacy']],
  ['sports', 'arif-chowdhury', 'Tigers name squad for the New Zealand tour', ['cricket']],
  ['opinion', 'md-tareq-hasan', 'What the Moscow conference means for South Asia', ['afghanistan', 'russia']],
  ['editorial', 'staff-correspondent', 'Keep the roads safe during the holidays', ['transport']],
  ['bangladesh', 'staff-correspondent', 'Boro harvest expected to beat last year', ['agriculture']],
  ['business', 'nadia-rahman', 'Remittance inflow crosses record in March', ['economy', 'remittance']],
  ['world', 'foreign-desk', 'Central Asian rail link plan wins new backers', ['afghanistan', 'trade']],
  ['sports', 'arif-chowdhury', 'Abahani stay top after late winner', ['football']],
  ['dhaka', 'staff-correspondent', 'Waterlogging eases as canals are cleared', ['dhaka', 'environment']],
  ['opinion', 'nadia-rahman', 'Small lenders need a safety net, not a bailout', ['economy']],
  ['world', 'foreign-desk', 'Doha accords deadline looms for foreign troops', ['afghanistan', 'united states']],
  ['bangladesh', 'staff-correspondent', 'Online classes extended for secondary schools', ['education', 'covid-19']],
  ['business', 'nadia-rahman', 'Stock index closes week higher on bank shares', ['markets']],
  ['sports', 'arif-chowdhury', 'Women’s team begins camp ahead of qualifiers', ['cricket']],
  ['editorial', 'staff-correspondent', 'A budget for recovery', ['economy']],
  ['world', 'foreign-desk', 'Uzbekistan to host regional connectivity conference', ['trade', 'diplomacy']],
  ['bangladesh', 'staff-correspondent', 'River erosion displaces families in the north', ['environment']],
  ['dhaka', 'staff-correspondent', 'New bus routes promised for the outskirts', ['transport', 'dhaka']],
  ['business', 'nadia-rahman', 'Jute mills look to private partners', ['economy', 'industry']],
  ['opinion', 'arif-chowdhury', 'Cricket needs a domestic calendar it can keep', ['cricket']],
  ['sports', 'arif-chowdhury', 'Shooters win gold at South Asian meet', ['shooting']],
];

function demoArticles(): DemoArticle[] {
  const seed: DemoArticle = {
    slug: DEMO_ARTICLE,
    section: 'opinion',
    authors: ['md-tareq-hasan'],
    headline: SEED_HEADLINE,
    standfirst: SEED_STANDFIRST,
    paragraphs: SEED_PARAGRAPHS,
    authorNote: SEED_AUTHOR_NOTE,
    tags: ['afghanistan', 'russia'],
    // 5 April 2021, 06:55:53 PM in Dhaka (UTC+6).
    publishedAt: '2021-04-05T18:55:53+06:00',
  };
  const start = Date.parse('2021-03-22T04:00:00Z');
  const others = STORIES.map(([section, author, headline, tags], index): DemoArticle => ({
    slug: slugify(headline),
    section,
    authors: [author],
    headline,
    standfirst: `${headline}: the details, and what comes next.`,
    paragraphs: [
      `${headline}. This is a demonstration story of the newsroom CMS, written for the demo data.`,
      'It shows how sections, authors, tags and the front page fit together; it is not a report of real events.',
    ],
    tags,
    // One story about every 14 hours, the seed article's day among them.
    publishedAt: new Date(start + index * 14 * 3600_000).toISOString(),
  }));
  return [seed, ...others];
}

// Staff of every role, with passwords documented in the README: loaded only on the
// embedded demo database, never into a PostgreSQL someone pointed the API at.
export const DEMO_STAFF = [
  { email: 'admin@newsroom.test', name: 'Demo Admin', password: 'demo-admin-password', isAdmin: true, role: null },
  { email: 'editor@newsroom.test', name: 'Demo Editor', password: 'demo-editor-password', isAdmin: false, role: 'EDITOR' },
  { email: 'copy@newsroom.test', name: 'Demo Copy Editor', password: 'demo-copy-password', isAdmin: false, role: 'COPY_EDITOR' },
  { email: 'writer@newsroom.test', name: 'Nadia Rahman', password: 'demo-writer-password', isAdmin: false, role: 'CONTRIBUTOR', author: 'nadia-rahman' },
  { email: 'production@newsroom.test', name: 'Demo Production', password: 'demo-production-password', isAdmin: false, role: 'PRODUCTION' },
] as const;

/** Loads the demo newsroom; what already exists is left untouched. Returns what was added. */
export async function loadDemoData(prisma: PrismaClient, options: { staff?: boolean } = {}): Promise<{ articles: number }> {
  // Hashing is slow: done before the transaction opens.
  const staff = options.staff ? await Promise.all(DEMO_STAFF.map(async (member) => ({ ...member, passwordHash: await hashPassword(member.password) }))) : [];
  return prisma.$transaction(
    async (tx) => {
      // Two instances starting on one empty database load the demo data once.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('newsroom-demo-data'))`;
      const publication =
        (await tx.publication.findUnique({ where: { slug: DEMO_PUBLICATION } })) ??
        (await tx.publication.create({
          data: {
            slug: DEMO_PUBLICATION,
            name: 'The Independent',
            url: 'https://www.theindependentbd.com',
            locale: 'en',
            timeZone: 'Asia/Dhaka',
            mastheadEditor: 'M. Shamsur Rahman',
            mastheadPublisher: 'Published by the Editor on behalf of Independent Publications Limited',
            mastheadPrinter: 'Media Printers, 446/H, Tejgaon I/A, Dhaka-1215',
            mastheadCopyright: 'Copyright © All right reserved.',
            offices: {
              create: [
                {
                  label: 'Editorial, News & Commercial Offices',
                  address: 'Beximco Media Complex, 149-150 Tejgaon I/A, Dhaka-1208, Bangladesh. GPO Box No. 934, Dhaka-1000.',
                  position: 0,
                },
              ],
            },
          },
        }));

      const sectionIds = new Map<string, string>();
      for (const [position, section] of SECTIONS.entries()) {
        const parentId = section.parent ? sectionIds.get(section.parent) : undefined;
        const row = await tx.section.upsert({
          where: { publicationId_slug: { publicationId: publication.id, slug: section.slug } },
          update: {},
          create: {
            publicationId: publication.id,
            slug: section.slug,
            name: section.name,
            description: section.description,
            parentId,
            position,
          },
        });
        sectionIds.set(section.slug, row.id);
      }

      const authorIds = new Map<string, string>();
      for (const author of AUTHORS) {
        const row = await tx.author.upsert({ where: { slug: author.slug }, update: {}, create: author });
        authorIds.set(author.slug, row.id);
      }

      for (const member of staff) {
        const user = await tx.user.upsert({
          where: { email: member.email },
          update: {},
          create: { email: member.email, name: member.name, passwordHash: member.passwordHash, isAdmin: member.isAdmin },
        });
        if (member.role) {
          await tx.membership.upsert({
            where: { userId_publicationId: { userId: user.id, publicationId: publication.id } },
            update: {},
            create: { userId: user.id, publicationId: publication.id, role: member.role },
          });
        }
        if ('author' in member) {
          await tx.author.updateMany({ where: { slug: member.author, userId: null }, data: { userId: user.id } });
        }
      }

      let added = 0;
      for (const article of demoArticles()) {
        const taken = await tx.articleSlug.findUnique({
          where: { publicationId_slug: { publicationId: publication.id, slug: article.slug } },
        });
        if (taken) continue;
        const body = sanitizeBody(paragraphsToHtml(article.paragraphs));
        const publishedAt = new Date(article.publishedAt);
        const tags = normalizeTags(article.tags);
        const authorIdList = article.authors.map((slug) => authorIds.get(slug)!);
        const sectionId = sectionIds.get(article.section)!;
        await tx.article.create({
          data: {
            publicationId: publication.id,
            sectionId,
            slug: article.slug,
            headline: article.headline,
            standfirst: article.standfirst,
            bodyHtml: body.html,
            bodyText: body.text,
            wordCount: body.wordCount,
            authorNote: article.authorNote ?? null,
            tags,
            status: 'PUBLISHED',
            version: 1,
            createdAt: publishedAt,
            updatedAt: publishedAt,
            submittedAt: publishedAt,
            approvedAt: publishedAt,
            publishedAt,
            authors: { create: authorIdList.map((authorId, position) => ({ authorId, position })) },
            slugs: { create: { publicationId: publication.id, slug: article.slug, createdAt: publishedAt } },
            events: {
              create: { fromStatus: null, toStatus: 'PUBLISHED', comment: 'Imported with the demo data', version: 1, at: publishedAt },
            },
            revisions: {
              create: {
                version: 1,
                sectionId,
                slug: article.slug,
                headline: article.headline,
                standfirst: article.standfirst,
                bodyHtml: body.html,
                authorNote: article.authorNote ?? null,
                tags,
                authorIds: authorIdList,
                createdAt: publishedAt,
              },
            },
          },
        });
        added++;
      }
      return { articles: added };
    },
    { timeout: 60_000 },
  );
}
