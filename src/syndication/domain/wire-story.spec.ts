import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { paragraphsToHtml } from '../../articles/domain/article-body.js';
import { projectRoot } from '../../database/project-paths.js';
import { SEED_AUTHOR_NOTE, SEED_HEADLINE, SEED_PARAGRAPHS, SEED_STANDFIRST } from '../../../prisma/demo/seed-article.js';
import { bylineNames, readNinjs, readTextPage, readWireFile, WireFileRefused } from './wire-story.js';

// The page the demo article was scraped from, beside the repository as the issue names it.
const SEED_PAGE = join(projectRoot, 'test', 'fixtures', 'independent-opinion-2021-04-05.txt');

const refusal = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    if (error instanceof WireFileRefused) return error.message;
    throw error;
  }
  throw new Error('not refused');
};

describe('a story page saved as text', () => {
  it('reads the seed page as the demo article: furniture dropped, 18 paragraphs, the author note apart', () => {
    const story = readWireFile(SEED_PAGE, readFileSync(SEED_PAGE, 'utf8'));
    expect(story).toEqual({
      sourceId: 'file:independent-opinion-2021-04-05.txt',
      headline: SEED_HEADLINE,
      standfirst: SEED_STANDFIRST,
      bodyHtml: paragraphsToHtml(SEED_PARAGRAPHS),
      authorNote: SEED_AUTHOR_NOTE,
      byline: ['Md. Tareq Hasan'],
      tags: [],
    });
  });

  it('takes a page without a standfirst, a repeated headline or furniture', () => {
    const story = readTextPage('plain.txt', 'A headline\n\nJane Doe and John Roe\n\nFirst paragraph.\n\nSecond paragraph.\n');
    expect(story).toMatchObject({ headline: 'A headline', standfirst: null, byline: ['Jane Doe', 'John Roe'], authorNote: null });
    expect(story.bodyHtml).toBe('<p>First paragraph.</p>\n<p>Second paragraph.</p>');
  });

  it.each([
    ['an empty page', 'Tuesday 13 April 2021 ,\nPrint\n\n', 'no headline'],
    ['a page without a byline', 'A headline\n\nThis is the first paragraph of the story, a sentence.\n\nMore.', 'no byline'],
    ['a page with nothing after the byline', 'A headline\n\nJane Doe\n\nComments\n', 'no body'],
  ])('refuses %s, saying why', (_case, text, reason) => {
    expect(refusal(() => readTextPage('page.txt', text))).toMatch(reason);
  });
});

describe('a ninjs item', () => {
  const item = {
    uri: 'urn:newsml:wire.example:20260401:story-1',
    type: 'text',
    headlines: [{ role: 'main', value: 'Floods close the port' }],
    descriptions: [{ role: 'summary', value: 'Ships wait offshore.' }],
    bodies: [
      { role: 'main', contenttype: 'text/html', value: '<html><head><title>x</title></head><body><p>One.</p><p>Two.</p></body></html>' },
      { role: 'authornote', contenttype: 'text/plain', value: 'The writer covers shipping.' },
    ],
    by: 'By Jane Doe, John Roe',
    subjects: [{ name: 'Weather' }, { name: 'Shipping', uri: 'http://cv.example/shipping' }],
  };

  it('reads ninjs 2.x: uri, headline, summary, the HTML body, the author note, the byline and subjects as tags', () => {
    expect(readNinjs(JSON.stringify(item))).toEqual({
      sourceId: item.uri,
      headline: 'Floods close the port',
      standfirst: 'Ships wait offshore.',
      bodyHtml: '<p>One.</p><p>Two.</p>',
      authorNote: 'The writer covers shipping.',
      byline: ['Jane Doe', 'John Roe'],
      tags: ['Weather', 'Shipping'],
    });
  });

  it('reads ninjs 1.x names too, a plain-text body made paragraphs', () => {
    const story = readNinjs(
      JSON.stringify({
        uri: 'urn:x:1',
        headline: 'Old style',
        description_text: 'Still sent.',
        body_text: 'One.\n\nTwo.',
        byline: 'Jane Doe',
        subject: [{ name: 'Politics' }],
      }),
    );
    expect(story).toMatchObject({
      headline: 'Old style',
      standfirst: 'Still sent.',
      bodyHtml: '<p>One.</p>\n<p>Two.</p>',
      byline: ['Jane Doe'],
      tags: ['Politics'],
    });
  });

  it.each([
    ['text that is not JSON', '{"uri": ', 'not JSON'],
    ['an item without a uri', JSON.stringify({ ...item, uri: undefined }), 'no "uri"'],
    ['a picture', JSON.stringify({ ...item, type: 'picture' }), 'a "picture" item'],
    ['a canceled item', JSON.stringify({ ...item, pubstatus: 'canceled' }), 'canceled by the wire'],
    ['an item without a headline', JSON.stringify({ ...item, headlines: [] }), 'no headline'],
    ['an item without a body', JSON.stringify({ ...item, bodies: [] }), 'no body'],
    ['an item without a byline', JSON.stringify({ ...item, by: undefined }), 'no byline'],
  ])('refuses %s, saying why', (_case, json, reason) => {
    expect(refusal(() => readNinjs(json))).toMatch(reason);
  });
});

describe('bylines', () => {
  it.each([
    ['Md. Tareq Hasan', ['Md. Tareq Hasan']],
    ['By Jane Doe and John Roe', ['Jane Doe', 'John Roe']],
    ['Ann Lee, Bo Chan & Cy Diaz', ['Ann Lee', 'Bo Chan', 'Cy Diaz']],
    ['Alexander Andrews', ['Alexander Andrews']],
  ])('reads "%s" as its names', (byline, names) => {
    expect(bylineNames(byline)).toEqual(names);
  });
});
