import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { byKey, groupBy, type LoaderSet } from '../graphql/request-loaders.js';
import type { Section } from './models/section.model.js';
import { SectionsRepository } from './sections.repository.js';

export interface SectionLoaderSet {
  section: DataLoader<string, Section | null>;
  children: DataLoader<string, Section[]>;
}

@Injectable()
export class SectionLoaders implements LoaderSet<SectionLoaderSet> {
  constructor(private readonly sections: SectionsRepository) {}

  create(): SectionLoaderSet {
    return {
      section: new DataLoader(async (ids) => byKey(ids, await this.sections.findByIds(ids), (s) => s.id)),
      children: new DataLoader(async (ids) => groupBy(ids, await this.sections.childrenOf(ids), (s) => s.parentId!)),
    };
  }
}
