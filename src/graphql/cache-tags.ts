// What a public answer shows, named by the change tags that would alter it: the tags the
// database announces when it changes (the migration "change_announcements" lists them). The
// response cache drops an answer when one of its tags is heard, and sends them in
// Surrogate-Key so that a CDN can do the same.

export class CacheTags {
  readonly tags = new Set<string>();
  /** Set by noStore(): the answer is for its asker alone. */
  private privateAnswer = false;

  /**
   * The answer shows what only this request may see (a preview link): never kept, never
   * shared, sent `private, no-store` and without Surrogate-Key, whatever else it shows.
   */
  noStore(): void {
    this.privateAnswer = true;
  }

  get isPrivate(): boolean {
    return this.privateAnswer;
  }

  /** The publication a read starts from; none: any new publication could be the one. */
  publication(id: string | null): void {
    this.tags.add(id ? `publication:${id}` : 'publications');
  }

  /** A list of a publication's public stories (`search`: found by their text). */
  list(publicationId: string, articles: readonly { id: string }[], options: { search?: boolean } = {}): void {
    this.tags.add(`list:${publicationId}`);
    if (options.search) this.tags.add(`search:${publicationId}`);
    this.articles(articles);
  }

  /**
   * A story looked up by slug. Whether a slug names a public story at all is a fact about the
   * publication's list (a story published under it), so the answer goes with the list.
   */
  article(publicationId: string, article: { id: string } | null): void {
    this.tags.add(`list:${publicationId}`);
    if (article) this.tags.add(`article:${article.id}`);
  }

  /** Stories shown, not as a list of the publication (the pages of a printed edition). */
  articles(articles: readonly { id: string }[]): void {
    for (const article of articles) this.tags.add(`article:${article.id}`);
  }

  /** The section tree of a publication (a story's section, a section's page or parent). */
  sections(publicationId: string): void {
    this.tags.add(`sections:${publicationId}`);
  }

  /** Authors shown (a byline); an author looked up by slug, or none: any new one could be. */
  authors(authors: readonly { id: string }[]): void {
    for (const author of authors) this.tags.add(`author:${author.id}`);
  }

  author(author: { id: string } | null): void {
    if (author) this.tags.add(`author:${author.id}`);
    else this.tags.add('authors');
  }

  /** The print editions of a publication and their pages. */
  editions(publicationId: string): void {
    this.tags.add(`editions:${publicationId}`);
  }

  /** The tags, as a Surrogate-Key header: space-separated. */
  header(): string {
    return [...this.tags].sort().join(' ');
  }
}
