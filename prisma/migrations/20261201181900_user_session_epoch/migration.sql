-- AlterTable
ALTER TABLE "users" ADD COLUMN     "session_epoch" INTEGER NOT NULL DEFAULT 0;

-- Tokens issued before this column existed carry no epoch and count as epoch 0: users
-- whose sessions were already ended (a reset, a disabled account) start at 1, so those
-- tokens stay refused.
UPDATE "users" SET "session_epoch" = 1 WHERE "sessions_valid_from" IS NOT NULL OR "disabled";
