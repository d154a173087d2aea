import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CacheTags } from '../graphql/cache-tags.js';
import { ninjsOf } from './domain/ninjs.js';
import { SyndicationService } from './syndication.service.js';

/** How long a CDN and browsers may keep a story, as anonymous GraphQL answers say (response-cache). */
const CACHE_CONTROL = 'public, max-age=30, stale-while-revalidate=30';

/** A story as an IPTC ninjs 2.0 news item, for wire partners and aggregators: what the public reads, nothing more. */
@Controller('ninjs')
export class NinjsController {
  constructor(private readonly syndication: SyndicationService) {}

  /** 200 with the item; 404 for a story the public cannot read (a draft, one not yet due, a retraction) or no such story. */
  @Get(':publication/:slug')
  async item(@Param('publication') publication: string, @Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    // (Fastify refuses a parameter over 100 characters with 414 before this runs.)
    const story = await this.syndication.publicStory(publication, slug);
    if (!story) {
      // Not kept: a scheduled story comes online with no write that could purge a kept 404.
      await reply.status(404).header('cache-control', 'no-store').send({ statusCode: 404, error: 'Not Found', message: 'No public story at this address' });
      return;
    }
    // The change tags of what it shows, named as the database announces them (a CDN purges by them).
    const tags = new CacheTags();
    tags.article(story.publicationId, story);
    tags.publication(story.publicationId);
    tags.sections(story.publicationId);
    tags.authors(story.byline);
    await reply
      .status(200)
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', CACHE_CONTROL)
      .header('surrogate-key', tags.header())
      .send(JSON.stringify(ninjsOf(story)));
  }
}
