import { articlePageUrl, siteOf } from './site-urls.js';
import { bylineText, isoTime, lastModified, withoutEmpty, type StoryPicture, type SyndicatedStory } from './story.js';

// IPTC ninjs 2.0 (https://iptc.org/standards/ninjs/), the news item in JSON as wire services
// and aggregators exchange it. 2.x names what 1.x did not: `headlines`, `descriptions` and
// `bodies` are lists with roles (1.x had `headline`, `description_text`, `body_html`), `by`
// is the byline (1.x `byline`), `subjects`, `renditions` and `associations` are lists.
//
// Only public stories are given out, so `pubstatus` is always `usable`: a retracted story
// is not given at all (404 over HTTP, null in GraphQL), as everywhere else the public reads.

export const NINJS_STANDARD = { name: 'ninjs', version: '2.0', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json' } as const;

/** The ninjs `uri` of a story or picture: its id, which no slug change or move alters. */
export const ninjsUri = (id: string) => `urn:uuid:${id}`;

/** Roles of the lists this API writes and reads back (wire-story.ts). */
export const NINJS_ROLES = { main: 'main', summary: 'summary', authorNote: 'authornote', caption: 'caption', alt: 'alt' } as const;

/** The story as a ninjs 2.0 news item. */
export function ninjsOf(story: SyndicatedStory): Record<string, unknown> {
  const page = articlePageUrl(siteOf(story.publication), story);
  const by = bylineText(story.byline.map((author) => author.name));
  return withoutEmpty({
    uri: ninjsUri(story.id),
    standard: NINJS_STANDARD,
    type: 'text',
    representationtype: 'full',
    version: String(story.version),
    firstcreated: isoTime(story.publishedAt),
    versioncreated: isoTime(lastModified(story)),
    contentcreated: isoTime(story.createdAt),
    pubstatus: 'usable',
    language: story.publication.locale,
    slugline: story.canonicalSlug,
    headlines: [{ role: NINJS_ROLES.main, value: story.headline }],
    descriptions: story.standfirst ? [{ role: NINJS_ROLES.summary, contenttype: 'text/plain', value: story.standfirst }] : [],
    bodies: [
      ...(story.body
        ? [
            withoutEmpty({
              role: NINJS_ROLES.main,
              contenttype: 'text/html',
              charcount: [...story.body.text].length,
              wordcount: story.wordCount ?? undefined,
              value: story.body.html,
            }),
          ]
        : []),
      ...(story.authorNote ? [{ role: NINJS_ROLES.authorNote, contenttype: 'text/plain', value: story.authorNote }] : []),
    ],
    by: by || undefined,
    subjects: story.tags.map((tag) => ({ name: tag })),
    renditions: page ? [{ name: 'web', href: page, contenttype: 'text/html', title: story.headline }] : [],
    associations: story.pictures.map(association),
  });
}

/** A picture of the story: the lead as `leadimage`, the body's as `image1`, `image2`... */
function association(picture: StoryPicture): Record<string, unknown> {
  return withoutEmpty({
    name: picture.position === 0 ? 'leadimage' : `image${picture.position}`,
    uri: ninjsUri(picture.imageId),
    type: 'picture',
    representationtype: 'partial',
    descriptions: [
      ...(picture.caption ? [{ role: NINJS_ROLES.caption, contenttype: 'text/plain', value: picture.caption }] : []),
      ...(picture.alt ? [{ role: NINJS_ROLES.alt, contenttype: 'text/plain', value: picture.alt }] : []),
    ],
    by: picture.credit ?? undefined,
    renditions: picture.renditions.map((rendition) =>
      withoutEmpty({ name: rendition.name, href: rendition.href, contenttype: rendition.contentType, width: rendition.width, height: rendition.height }),
    ),
  });
}
