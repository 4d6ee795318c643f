-- CreateEnum
CREATE TYPE "VolumeStatus" AS ENUM ('available', 'attached', 'restoring', 'deleted');

-- CreateTable
CREATE TABLE "Volume" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "liveName" TEXT,
    "sizeGib" INTEGER NOT NULL,
    "status" "VolumeStatus" NOT NULL DEFAULT 'available',
    "statusReason" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "meteredUntil" TIMESTAMP(3),

    CONSTRAINT "Volume_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VolumeAttachment" (
    "volumeId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "mountPath" TEXT NOT NULL,
    "readOnly" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VolumeAttachment_pkey" PRIMARY KEY ("volumeId")
);

-- CreateTable
CREATE TABLE "VolumeSnapshot" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "volumeId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "liveName" TEXT,
    "sizeBytes" BIGINT NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "VolumeSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Volume_tenantId_createdAt_idx" ON "Volume"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Volume_tenantId_liveName_key" ON "Volume"("tenantId", "liveName");

-- CreateIndex
CREATE INDEX "VolumeAttachment_tenantId_idx" ON "VolumeAttachment"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "VolumeAttachment_instanceId_mountPath_key" ON "VolumeAttachment"("instanceId", "mountPath");

-- CreateIndex
CREATE INDEX "VolumeSnapshot_tenantId_volumeId_idx" ON "VolumeSnapshot"("tenantId", "volumeId");

-- CreateIndex
CREATE UNIQUE INDEX "VolumeSnapshot_volumeId_liveName_key" ON "VolumeSnapshot"("volumeId", "liveName");

-- AddForeignKey
ALTER TABLE "Volume" ADD CONSTRAINT "Volume_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VolumeAttachment" ADD CONSTRAINT "VolumeAttachment_volumeId_fkey" FOREIGN KEY ("volumeId") REFERENCES "Volume"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VolumeAttachment" ADD CONSTRAINT "VolumeAttachment_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VolumeSnapshot" ADD CONSTRAINT "VolumeSnapshot_volumeId_fkey" FOREIGN KEY ("volumeId") REFERENCES "Volume"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Volumes are billed per GiB-month: installations seeded before them get the list price in their billing catalog
-- (as lib/billing/seed.ts gives new ones), unless an admin already priced them.
INSERT INTO "PriceRate" ("id", "catalogId", "provider", "unit", "flavor", "unitPrice", "freePerMonth", "removed", "effectiveFrom", "createdAt")
SELECT 'volumes-seed-' || c."id", c."id", 'volumes', 'disk_gib_month', '', 0.08, 0, false, TIMESTAMP '2026-01-01 00:00:00', CURRENT_TIMESTAMP
FROM "PriceCatalog" c
WHERE c."isBilling" AND NOT EXISTS (SELECT 1 FROM "PriceRate" r WHERE r."catalogId" = c."id" AND r."provider" = 'volumes' AND r."unit" = 'disk_gib_month');
