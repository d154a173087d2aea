import { Injectable } from '@nestjs/common';
import { assertMay, type Viewer } from '../auth/viewer.js';
import { badInput, notFound } from '../common/errors/domain-error.js';
import { insertWithFreeSlug } from '../common/slug.js';
import { ChangeBus } from '../database/change-bus.js';
import { KeptValues } from '../database/kept-values.js';
import { TransactionHost } from '../database/transactions.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.service.js';
import type { CreateSectionInput, UpdateSectionInput } from './dto/section.inputs.js';
import type { Section } from './models/section.model.js';
import { SectionsRepository } from './sections.repository.js';

interface Tree {
  list: Section[];
  byId: Map<string, Section>;
  children: Map<string, Section[]>;
}

@Injectable()
export class SectionsService {
  // Every list of stories names their sections and a section page needs the tree below it:
  // a publication's tree is kept here, dropped on any instance's change to it.
  private readonly trees: KeptValues<Tree>;

  constructor(
    private readonly sections: SectionsRepository,
    changes: ChangeBus,
    private readonly db: TransactionHost,
    private readonly webhooks: WebhookOutbox,
  ) {
    this.trees = new KeptValues(1_000, () => changes.listening);
    changes.onChange((changed) => {
      if (changed === 'all') return this.trees.clear();
      const publications = [...changed].filter((tag) => tag.startsWith('sections:')).map((tag) => tag.slice('sections:'.length));
      if (publications.length > 0) this.trees.drop(publications);
    });
  }

  /** Every section of the publication, in tree order of position then name. */
  async ofPublication(publicationId: string): Promise<Section[]> {
    return (await this.tree(publicationId)).list;
  }

  /** A section of the publication, or null. */
  async inPublication(publicationId: string, sectionId: string): Promise<Section | null> {
    return (await this.tree(publicationId)).byId.get(sectionId) ?? null;
  }

  /** The sections right below this one, in order. */
  async childrenOf(section: Section): Promise<Section[]> {
    return (await this.tree(section.publicationId)).children.get(section.id) ?? [];
  }

  private tree(publicationId: string): Promise<Tree> {
    return this.trees.get(publicationId, async () => {
      const list = await this.sections.listByPublication(publicationId);
      const children = new Map<string, Section[]>();
      for (const section of list) {
        if (section.parentId) children.set(section.parentId, [...(children.get(section.parentId) ?? []), section]);
      }
      return { list, byId: new Map(list.map((section) => [section.id, section])), children };
    });
  }

  byId(id: string): Promise<Section | null> {
    return this.sections.findById(id);
  }

  /** A section; editors of the publication manage its sections. */
  async create(viewer: Viewer, input: CreateSectionInput): Promise<Section> {
    assertMay(viewer, 'manageSections', input.publicationId);
    const sections = await this.sections.listByPublication(input.publicationId);
    if (input.parentId != null && !sections.some((s) => s.id === input.parentId)) {
      throw badInput([{ field: 'input.parentId', message: 'is not a section of this publication' }]);
    }
    return insertWithFreeSlug({
      given: input.slug,
      name: input.name,
      fallback: 'section',
      isTaken: (slug) => this.sections.slugTaken(input.publicationId, slug),
      insert: (slug) =>
        this.sections.create({
          publicationId: input.publicationId,
          slug,
          name: input.name.trim(),
          description: input.description?.trim() || null,
          parentId: input.parentId ?? null,
          position: input.position ?? sections.filter((s) => s.parentId === (input.parentId ?? null)).length,
        }),
      taken: () => badInput([{ field: 'input.slug', message: 'is taken by another section of this publication' }]),
    });
  }

  async update(viewer: Viewer, id: string, input: UpdateSectionInput): Promise<Section> {
    const section = await this.sections.findById(id);
    if (!section) throw notFound('Section');
    assertMay(viewer, 'manageSections', section.publicationId);
    if (input.parentId != null) {
      const sections = await this.sections.listByPublication(section.publicationId);
      if (!sections.some((s) => s.id === input.parentId)) {
        throw badInput([{ field: 'input.parentId', message: 'is not a section of this publication' }]);
      }
      // The tree must stay a tree: no section under itself or its own subsections.
      if (descendantsOf(section.id, sections).includes(input.parentId)) {
        throw badInput([{ field: 'input.parentId', message: 'would put the section inside itself' }]);
      }
    }
    // The change and its webhook event commit together.
    return this.db.withTransaction(async () => {
      const updated = await this.sections.update(id, {
        ...(input.name != null ? { name: input.name.trim() } : {}),
        ...(input.slug != null ? { slug: input.slug } : {}),
        ...(input.description !== undefined ? { description: input.description?.trim() || null } : {}),
        ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
        ...(input.position != null ? { position: input.position } : {}),
      });
      await this.webhooks.sectionUpdated(id, section.slug);
      return updated;
    });
  }

  /** The ids of the section with this slug and of all sections below it; empty if none. */
  async subtreeIds(publicationId: string, slug: string): Promise<string[]> {
    const sections = await this.ofPublication(publicationId);
    const root = sections.find((section) => section.slug === slug);
    return root ? descendantsOf(root.id, sections) : [];
  }
}

/** `rootId` and every section below it. */
export function descendantsOf(rootId: string, sections: readonly Section[]): string[] {
  const ids = [rootId];
  for (let i = 0; i < ids.length; i++) {
    for (const section of sections) {
      if (section.parentId === ids[i] && !ids.includes(section.id)) ids.push(section.id);
    }
  }
  return ids;
}
