import { Injectable } from '@nestjs/common';
import type { Publication } from './models/publication.model.js';
import { PublicationsRepository } from './publications.repository.js';

@Injectable()
export class PublicationsService {
  constructor(private readonly publications: PublicationsRepository) {}

  /** A publication by slug; null when there is none (the public reads of DESIGN.md). */
  bySlug(slug: string): Promise<Publication | null> {
    return this.publications.findBySlug(slug);
  }
}
