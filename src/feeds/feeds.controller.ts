import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendBadHost, sendDocument } from './document-replies.js';
import { FeedsService, type FeedFormat } from './feeds.service.js';
import { ORIGIN_PLACEHOLDER, forOrigin, originOf } from './public-links.js';

/** RSS 2.0 and Atom: the newest public stories of a publication, or of a section and its subsections. */
@Controller('feeds')
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get(':publication/rss.xml')
  publicationRss(@Param('publication') publication: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.serve('rss', publication, null, request, reply);
  }

  @Get(':publication/atom.xml')
  publicationAtom(@Param('publication') publication: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.serve('atom', publication, null, request, reply);
  }

  @Get(':publication/:section/rss.xml')
  sectionRss(
    @Param('publication') publication: string,
    @Param('section') section: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.serve('rss', publication, section, request, reply);
  }

  @Get(':publication/:section/atom.xml')
  sectionAtom(
    @Param('publication') publication: string,
    @Param('section') section: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.serve('atom', publication, section, request, reply);
  }

  private async serve(format: FeedFormat, publication: string, section: string | null, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const origin = originOf(request);
    if (!origin) return sendBadHost(reply);
    await sendDocument(request, reply, forOrigin(await this.feeds.feed(format, { publication, section, origin: ORIGIN_PLACEHOLDER }), origin));
  }
}
