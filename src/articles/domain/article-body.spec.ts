import { describe, expect, it } from '@jest/globals';
import { htmlToText, paragraphsToHtml, sanitizeBody } from './article-body.js';

describe('sanitizeBody', () => {
  it.each([
    ['a script element', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['an event handler', '<p onclick="alert(1)">a</p><img src="https://x.test/a.png" onerror="alert(1)">', '<p>a</p><img src="https://x.test/a.png" />'],
    ['a javascript: link', '<a href="javascript:alert(1)">a</a>', '<a rel="noopener noreferrer">a</a>'],
    ['a data: image', '<img src="data:image/svg+xml;base64,PHN2Zz4=">', '<img />'],
    ['an svg', '<svg><script>alert(1)</script><circle/></svg><p>b</p>', '<p>b</p>'],
    ['mathml', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>ok', 'ok'],
    ['an iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>ok', 'ok'],
    ['a style attribute', '<p style="background:url(javascript:alert(1))">a</p>', '<p>a</p>'],
    ['an unclosed tag', '<p>a<b>b', '<p>a<b>b</b></p>'],
    ['a protocol-relative link', '<a href="//evil.test">a</a>', '<a rel="noopener noreferrer">a</a>'],
  ])('removes %s', (_name, input, expected) => {
    expect(sanitizeBody(input).html).toBe(expected);
  });

  it('keeps the allow-list: paragraphs, headings, emphasis, links, lists, quotes, figures', () => {
    const html =
      '<h2>Head</h2><p><strong>s</strong> <em>e</em> <a href="https://x.test/" title="t">l</a> <a href="mailto:a@x.test">m</a></p>' +
      '<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>q</blockquote>' +
      '<figure><img src="https://x.test/i.jpg" alt="a" /><figcaption>c</figcaption></figure>';
    const result = sanitizeBody(html).html;
    for (const part of [
      '<h2>Head</h2>',
      '<strong>s</strong>',
      '<em>e</em>',
      'href="https://x.test/"',
      'href="mailto:a@x.test"',
      '<ul><li>one</li></ul>',
      '<ol><li>two</li></ol>',
      '<blockquote>q</blockquote>',
      '<figcaption>c</figcaption>',
      'alt="a"',
    ]) {
      expect(result).toContain(part);
    }
  });

  it('derives text a paragraph a line, and counts words', () => {
    const body = sanitizeBody('<p>Tom &amp; Jerry   ran.</p><p>Then <em>they</em> — stopped.</p><ul><li>One</li><li>two</li></ul>');
    expect(body.text).toBe('Tom & Jerry ran.\nThen they — stopped.\nOne\ntwo');
    expect(body.wordCount).toBe(8);
  });

  it('counts nothing in an empty body', () => {
    expect(sanitizeBody('')).toEqual({ html: '', text: '', wordCount: 0 });
    expect(sanitizeBody('<script>x</script>')).toEqual({ html: '', text: '', wordCount: 0 });
  });

  it('escapes text made into paragraphs, and reads it back unchanged', () => {
    const paragraphs = ['a < b & "c"', "it's"];
    const html = paragraphsToHtml(paragraphs);
    expect(html).toBe("<p>a &lt; b &amp; &quot;c&quot;</p>\n<p>it's</p>");
    expect(htmlToText(sanitizeBody(html).html)).toBe(paragraphs.join('\n'));
  });
});
