import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendBadHost, sendDocument } from './document-replies.js';
import type { Document } from './kept-documents.js';
import { ORIGIN_PLACEHOLDER, forOrigin, originOf } from './public-links.js';
import { SitemapsService, type SitemapRequest } from './sitemaps.service.js';

/** Google News, and the archive: an index of monthly sitemaps. */
@Controller('sitemaps')
export class SitemapsController {
  constructor(private readonly sitemaps: SitemapsService) {}

  @Get(':publication/news.xml')
  news(@Param('publication') publication: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.serve(publication, request, reply, (asked) => this.sitemaps.news(asked));
  }

  @Get(':publication/index.xml')
  index(@Param('publication') publication: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.serve(publication, request, reply, (asked) => this.sitemaps.index(asked));
  }

  /** `2021-04.xml`, `2021-04-2.xml`...: the names the index gives (Fastify's static routes above win over this one). */
  @Get(':publication/:file')
  archive(@Param('publication') publication: string, @Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.serve(publication, request, reply, (asked) => this.sitemaps.archive({ ...asked, file }));
  }

  private async serve(
    publication: string,
    request: FastifyRequest,
    reply: FastifyReply,
    read: (asked: SitemapRequest) => Promise<Document | null>,
  ): Promise<void> {
    const origin = originOf(request);
    if (!origin) return sendBadHost(reply);
    await sendDocument(request, reply, forOrigin(await read({ publication, origin: ORIGIN_PLACEHOLDER }), origin));
  }
}
