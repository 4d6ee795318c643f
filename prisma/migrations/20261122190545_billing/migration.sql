-- AlterTable
ALTER TABLE "Instance" ADD COLUMN     "meteredUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PriceCatalog" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "currency" TEXT NOT NULL,
    "minorUnits" INTEGER NOT NULL DEFAULT 2,
    "hoursPerMonth" INTEGER NOT NULL DEFAULT 730,
    "isBilling" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PriceCatalog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PriceRate" (
    "id" TEXT NOT NULL,
    "catalogId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "flavor" TEXT NOT NULL DEFAULT '',
    "unitPrice" DECIMAL(24,12) NOT NULL,
    "freePerMonth" DECIMAL(24,6) NOT NULL DEFAULT 0,
    "removed" BOOLEAN NOT NULL DEFAULT false,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PriceRate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageRecord" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "instanceId" TEXT,
    "provider" TEXT NOT NULL,
    "meter" TEXT NOT NULL,
    "flavor" TEXT NOT NULL DEFAULT '',
    "cpuMillis" INTEGER NOT NULL DEFAULT 0,
    "memoryMib" INTEGER NOT NULL DEFAULT 0,
    "quantity" DECIMAL(24,6) NOT NULL,
    "hourStart" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invoice" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "minorUnits" INTEGER NOT NULL,
    "totalMinor" INTEGER NOT NULL,
    "lines" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Budget" (
    "tenantId" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "blockCreates" BOOLEAN NOT NULL DEFAULT false,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Budget_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "BudgetAlert" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "basis" TEXT NOT NULL,
    "spentMinor" INTEGER NOT NULL,
    "budgetMinor" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BudgetAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageDaily" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "instanceId" TEXT,
    "kind" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "meter" TEXT NOT NULL,
    "flavor" TEXT NOT NULL DEFAULT '',
    "cpuMillis" INTEGER NOT NULL DEFAULT 0,
    "memoryMib" INTEGER NOT NULL DEFAULT 0,
    "day" TIMESTAMP(3) NOT NULL,
    "quantity" DECIMAL(24,6) NOT NULL,

    CONSTRAINT "UsageDaily_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PriceCatalog_name_key" ON "PriceCatalog"("name");

-- CreateIndex
CREATE INDEX "PriceRate_catalogId_effectiveFrom_idx" ON "PriceRate"("catalogId", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "PriceRate_catalogId_provider_unit_flavor_effectiveFrom_key" ON "PriceRate"("catalogId", "provider", "unit", "flavor", "effectiveFrom");

-- CreateIndex
CREATE INDEX "UsageRecord_tenantId_hourStart_idx" ON "UsageRecord"("tenantId", "hourStart");

-- CreateIndex
CREATE INDEX "UsageRecord_instanceId_idx" ON "UsageRecord"("instanceId");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_tenantId_month_key" ON "Invoice"("tenantId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "BudgetAlert_tenantId_month_threshold_basis_key" ON "BudgetAlert"("tenantId", "month", "threshold", "basis");

-- CreateIndex
CREATE INDEX "UsageDaily_tenantId_day_idx" ON "UsageDaily"("tenantId", "day");

-- AddForeignKey
ALTER TABLE "PriceRate" ADD CONSTRAINT "PriceRate_catalogId_fkey" FOREIGN KEY ("catalogId") REFERENCES "PriceCatalog"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BudgetAlert" ADD CONSTRAINT "BudgetAlert_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

