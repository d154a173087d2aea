import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { byKey, type LoaderSet } from '../graphql/request-loaders.js';
import { AuthorsRepository } from './authors.repository.js';
import type { Author } from './models/author.model.js';

export interface AuthorLoaderSet {
  author: DataLoader<string, Author | null>;
}

@Injectable()
export class AuthorLoaders implements LoaderSet<AuthorLoaderSet> {
  constructor(private readonly authors: AuthorsRepository) {}

  create(): AuthorLoaderSet {
    return { author: new DataLoader(async (ids) => byKey(ids, await this.authors.findByIds(ids), (a) => a.id)) };
  }
}
