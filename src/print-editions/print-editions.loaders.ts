import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { groupBy, type LoaderSet } from '../graphql/request-loaders.js';
import type { PrintAppearance } from './models/print-edition.model.js';
import { PrintEditionsRepository, type PageRecord } from './print-editions.repository.js';

export interface PrintEditionLoaderSet {
  pages: DataLoader<string, PageRecord[]>;
  printAppearances: DataLoader<string, PrintAppearance[]>;
}

@Injectable()
export class PrintEditionLoaders implements LoaderSet<PrintEditionLoaderSet> {
  constructor(private readonly editions: PrintEditionsRepository) {}

  create(): PrintEditionLoaderSet {
    return {
      pages: new DataLoader(async (ids) => {
        const found = await this.editions.pages(ids);
        return ids.map((id) => found.get(id) ?? []);
      }),
      printAppearances: new DataLoader(async (ids) =>
        groupBy(ids, await this.editions.printAppearancesByArticleIds(ids), (p) => p.articleId).map((group) =>
          group.map(({ page, edition }) => ({ page, edition })),
        ),
      ),
    };
  }
}
