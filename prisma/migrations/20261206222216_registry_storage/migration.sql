-- CreateTable
CREATE TABLE "RegistryStorage" (
    "tenantId" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "measuredAt" TIMESTAMP(3) NOT NULL,
    "meteredUntil" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegistryStorage_pkey" PRIMARY KEY ("tenantId")
);

-- AddForeignKey
ALTER TABLE "RegistryStorage" ADD CONSTRAINT "RegistryStorage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Registry storage is billed per GiB-month: installations seeded before it get the list price in their billing
-- catalog (as lib/billing/seed.ts gives new ones), unless an admin already priced it.
INSERT INTO "PriceRate" ("id", "catalogId", "provider", "unit", "flavor", "unitPrice", "freePerMonth", "removed", "effectiveFrom", "createdAt")
SELECT 'registry-seed-' || c."id", c."id", 'registry', 'disk_gib_month', '', 0.10, 0, false, TIMESTAMP '2026-01-01 00:00:00', CURRENT_TIMESTAMP
FROM "PriceCatalog" c
WHERE c."isBilling" AND NOT EXISTS (SELECT 1 FROM "PriceRate" r WHERE r."catalogId" = c."id" AND r."provider" = 'registry' AND r."unit" = 'disk_gib_month');
