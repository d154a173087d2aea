import { Injectable } from '@nestjs/common';
import type { Section } from './models/section.model.js';
import { SectionsRepository } from './sections.repository.js';

@Injectable()
export class SectionsService {
  constructor(private readonly sections: SectionsRepository) {}

  ofPublication(publicationId: string): Promise<Section[]> {
    return this.sections.listByPublication(publicationId);
  }
}
