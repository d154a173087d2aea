-- The wire import (src/syndication): where a story came from and a hash of what was imported,
-- so that importing the same item again changes nothing. One story per wire item per publication.
-- CreateTable
CREATE TABLE "article_sources" (
    "article_id" UUID NOT NULL,
    "publication_id" UUID NOT NULL,
    "source_id" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "article_sources_pkey" PRIMARY KEY ("article_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "article_sources_publication_id_source_id_key" ON "article_sources"("publication_id", "source_id");

-- AddForeignKey
ALTER TABLE "article_sources" ADD CONSTRAINT "article_sources_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "article_sources" ADD CONSTRAINT "article_sources_publication_id_fkey" FOREIGN KEY ("publication_id") REFERENCES "publications"("id") ON DELETE CASCADE ON UPDATE CASCADE;
