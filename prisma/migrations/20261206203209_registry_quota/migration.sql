-- AlterTable
ALTER TABLE "Quota" ADD COLUMN     "maxRegistryGib" INTEGER NOT NULL DEFAULT 10;

