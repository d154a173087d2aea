-- The database announces its own changes to whatever can show them to the public, so that
-- every instance of the API drops what it keeps of them (src/database/change-bus.ts), and
-- no code path (a service, the scheduler, an operator's SQL) can forget to. Each statement
-- that changes a table sends one NOTIFY on "newsroom_changes" when its transaction commits,
-- with the tags it affects as a JSON array:
--
--   publication:<id>   the publication's own fields or masthead
--   publications       any publication (a slug that named none may now name one)
--   sections:<pub>     the section tree of a publication
--   list:<pub>         which public stories a publication has, or what a list shows of them
--   search:<pub>       what full-text search finds in a publication (a live story's text)
--   article:<id>       one public story (or tombstone): its page
--   author:<id>        an author's name, slug or bio
--   authors            any author (a slug that named none may now name one)
--   editions:<pub>     a publication's print editions and their pages
--   *                  everything (too many tags for one notification, or a TRUNCATE)
--
-- A story counts as public here when it is, was, or is scheduled to be online: SCHEDULED,
-- PUBLISHED, PRINTED or RETRACTED (its tombstone), before the change or after it. Drafts and
-- desk work announce nothing.

CREATE FUNCTION "newsroom_announce"(tags text[]) RETURNS void AS $$
DECLARE
  payload text;
BEGIN
  IF tags IS NULL OR cardinality(tags) = 0 THEN
    RETURN;
  END IF;
  payload := array_to_json(ARRAY(SELECT DISTINCT t FROM unnest(tags) t WHERE t IS NOT NULL ORDER BY t))::text;
  -- NOTIFY payloads are limited to 8000 bytes.
  IF octet_length(payload) > 7900 THEN
    payload := '["*"]';
  END IF;
  PERFORM pg_notify('newsroom_changes', payload);
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION "newsroom_announce_everything"() RETURNS trigger AS $$
BEGIN
  PERFORM newsroom_announce(ARRAY['*']);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION "newsroom_is_public"(status article_status) RETURNS boolean AS $$
  SELECT status IN ('SCHEDULED', 'PUBLISHED', 'PRINTED', 'RETRACTED')
$$ LANGUAGE sql IMMUTABLE;

-- articles: a story's page; its lists when what a card shows or where it is listed changed;
-- search when its text changed.
CREATE FUNCTION "articles_announce"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM newsroom_announce(ARRAY(
      SELECT t FROM new_rows n, unnest(ARRAY['article:' || n.id, 'list:' || n.publication_id, 'search:' || n.publication_id]) t
      WHERE newsroom_is_public(n.status)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM newsroom_announce(ARRAY(
      SELECT t FROM old_rows o, unnest(ARRAY['article:' || o.id, 'list:' || o.publication_id, 'search:' || o.publication_id]) t
      WHERE newsroom_is_public(o.status)));
  ELSE
    PERFORM newsroom_announce(ARRAY(
      SELECT t FROM new_rows n JOIN old_rows o ON o.id = n.id,
      unnest(ARRAY[
        'article:' || n.id,
        CASE WHEN (o.status, o.publication_id, o.section_id, o.slug, o.headline, o.standfirst, o.published_at, o.tags)
                  IS DISTINCT FROM (n.status, n.publication_id, n.section_id, n.slug, n.headline, n.standfirst, n.published_at, n.tags)
             THEN 'list:' || n.publication_id END,
        CASE WHEN o.publication_id <> n.publication_id THEN 'list:' || o.publication_id END,
        CASE WHEN o.status IS DISTINCT FROM n.status OR o.publication_id <> n.publication_id OR o.search_vector IS DISTINCT FROM n.search_vector
             OR o.published_at IS DISTINCT FROM n.published_at
             THEN 'search:' || n.publication_id END
      ]) t
      WHERE newsroom_is_public(o.status) OR newsroom_is_public(n.status)));
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "articles_announce_insert" AFTER INSERT ON "articles"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "articles_announce"();
CREATE TRIGGER "articles_announce_update" AFTER UPDATE ON "articles"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "articles_announce"();
CREATE TRIGGER "articles_announce_delete" AFTER DELETE ON "articles"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "articles_announce"();
CREATE TRIGGER "articles_announce_truncate" AFTER TRUNCATE ON "articles"
  FOR EACH STATEMENT EXECUTE FUNCTION "newsroom_announce_everything"();

-- A byline or a slug of a public story: its page and its lists. (A function can only name
-- the transition tables its trigger declares: one for rows added, one for rows removed.)
CREATE FUNCTION "article_children_announce_insert"() RETURNS trigger AS $$
BEGIN
  PERFORM newsroom_announce(ARRAY(
    SELECT t FROM articles a, unnest(ARRAY['article:' || a.id, 'list:' || a.publication_id]) t
    WHERE newsroom_is_public(a.status) AND a.id IN (SELECT article_id FROM new_rows)));
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION "article_children_announce_delete"() RETURNS trigger AS $$
BEGIN
  PERFORM newsroom_announce(ARRAY(
    SELECT t FROM articles a, unnest(ARRAY['article:' || a.id, 'list:' || a.publication_id]) t
    WHERE newsroom_is_public(a.status) AND a.id IN (SELECT article_id FROM old_rows)));
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "article_authors_announce_insert" AFTER INSERT ON "article_authors"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "article_children_announce_insert"();
CREATE TRIGGER "article_authors_announce_update" AFTER UPDATE ON "article_authors"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "article_children_announce_insert"();
CREATE TRIGGER "article_authors_announce_delete" AFTER DELETE ON "article_authors"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "article_children_announce_delete"();
CREATE TRIGGER "article_slugs_announce_insert" AFTER INSERT ON "article_slugs"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "article_children_announce_insert"();
CREATE TRIGGER "article_slugs_announce_update" AFTER UPDATE ON "article_slugs"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "article_children_announce_insert"();
CREATE TRIGGER "article_slugs_announce_delete" AFTER DELETE ON "article_slugs"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "article_children_announce_delete"();

-- Corrections show on the story's page only.
CREATE FUNCTION "corrections_announce"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM newsroom_announce(ARRAY(SELECT 'article:' || article_id FROM old_rows));
  ELSE
    PERFORM newsroom_announce(ARRAY(SELECT 'article:' || article_id FROM new_rows));
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "corrections_announce_insert" AFTER INSERT ON "corrections"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "corrections_announce"();
CREATE TRIGGER "corrections_announce_update" AFTER UPDATE ON "corrections"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "corrections_announce"();
CREATE TRIGGER "corrections_announce_delete" AFTER DELETE ON "corrections"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "corrections_announce"();

-- Authors, sections, publications and their offices, print editions and their pages: few
-- rows, rarely changed.
CREATE FUNCTION "authors_announce"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM newsroom_announce(ARRAY(SELECT 'author:' || id FROM old_rows) || ARRAY['authors']);
  ELSE
    PERFORM newsroom_announce(ARRAY(SELECT 'author:' || id FROM new_rows) || ARRAY['authors']);
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "authors_announce_insert" AFTER INSERT ON "authors"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "authors_announce"();
CREATE TRIGGER "authors_announce_update" AFTER UPDATE ON "authors"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "authors_announce"();
CREATE TRIGGER "authors_announce_delete" AFTER DELETE ON "authors"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "authors_announce"();

CREATE FUNCTION "publication_rows_announce"() RETURNS trigger AS $$
DECLARE
  prefix text := TG_ARGV[0];
  id_column text := TG_ARGV[1];
  extra text[] := TG_ARGV[2:];
  tags text[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    EXECUTE format('SELECT array_agg(%L || %I) FROM old_rows', prefix, id_column) INTO tags;
  ELSE
    EXECUTE format('SELECT array_agg(%L || %I) FROM new_rows', prefix, id_column) INTO tags;
  END IF;
  PERFORM newsroom_announce(coalesce(tags, '{}') || extra);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "sections_announce_insert" AFTER INSERT ON "sections"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_rows_announce"('sections:', 'publication_id');
CREATE TRIGGER "sections_announce_update" AFTER UPDATE ON "sections"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_rows_announce"('sections:', 'publication_id');
CREATE TRIGGER "sections_announce_delete" AFTER DELETE ON "sections"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_rows_announce"('sections:', 'publication_id');

CREATE TRIGGER "publications_announce_insert" AFTER INSERT ON "publications"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_rows_announce"('publication:', 'id', 'publications');
CREATE TRIGGER "publications_announce_update" AFTER UPDATE ON "publications"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_rows_announce"('publication:', 'id', 'publications');
CREATE TRIGGER "publications_announce_delete" AFTER DELETE ON "publications"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_rows_announce"('publication:', 'id', 'publications');

CREATE TRIGGER "publication_offices_announce_insert" AFTER INSERT ON "publication_offices"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_rows_announce"('publication:', 'publication_id');
CREATE TRIGGER "publication_offices_announce_update" AFTER UPDATE ON "publication_offices"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_rows_announce"('publication:', 'publication_id');
CREATE TRIGGER "publication_offices_announce_delete" AFTER DELETE ON "publication_offices"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_rows_announce"('publication:', 'publication_id');

CREATE TRIGGER "print_editions_announce_insert" AFTER INSERT ON "print_editions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_rows_announce"('editions:', 'publication_id');
CREATE TRIGGER "print_editions_announce_update" AFTER UPDATE ON "print_editions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_rows_announce"('editions:', 'publication_id');
CREATE TRIGGER "print_editions_announce_delete" AFTER DELETE ON "print_editions"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_rows_announce"('editions:', 'publication_id');

-- A page of an edition: the edition's publication, and the story (where it ran).
CREATE FUNCTION "placements_announce"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM newsroom_announce(ARRAY(
      SELECT t FROM old_rows p JOIN print_editions e ON e.id = p.edition_id, unnest(ARRAY['editions:' || e.publication_id, 'article:' || p.article_id]) t));
  ELSE
    PERFORM newsroom_announce(ARRAY(
      SELECT t FROM new_rows p JOIN print_editions e ON e.id = p.edition_id, unnest(ARRAY['editions:' || e.publication_id, 'article:' || p.article_id]) t));
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "placements_announce_insert" AFTER INSERT ON "placements"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "placements_announce"();
CREATE TRIGGER "placements_announce_update" AFTER UPDATE ON "placements"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "placements_announce"();
CREATE TRIGGER "placements_announce_delete" AFTER DELETE ON "placements"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "placements_announce"();

CREATE TRIGGER "article_authors_announce_truncate" AFTER TRUNCATE ON "article_authors" FOR EACH STATEMENT EXECUTE FUNCTION "newsroom_announce_everything"();
CREATE TRIGGER "article_slugs_announce_truncate" AFTER TRUNCATE ON "article_slugs" FOR EACH STATEMENT EXECUTE FUNCTION "newsroom_announce_everything"();
CREATE TRIGGER "corrections_announce_truncate" AFTER TRUNCATE ON "corrections" FOR EACH STATEMENT EXECUTE FUNCTION "newsroom_announce_everything"();
CREATE TRIGGER "authors_announce_truncate" AFTER TRUNCATE ON "authors" FOR EACH STATEMENT EXECUTE FUNCTION "newsroom_announce_everything"();
CREATE TRIGGER "sections_announce_truncate" AFTER TRUNCATE ON "sections" FOR EACH STATEMENT EXECUTE FUNCTION "newsroom_announce_everything"();
CREATE TRIGGER "publications_announce_truncate" AFTER TRUNCATE ON "publications" FOR EACH STATEMENT EXECUTE FUNCTION "newsroom_announce_everything"();
CREATE TRIGGER "publication_offices_announce_truncate" AFTER TRUNCATE ON "publication_offices" FOR EACH STATEMENT EXECUTE FUNCTION "newsroom_announce_everything"();
CREATE TRIGGER "print_editions_announce_truncate" AFTER TRUNCATE ON "print_editions" FOR EACH STATEMENT EXECUTE FUNCTION "newsroom_announce_everything"();
CREATE TRIGGER "placements_announce_truncate" AFTER TRUNCATE ON "placements" FOR EACH STATEMENT EXECUTE FUNCTION "newsroom_announce_everything"();
