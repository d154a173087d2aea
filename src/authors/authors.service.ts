import { Injectable } from '@nestjs/common';
import { AuthorsRepository } from './authors.repository.js';
import type { Author } from './models/author.model.js';

@Injectable()
export class AuthorsService {
  constructor(private readonly authors: AuthorsRepository) {}

  /** An author as seen from one publication: their page lists that publication's articles. */
  async bySlugIn(publicationId: string, slug: string): Promise<Author | null> {
    const author = await this.authors.findBySlug(slug);
    return author ? { ...author, publicationId } : null;
  }
}
