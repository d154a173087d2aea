import { createRequire } from 'node:module';
import type * as Htmlparser2 from 'htmlparser2';
import { isUuid } from '../common/validation/uuid.js';

// Pictures placed in an article's body. A writer places one as
//
//   <figure data-image-id="…" data-caption="…" data-credit="…"></figure>
//
// (caption and credit optional: this use's own, over the image's). The body keeps only that;
// on read the API draws the picture into it: an <img> with its srcset and size, and a
// <figcaption data-from-image> with the caption and credit. A body read, edited and saved
// back loses nothing and gains nothing: what the API drew is dropped again, and a caption
// the writer typed into the figure becomes the use's caption.

// Loaded as sanitize-html loads it (require): under the test runner an ES module import would
// see no named exports.
const require = createRequire(import.meta.url);
const { parseDocument, DomUtils } = require('htmlparser2') as typeof Htmlparser2;

type Document = ReturnType<typeof parseDocument>;
type Element = Parameters<typeof DomUtils.getAttributeValue>[0];

/** One figure's use of an image, in body order. */
export interface FigureUse {
  imageId: string;
  caption: string | null;
  credit: string | null;
}

const CAPTION_LIMIT = 2_000;

const isImageFigure = (element: Element) => element.name === 'figure' && element.attribs['data-image-id'] !== undefined;

function imageFigures(document: Document): Element[] {
  return DomUtils.findAll((element) => isImageFigure(element), document.children);
}

const serialize = (document: Document) => DomUtils.getOuterHTML(document.children, { encodeEntities: 'utf8' });

const clean = (text: string | undefined | null) => {
  const trimmed = (text ?? '').replace(/\s+/gu, ' ').trim().slice(0, CAPTION_LIMIT);
  return trimmed === '' ? null : trimmed;
};

/** Whether a node is no longer in the document (its ancestor was emptied). */
function isDetached(node: Element, document: Document): boolean {
  for (let child: Element | Document = node; child !== document; child = child.parent as Element | Document) {
    const parent = child.parent as Element | Document | null;
    if (!parent || !parent.children.includes(child)) return true;
  }
  return false;
}

/** The most pictures a body may place (each is drawn into an <img> with its srcset on read). */
export const MAX_FIGURES = 50;

/** Whether a sanitised body places any picture (a cheap test before parsing it). */
export const placesPictures = (html: string) => html.includes('data-image-id');

/** The image ids a body's figures name, in body order (valid ids only, repeats included). */
export function figureImageIds(html: string): string[] {
  if (!placesPictures(html)) return [];
  return imageFigures(parseDocument(html))
    .map((figure) => figure.attribs['data-image-id'].toLowerCase())
    .filter((id) => isUuid(id));
}

/**
 * A sanitised body's figures settled for keeping: those naming an image `usable` accepts keep
 * the reference, in the form above; the others become plain figures (their content kept).
 * Returns the body and the uses, in body order. Unchanged bodies come back as they were.
 */
export function settleFigures(html: string, usable: (imageId: string) => boolean): { html: string; uses: FigureUse[] } {
  if (!placesPictures(html)) return { html, uses: [] };
  const document = parseDocument(html);
  const uses: FigureUse[] = [];
  for (const figure of imageFigures(document)) {
    // A figure inside a placed one went with its content, below.
    if (isDetached(figure, document)) continue;
    const imageId = figure.attribs['data-image-id'].toLowerCase();
    if (!isUuid(imageId) || !usable(imageId)) {
      for (const name of ['data-image-id', 'data-caption', 'data-credit']) delete figure.attribs[name];
      continue;
    }
    // A caption the writer typed into the figure is this use's own; the API's own is not.
    const typed = DomUtils.findOne((element) => element.name === 'figcaption' && element.attribs['data-from-image'] === undefined, figure.children);
    const caption = clean(typed ? DomUtils.textContent(typed) : figure.attribs['data-caption']);
    const credit = clean(figure.attribs['data-credit']);
    figure.attribs = {
      'data-image-id': imageId,
      ...(caption !== null ? { 'data-caption': caption } : {}),
      ...(credit !== null ? { 'data-credit': credit } : {}),
    };
    figure.children = [];
    uses.push({ imageId, caption, credit });
  }
  return { html: serialize(document), uses };
}

/** What the body needs to draw one placed picture. */
export interface DrawnPicture {
  src: string;
  srcset: string;
  width: number;
  height: number;
  alt: string;
  caption: string | null;
  credit: string | null;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A stored body with each placed picture drawn (the n-th figure is `pictures[n]`); a figure
 * whose picture is gone (deleted while the story was a draft) is left out.
 */
export function drawFigures(html: string, pictures: readonly (DrawnPicture | null)[]): string {
  if (!placesPictures(html)) return html;
  const document = parseDocument(html);
  imageFigures(document).forEach((figure, index) => {
    const picture = pictures[index];
    if (!picture) {
      DomUtils.removeElement(figure);
      return;
    }
    const caption = picture.caption ? escapeText(picture.caption) : '';
    const credit = picture.credit ? `<small>${escapeText(picture.credit)}</small>` : '';
    const drawn = parseDocument(
      `<img src="${escapeAttribute(picture.src)}" srcset="${escapeAttribute(picture.srcset)}" sizes="(min-width: 1280px) 1280px, 100vw" ` +
        `width="${picture.width}" height="${picture.height}" alt="${escapeAttribute(picture.alt)}" loading="lazy" decoding="async">` +
        (caption || credit ? `<figcaption data-from-image>${caption}${caption && credit ? ' ' : ''}${credit}</figcaption>` : ''),
    );
    figure.children = drawn.children;
    for (const child of drawn.children) child.parent = figure;
  });
  return serialize(document);
}
