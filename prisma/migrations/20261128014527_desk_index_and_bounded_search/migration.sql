-- DropIndex
DROP INDEX "articles_publication_id_status_updated_at_id_idx";

-- CreateIndex
CREATE INDEX "articles_publication_id_updated_at_id_idx" ON "articles"("publication_id", "updated_at" DESC, "id" DESC);

-- A tsvector holds at most 1 MB: index the first 100,000 characters of a body (a long
-- Bengali body is 3 bytes a character), so that no body of any script fails to save.
CREATE OR REPLACE FUNCTION "articles_search_vector_refresh"() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.standfirst, '')), 'B') ||
    setweight(to_tsvector('english', array_to_string(NEW.tags, ' ')), 'B') ||
    setweight(to_tsvector('english', left(coalesce(NEW.body_text, ''), 100000)), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
