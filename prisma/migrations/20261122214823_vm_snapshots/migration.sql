-- CreateEnum
CREATE TYPE "SnapshotStatus" AS ENUM ('pending', 'creating', 'ready', 'restoring', 'deleting', 'error', 'deleted');

-- CreateTable
CREATE TABLE "InstanceSnapshot" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "liveName" TEXT,
    "status" "SnapshotStatus" NOT NULL DEFAULT 'pending',
    "statusReason" TEXT,
    "restoreRequested" BOOLEAN NOT NULL DEFAULT false,
    "deleteRequested" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "InstanceSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InstanceSnapshot_tenantId_instanceId_idx" ON "InstanceSnapshot"("tenantId", "instanceId");

-- CreateIndex
CREATE INDEX "InstanceSnapshot_status_nextAttemptAt_idx" ON "InstanceSnapshot"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "InstanceSnapshot_instanceId_liveName_key" ON "InstanceSnapshot"("instanceId", "liveName");

-- AddForeignKey
ALTER TABLE "InstanceSnapshot" ADD CONSTRAINT "InstanceSnapshot_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

