import { Injectable } from '@nestjs/common';
import { assertAdmin, type Viewer } from '../auth/viewer.js';
import { notFound } from '../common/errors/domain-error.js';
import type { CreatePublicationInput, MastheadInput, UpdatePublicationInput } from './dto/publication.inputs.js';
import type { Publication } from './models/publication.model.js';
import { PublicationsRepository, PublicationsWriteRepository, type PublicationData } from './publications.repository.js';

@Injectable()
export class PublicationsService {
  constructor(
    private readonly publications: PublicationsRepository,
    private readonly writes: PublicationsWriteRepository,
  ) {}

  /** A publication by slug; null when there is none (the public reads of DESIGN.md). */
  bySlug(slug: string): Promise<Publication | null> {
    return this.publications.findBySlug(slug);
  }

  async create(viewer: Viewer, input: CreatePublicationInput): Promise<Publication> {
    assertAdmin(viewer);
    return this.writes.create({
      ...publicationData(input),
      slug: input.slug,
      name: input.name.trim(),
      timeZone: canonicalTimeZone(input.timeZone),
    });
  }

  async update(viewer: Viewer, id: string, input: UpdatePublicationInput): Promise<Publication> {
    assertAdmin(viewer);
    const updated = await this.writes.update(id, publicationData(input));
    if (!updated) throw notFound('Publication');
    return updated;
  }
}

/** Input to columns: only what was given (undefined leaves a column as it is). */
function publicationData(input: UpdatePublicationInput): PublicationData {
  const given = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);
  return {
    slug: given(input.slug),
    name: given(input.name)?.trim(),
    timeZone: input.timeZone == null ? undefined : canonicalTimeZone(input.timeZone),
    tagline: input.tagline,
    url: input.url,
    locale: given(input.locale),
    ...mastheadData(input.masthead),
  };
}

function mastheadData(masthead: MastheadInput | null | undefined): PublicationData {
  if (!masthead) return {};
  return {
    mastheadEditor: masthead.editor,
    mastheadPublisher: masthead.publisher,
    mastheadPrinter: masthead.printer,
    mastheadCopyright: masthead.copyright,
    offices: masthead.offices ?? undefined,
  };
}

/** The IANA spelling of a (validated) time zone: asia/dhaka is stored as Asia/Dhaka. */
function canonicalTimeZone(timeZone: string): string {
  return new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
}
