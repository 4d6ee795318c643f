-- AlterTable
ALTER TABLE "Flavor" ADD COLUMN     "maxDiskGib" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Instance" ADD COLUMN     "diskGib" INTEGER NOT NULL DEFAULT 0;


-- Existing instances keep the disk their flavor gave them; the default VM flavors may grow their disk up to these sizes.
UPDATE "Instance" i SET "diskGib" = f."diskGib" FROM "Flavor" f WHERE f.id = i."flavorId";
UPDATE "Flavor" SET "maxDiskGib" = 10 WHERE id = 'qemu-tiny' AND "maxDiskGib" = 0;
UPDATE "Flavor" SET "maxDiskGib" = 20 WHERE id = 'qemu-small' AND "maxDiskGib" = 0;
UPDATE "Flavor" SET "maxDiskGib" = 40 WHERE id = 'qemu-medium' AND "maxDiskGib" = 0;
