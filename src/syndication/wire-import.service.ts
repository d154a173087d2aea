import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { sanitizeBody } from '../articles/domain/article-body.js';
import { normalizeTags } from '../articles/domain/article-tags.js';
import { CreateArticleInput } from '../articles/dto/article.inputs.js';
import { EditorialService } from '../articles/editorial.service.js';
import type { StaffRole } from '../auth/domain/roles.js';
import type { Viewer } from '../auth/viewer.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { InputValidationPipe } from '../common/validation/validation.pipe.js';
import { TransactionHost } from '../database/transactions.js';
import { PublicationsService } from '../publications/publications.service.js';
import { SectionsService } from '../sections/sections.service.js';
import { readWireFile, WireFileRefused, type WireStory } from './domain/wire-story.js';
import { WIRE_USER, WireImportRepository, type ImportedArticle } from './wire-import.repository.js';

// The wire import: wire files become stories SUBMITTED for the desk, one transaction a file.
//
// - The wire acts through the editorial service as any member of staff does, as its own
//   user ("Wire import", disabled, no password: it never signs in) with a copy editor's
//   standing in the publication imported into: it creates the draft and submits it (the
//   workflow's "submit", which a copy editor and the story's own writer may take), and
//   updates its own story while it is SUBMITTED. It never edits what the desk has touched.
// - A story is found again by its source id (a ninjs `uri`, a page's file name), unique in
//   the publication, with a hash of what was imported: the same content again writes nothing.
// - A byline names authors by name; a name nobody has is refused unless the operator asks
//   for new authors (`--create-authors`): authors are the group's, and a wire's spelling of a
//   name should not quietly become a second author.

export type ImportStatus = 'created' | 'updated' | 'unchanged' | 'refused';

export type ImportOutcome =
  | { status: 'created' | 'updated' | 'unchanged'; file: string; articleId: string; slug: string; newAuthors: string[] }
  | { status: 'refused'; file: string; reason: string };

/** Where an import writes, and as whom. */
export interface ImportTarget {
  publicationId: string;
  publicationName: string;
  sectionId: string;
  sectionName: string;
  wire: Viewer;
  createAuthors: boolean;
}

/** How the input's fields are named to the operator. */
const FIELD_NAMES: Record<string, string> = {
  'input.headline': 'headline',
  'input.standfirst': 'standfirst',
  'input.bodyHtml': 'body',
  'input.authorNote': 'author note',
  'input.authorIds': 'byline',
  'input.tags': 'tags (subjects)',
};

/** A refused file's reason from a refusal of the editorial service or the input's checks. */
function reasonOf(error: DomainError): string {
  const fields = error.details.fields ?? [];
  if (fields.length === 0) return error.message;
  return fields.map(({ field, message }) => `${FIELD_NAMES[field] ?? field.replace(/^input\./, '')}: ${message}`).join('; ');
}

const normalizedName = (name: string) => name.replace(/\s+/g, ' ').trim().toLowerCase();

@Injectable()
export class WireImportService {
  private readonly validation = new InputValidationPipe();

  constructor(
    private readonly db: TransactionHost,
    private readonly imports: WireImportRepository,
    private readonly editorial: EditorialService,
    private readonly publications: PublicationsService,
    private readonly sections: SectionsService,
  ) {}

  /** The publication and section by slug (NOT_FOUND otherwise), and the wire's user, made on first use. */
  async target(publicationSlug: string, sectionSlug: string, options: { createAuthors?: boolean } = {}): Promise<ImportTarget> {
    const publication = await this.publications.bySlug(publicationSlug);
    if (!publication) throw notFound(`Publication "${publicationSlug}"`);
    const section = (await this.sections.ofPublication(publication.id)).find((candidate) => candidate.slug === sectionSlug);
    if (!section) throw notFound(`Section "${sectionSlug}" of ${publication.name}`);
    const wireId = await this.imports.wireUserId();
    return {
      publicationId: publication.id,
      publicationName: publication.name,
      sectionId: section.id,
      sectionName: section.name,
      // A copy editor's standing in this publication only, for this import: what the wire may do
      // is what the workflow table lets a copy editor (and a story's writer) do.
      wire: {
        id: wireId,
        email: WIRE_USER.email,
        name: WIRE_USER.name,
        isAdmin: false,
        roles: new Map<string, StaffRole>([[publication.id, 'COPY_EDITOR']]),
        sessionEpoch: 0,
      },
      createAuthors: options.createAuthors ?? false,
    };
  }

  /**
   * Imports one file's text: created (and SUBMITTED), updated, unchanged, or refused with the
   * reason. All of it in one transaction: a refused file leaves nothing behind.
   */
  async importFile(target: ImportTarget, file: string, text: string): Promise<ImportOutcome> {
    try {
      const story = readWireFile(file, text);
      return await this.db.withTransaction({ timeout: 60_000 }, () => this.write(target, file, story));
    } catch (error) {
      if (error instanceof WireFileRefused) return { status: 'refused', file, reason: error.message };
      if (error instanceof DomainError) return { status: 'refused', file, reason: reasonOf(error) };
      throw error;
    }
  }

  private async write(target: ImportTarget, file: string, story: WireStory): Promise<ImportOutcome> {
    await this.imports.lockSource(target.publicationId, story.sourceId);
    const hash = contentHash(story, target.sectionId);
    const existing = await this.imports.findBySource(target.publicationId, story.sourceId);
    if (existing?.contentHash === hash) return { status: 'unchanged', file, articleId: existing.id, slug: existing.slug, newAuthors: [] };
    if (existing) await this.assertUntouchedByDesk(target, existing);

    const { authorIds, newAuthors } = await this.authorsOf(story.byline, target.createAuthors);
    const input = await this.checked({
      publicationId: target.publicationId,
      sectionId: target.sectionId,
      headline: story.headline,
      standfirst: story.standfirst,
      bodyHtml: story.bodyHtml,
      authorNote: story.authorNote,
      authorIds,
      tags: story.tags,
    });
    if (!existing) {
      const draft = await this.editorial.create(target.wire, input);
      const submitted = await this.editorial.transition(target.wire, { id: draft.id, to: 'SUBMITTED', version: draft.version });
      await this.imports.recordSource({ articleId: draft.id, publicationId: target.publicationId, sourceId: story.sourceId, contentHash: hash }, new Date());
      return { status: 'created', file, articleId: submitted.id, slug: submitted.slug, newAuthors };
    }
    const { publicationId: _publicationId, ...changes } = input;
    const updated = await this.editorial.update(target.wire, existing.id, existing.version, changes);
    await this.imports.recordSource({ articleId: existing.id, publicationId: target.publicationId, sourceId: story.sourceId, contentHash: hash }, new Date());
    return { status: 'updated', file, articleId: existing.id, slug: updated.slug, newAuthors };
  }

  /** A new version from the wire goes only where the desk has not been: still SUBMITTED, and last saved by the wire itself. */
  private async assertUntouchedByDesk(target: ImportTarget, existing: ImportedArticle): Promise<void> {
    if (existing.status !== 'SUBMITTED') {
      throw new WireFileRefused(`a new version of ${existing.slug}, which the desk has taken on (${existing.status}): not applied`);
    }
    const [last] = await this.editorial.revisions(existing.id, 1);
    if (last?.createdById !== target.wire.id) {
      throw new WireFileRefused(`a new version of ${existing.slug}, which the desk has edited since it was imported: not applied`);
    }
  }

  /** The byline's authors by name; a name nobody has is refused, or made an author when asked. */
  private async authorsOf(byline: readonly string[], create: boolean): Promise<{ authorIds: string[]; newAuthors: string[] }> {
    const found = await this.imports.authorsNamed(byline.map(normalizedName));
    const authorIds: string[] = [];
    const newAuthors: string[] = [];
    for (const name of byline) {
      const matches = found.filter((author) => author.key === normalizedName(name));
      if (matches.length > 1) {
        throw new WireFileRefused(
          `the byline's "${name}" names ${matches.length} authors (${matches.map((a) => a.slug).join(', ')}): which one is for the desk to say`,
        );
      }
      if (matches.length === 1) {
        authorIds.push(matches[0].id);
        continue;
      }
      if (!create) throw new WireFileRefused(`the byline's "${name}" is no author of the newsroom: add the author, or import with --create-authors`);
      authorIds.push((await this.imports.createAuthor(name)).id);
      newAuthors.push(name);
    }
    return { authorIds: [...new Set(authorIds)], newAuthors };
  }

  /** The input as the API checks every createArticle: the same limits, the same messages. */
  private async checked(input: CreateArticleInput): Promise<CreateArticleInput> {
    return (await this.validation.transform(input, { type: 'body', metatype: CreateArticleInput, data: 'input' })) as CreateArticleInput;
  }
}

/** What an import writes, normalised as it is stored: the same content hashes the same. */
function contentHash(story: WireStory, sectionId: string): string {
  const content = {
    sectionId,
    headline: story.headline.trim(),
    standfirst: story.standfirst?.trim() || null,
    body: sanitizeBody(story.bodyHtml).html,
    authorNote: story.authorNote?.trim() || null,
    byline: story.byline.map(normalizedName),
    tags: normalizeTags(story.tags),
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
