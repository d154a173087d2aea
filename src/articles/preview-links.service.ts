import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Viewer } from '../auth/viewer.js';
import { badInput } from '../common/errors/domain-error.js';
import { AUTH_OPTIONS, INTEGRATION_OPTIONS, type AuthOptions, type IntegrationOptions } from '../config/app-options.js';
import type { Publication } from '../publications/models/publication.model.js';
import { TOMBSTONE_STATUS } from './domain/article-workflow.js';
import { EditorialRepository } from './editorial.repository.js';
import { EditorialService } from './editorial.service.js';
import type { Article } from './models/article.model.js';
import type { PreviewLink } from './models/preview-link.model.js';
import { PublicArticlesService } from './public-articles.service.js';

const ISSUER = 'newsroom-cms';
// Not the staff tokens' audience (tokens.service.ts), under the same secret: a preview token
// never signs anyone in, and a staff token never opens a preview.
const AUDIENCE = 'newsroom-preview';

// A bad preview token is BAD_USER_INPUT on `preview`: the token is an argument of the field,
// not the reader's credential. UNAUTHENTICATED would tell the frontend that a staff session
// ended (sign in again) and FORBIDDEN speaks of a viewer's role; neither fits an anonymous
// reader holding a stale or wrong link.
const refused = (message: string) => badInput([{ field: 'preview', message }]);

/** Preview links: a short-lived signed token that shows one article as the public would read it, whatever its status. */
@Injectable()
export class PreviewLinksService {
  private readonly key: Uint8Array;

  constructor(
    @Inject(AUTH_OPTIONS) auth: AuthOptions,
    @Inject(INTEGRATION_OPTIONS) private readonly options: IntegrationOptions,
    private readonly editorialService: EditorialService,
    private readonly editorial: EditorialRepository,
    private readonly publicArticles: PublicArticlesService,
  ) {
    this.key = new TextEncoder().encode(auth.jwtSecret);
  }

  /** A link to an article the viewer may read on the desk (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND otherwise). */
  async create(viewer: Viewer, articleId: string, now = new Date()): Promise<PreviewLink> {
    const article = await this.editorialService.byId(viewer, articleId);
    // Its link would be refused when followed (see article()): say so now.
    if (article.status === 'SPIKED') throw badInput([{ field: 'articleId', message: 'is spiked: a spiked article has no preview' }]);
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = new Date((issuedAt + this.options.previewTtlSeconds) * 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(article.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /**
   * The article `slug` names in the publication (a current or former slug), as it stands now,
   * if `token` is a live preview link made for that very article; BAD_USER_INPUT otherwise.
   */
  async article(publication: Publication, slug: string, token: string): Promise<Article> {
    const articleId = await this.verify(token);
    // One answer whether the slug names nothing or another article: a link opens its own
    // article and says nothing of any other (not even that a draft's slug exists).
    if ((await this.editorial.slugHolder(publication.id, slug)) !== articleId) throw refused('is not a preview of this article');
    const article = await this.editorialService.find(articleId);
    if (!article) throw refused('is not a preview of this article');
    if (article.status === 'SPIKED') throw refused('is for a spiked article, which has no preview');
    // A retraction takes the story back from everyone, link holders too: they read the
    // public tombstone (headline, reason, time), not the withdrawn body.
    if (article.status !== TOMBSTONE_STATUS) return { ...article, slug };
    const tombstone = await this.publicArticles.bySlug(publication, slug);
    if (!tombstone) throw refused('is not a preview of this article');
    return tombstone;
  }

  /** The article a preview token was made for: its signature, audience and expiry checked. */
  private async verify(token: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['sub', 'exp'] });
      if (typeof payload.sub === 'string') return payload.sub;
    } catch (error) {
      // jose checks the signature first: only a token we signed can be reported as expired.
      if (error instanceof errors.JWTExpired) throw refused('has expired: ask for a new preview link');
    }
    throw refused('is not a valid preview link');
  }
}
