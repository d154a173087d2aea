-- Pictures: a publication's image library and where articles use its images.

-- CreateTable
CREATE TABLE "images" (
    "id" UUID NOT NULL,
    "publication_id" UUID NOT NULL,
    "mime_type" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "content_hash" TEXT NOT NULL,
    "alt" TEXT,
    "caption" TEXT,
    "credit" TEXT,
    "focal_x" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "focal_y" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "version" INTEGER NOT NULL DEFAULT 1,
    "uploaded_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "images_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "article_images" (
    "article_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "image_id" UUID NOT NULL,
    "caption" TEXT,
    "credit" TEXT,

    CONSTRAINT "article_images_pkey" PRIMARY KEY ("article_id","position")
);

-- CreateIndex
CREATE INDEX "images_publication_id_created_at_id_idx" ON "images"("publication_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "article_images_image_id_idx" ON "article_images"("image_id");

-- AddForeignKey
ALTER TABLE "images" ADD CONSTRAINT "images_publication_id_fkey" FOREIGN KEY ("publication_id") REFERENCES "publications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "images" ADD CONSTRAINT "images_uploaded_by_id_fkey" FOREIGN KEY ("uploaded_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "article_images" ADD CONSTRAINT "article_images_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "article_images" ADD CONSTRAINT "article_images_image_id_fkey" FOREIGN KEY ("image_id") REFERENCES "images"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Change announcements (see the migration "change_announcements"). A picture's use is part of
-- its article: its page and its lists. A change to a picture (its caption, credit, alt text or
-- focal point, which names its renditions) reaches every public story that shows it.
CREATE TRIGGER "article_images_announce_insert" AFTER INSERT ON "article_images"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "article_children_announce_insert"();
CREATE TRIGGER "article_images_announce_update" AFTER UPDATE ON "article_images"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "article_children_announce_insert"();
CREATE TRIGGER "article_images_announce_delete" AFTER DELETE ON "article_images"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "article_children_announce_delete"();
CREATE TRIGGER "article_images_announce_truncate" AFTER TRUNCATE ON "article_images"
  FOR EACH STATEMENT EXECUTE FUNCTION "newsroom_announce_everything"();

CREATE FUNCTION "images_announce"() RETURNS trigger AS $$
BEGIN
  PERFORM newsroom_announce(ARRAY(
    SELECT t FROM articles a, unnest(ARRAY['article:' || a.id, 'list:' || a.publication_id]) t
    WHERE newsroom_is_public(a.status)
      AND a.id IN (SELECT ai.article_id FROM article_images ai WHERE ai.image_id IN (SELECT id FROM changed_rows))));
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- A new picture is in no story yet; a deleted one was in none that is public (deleteImage
-- refuses that), and its uses went first, announcing themselves.
CREATE TRIGGER "images_announce_update" AFTER UPDATE ON "images"
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "images_announce"();
CREATE TRIGGER "images_announce_truncate" AFTER TRUNCATE ON "images"
  FOR EACH STATEMENT EXECUTE FUNCTION "newsroom_announce_everything"();

-- A deleted picture: every instance forgets the renditions it keeps in memory.
CREATE FUNCTION "images_announce_delete"() RETURNS trigger AS $$
BEGIN
  PERFORM newsroom_announce(ARRAY(SELECT 'image:' || id FROM old_rows));
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "images_announce_delete" AFTER DELETE ON "images"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "images_announce_delete"();
