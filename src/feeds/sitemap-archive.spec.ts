import { describe, expect, it } from '@jest/globals';
import { archiveFileNames, parseArchiveFile, SITEMAP_MAX_URLS } from './sitemap-archive.js';

describe('archive sitemap files', () => {
  it('names one file a month, continued in -2, -3... past the limit', () => {
    expect(archiveFileNames('2021-04', 1)).toEqual(['2021-04']);
    expect(archiveFileNames('2021-04', SITEMAP_MAX_URLS)).toEqual(['2021-04']);
    expect(archiveFileNames('2021-04', SITEMAP_MAX_URLS + 1)).toEqual(['2021-04', '2021-04-2']);
    expect(archiveFileNames('2021-04', 7, 3)).toEqual(['2021-04', '2021-04-2', '2021-04-3']);
  });

  it('reads back the names it gives, and nothing else', () => {
    expect(parseArchiveFile('2021-04.xml')).toEqual({ year: 2021, month: 4, part: 1 });
    expect(parseArchiveFile('2021-12-2.xml')).toEqual({ year: 2021, month: 12, part: 2 });
    expect(parseArchiveFile('2021-04-17.xml')).toEqual({ year: 2021, month: 4, part: 17 });
    for (const name of [
      '2021-13.xml',
      '2021-00.xml',
      '2021-4.xml',
      '2021-04-1.xml',
      '2021-04-0.xml',
      '2021-04-02.xml',
      '0000-01.xml',
      '2021-04',
      'news.xml',
      '2021-04.xml.gz',
    ])
      expect(parseArchiveFile(name)).toBeNull();
  });
});
