import { articlePageUrl, authorPageUrl, siteOf } from './site-urls.js';
import { isoTime, lastModified, withoutEmpty, type SyndicatedStory } from './story.js';

// schema.org NewsArticle (https://schema.org/NewsArticle) as JSON-LD, for the frontend to
// embed in the story's page (`<script type="application/ld+json">`). Search engines read
// headline, image, datePublished, dateModified and author first; the rest describes the
// story and its publisher as the page does.

/** The ratios offered to search engines, widest first (16:9, 1:1, then as taken). */
const IMAGE_RENDITIONS = ['landscape-jpeg', 'square-jpeg', 'original-jpeg'];

/** The story as a schema.org NewsArticle. */
export function newsArticle(story: SyndicatedStory): Record<string, unknown> {
  const site = siteOf(story.publication);
  const page = articlePageUrl(site, story);
  const lead = story.pictures.find((picture) => picture.position === 0);
  const images = IMAGE_RENDITIONS.flatMap((name) => lead?.renditions.filter((rendition) => rendition.name === name).map((rendition) => rendition.href) ?? []);
  return withoutEmpty({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: page ? { '@type': 'WebPage', '@id': page } : undefined,
    url: page ?? undefined,
    headline: story.headline,
    description: story.standfirst ?? undefined,
    image: images,
    datePublished: isoTime(story.publishedAt),
    dateModified: isoTime(lastModified(story)),
    author: story.byline.map((author) => withoutEmpty({ '@type': 'Person', name: author.name, url: authorPageUrl(site, author) ?? undefined })),
    publisher: withoutEmpty({ '@type': 'Organization', name: story.publication.name, url: site ?? undefined }),
    articleSection: story.section.name,
    keywords: story.tags.join(', ') || undefined,
    inLanguage: story.publication.locale,
    wordCount: story.wordCount ?? undefined,
    correction: story.corrections.map((correction) => ({
      '@type': 'CorrectionComment',
      text: correction.text,
      datePublished: isoTime(correction.createdAt),
    })),
  });
}

/**
 * JSON that may be written as it is inside a `<script>` element: `<`, `>` and `&` escaped
 * (a headline saying `</script>` cannot end the element), and the two line separators
 * JavaScript once refused in strings. JSON.parse reads back the same values.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
