-- AlterTable
ALTER TABLE "Instance" ADD COLUMN     "crashes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "generation" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "observedGeneration" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "runningSince" TIMESTAMP(3);

-- Rows the reconciler had settled have observed their (first) generation; a running one counts as running since
-- its last change (so its next crash is not taken for part of a crash loop).
UPDATE "Instance" SET "observedGeneration" = 1 WHERE "status"::text = "desiredState"::text AND "pendingAction" IS NULL;
UPDATE "Instance" SET "runningSince" = "updatedAt" WHERE "status" = 'running';
