-- AlterTable
ALTER TABLE "Instance" ADD COLUMN     "health" TEXT;

-- CreateTable
CREATE TABLE "InstanceVersion" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "imageRef" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "cause" TEXT NOT NULL,
    "rolledBackTo" INTEGER,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InstanceVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InstanceVersion_tenantId_idx" ON "InstanceVersion"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "InstanceVersion_instanceId_number_key" ON "InstanceVersion"("instanceId", "number");

-- AddForeignKey
ALTER TABLE "InstanceVersion" ADD CONSTRAINT "InstanceVersion_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

