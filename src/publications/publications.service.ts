import { ChangeBus } from '../database/change-bus.js';
import { KeptValues } from '../database/kept-values.js';
import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import { assertAdmin, type Viewer } from '../auth/viewer.js';
import { badInput, notFound } from '../common/errors/domain-error.js';
import type { CreatePublicationInput, MastheadInput, UpdatePublicationInput } from './dto/publication.inputs.js';
import type { Publication } from './models/publication.model.js';
import { PublicationSlugTaken, PublicationsRepository, type PublicationColumns } from './publications.repository.js';

@Injectable()
export class PublicationsService {
  // Every public read starts from its publication, which changes once in a blue moon: kept
  // here (unknown slugs too), dropped on any instance's change to any publication.
  private readonly bySlugs: KeptValues<Publication | null>;

  constructor(
    private readonly db: TransactionHost,
    private readonly publications: PublicationsRepository,
    changes: ChangeBus,
  ) {
    this.bySlugs = new KeptValues(1_000, () => changes.listening);
    // Any change to any publication drops them all: a slug may have moved.
    changes.onChange((changed) => {
      if (changed === 'all' || changed.has('publications')) this.bySlugs.clear();
    });
  }

  /** A publication by slug; null when there is none (the public reads). */
  bySlug(slug: string): Promise<Publication | null> {
    return this.bySlugs.get(slug, () => this.publications.findBySlug(slug));
  }

  /** A publication by id; NOT_FOUND when there is none. */
  async byId(id: string): Promise<Publication> {
    const publication = await this.publications.findById(id);
    if (!publication) throw notFound('Publication');
    return publication;
  }

  async create(viewer: Viewer, input: CreatePublicationInput): Promise<Publication> {
    assertAdmin(viewer);
    return slugTaken(() =>
      this.db.withTransaction(async () => {
        const publication = await this.publications.create(
          { ...columnsOf(input), slug: input.slug, name: input.name.trim(), timeZone: canonicalTimeZone(input.timeZone) },
          input.masthead?.offices ?? [],
        );
        return publication;
      }),
    );
  }

  async update(viewer: Viewer, id: string, input: UpdatePublicationInput): Promise<Publication> {
    assertAdmin(viewer);
    return slugTaken(() =>
      this.db.withTransaction(async () => {
        if (!(await this.publications.updateColumns(id, columnsOf(input)))) throw notFound('Publication');
        const offices = input.masthead?.offices;
        if (offices) await this.publications.replaceOffices(id, offices);
        return (await this.publications.findById(id))!;
      }),
    );
  }
}

async function slugTaken<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof PublicationSlugTaken) throw badInput([{ field: 'input.slug', message: 'is taken by another publication' }]);
    throw error;
  }
}

/** Input to columns: only what was given (undefined leaves a column as it is). */
function columnsOf(input: UpdatePublicationInput): PublicationColumns {
  const given = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);
  return {
    slug: given(input.slug),
    name: given(input.name)?.trim(),
    timeZone: input.timeZone == null ? undefined : canonicalTimeZone(input.timeZone),
    tagline: input.tagline,
    url: input.url,
    locale: given(input.locale),
    ...mastheadColumns(input.masthead),
  };
}

function mastheadColumns(masthead: MastheadInput | null | undefined): PublicationColumns {
  if (!masthead) return {};
  return {
    mastheadEditor: masthead.editor,
    mastheadPublisher: masthead.publisher,
    mastheadPrinter: masthead.printer,
    mastheadCopyright: masthead.copyright,
  };
}

/** The IANA spelling of a (validated) time zone: asia/dhaka is stored as Asia/Dhaka. */
function canonicalTimeZone(timeZone: string): string {
  return new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
}
