import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { byKey, type LoaderSet } from '../graphql/request-loaders.js';
import type { Publication } from './models/publication.model.js';
import { PublicationsRepository } from './publications.repository.js';

export interface PublicationLoaderSet {
  publication: DataLoader<string, Publication | null>;
}

@Injectable()
export class PublicationLoaders implements LoaderSet<PublicationLoaderSet> {
  constructor(private readonly publications: PublicationsRepository) {}

  create(): PublicationLoaderSet {
    return { publication: new DataLoader(async (ids) => byKey(ids, await this.publications.findByIds(ids), (p) => p.id)) };
  }
}
