import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Article } from '../articles/models/article.model.js';
import type { CacheTags } from '../graphql/cache-tags.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { textUnits } from '../graphql/query-cost.js';
import { newsArticle, scriptSafeJson } from './domain/news-article.js';
import { ninjsOf } from './domain/ninjs.js';
import type { SyndicatedStory } from './domain/story.js';
import { SyndicationService, syndicates } from './syndication.service.js';

// There is no JSON scalar in the schema: both fields are JSON text (a String), which is what
// the frontend writes into a page (JSON-LD) or hands on (ninjs) anyway.

/** What a story's formats hold besides its body, for the cost and the response budget. */
const FORMAT_UNITS = textUnits(8_000);

/** The story in the news ecosystem's formats: schema.org JSON-LD and IPTC ninjs. */
@Resolver(() => Article)
export class ArticleSyndicationResolver {
  constructor(private readonly syndication: SyndicationService) {}

  @ResolveField(() => String, {
    nullable: true,
    complexity: FORMAT_UNITS,
    description:
      'schema.org NewsArticle as JSON-LD text, safe to write as it is into <script type="application/ld+json">. ' +
      'Null unless the public reads the story now (a retraction included).',
  })
  async jsonLd(@Parent() article: Article, @Context() { loaders, cacheTags }: GraphQLContext): Promise<string | null> {
    const story = await this.syndication.story(article, loaders, { body: false });
    if (!story) return null;
    tag(cacheTags, story);
    return scriptSafeJson(newsArticle(story));
  }

  @ResolveField(() => String, {
    nullable: true,
    complexity: FORMAT_UNITS,
    description: 'The story as an IPTC ninjs 2.0 news item (JSON text), as GET /ninjs/:publication/:slug gives it. Null unless the public reads the story now.',
  })
  async ninjs(@Parent() article: Article, @Context() { loaders, budget, cacheTags }: GraphQLContext): Promise<string | null> {
    if (!syndicates(article)) return null;
    // The body is charged before it is loaded, as bodyHtml's is.
    budget.text(article.bodyBytes.html);
    const story = await this.syndication.story(article, loaders, { body: true });
    if (!story) return null;
    tag(cacheTags, story);
    return JSON.stringify(ninjsOf(story));
  }
}

/** What the formats show beyond the story itself: its publication (name, site), section tree and byline. */
function tag(cacheTags: CacheTags, story: SyndicatedStory): void {
  cacheTags.publication(story.publicationId);
  cacheTags.sections(story.publicationId);
  cacheTags.authors(story.byline);
}
