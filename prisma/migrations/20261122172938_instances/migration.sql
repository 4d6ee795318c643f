-- CreateEnum
CREATE TYPE "InstanceKind" AS ENUM ('container', 'vm');

-- CreateEnum
CREATE TYPE "DesiredState" AS ENUM ('running', 'stopped', 'deleted');

-- CreateEnum
CREATE TYPE "InstanceStatus" AS ENUM ('pending', 'creating', 'running', 'stopping', 'stopped', 'error', 'deleting', 'deleted');

-- CreateTable
CREATE TABLE "Flavor" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "cpuMillis" INTEGER NOT NULL,
    "memoryMib" INTEGER NOT NULL,
    "diskGib" INTEGER NOT NULL DEFAULT 0,
    "pidsLimit" INTEGER NOT NULL DEFAULT 256,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Flavor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Image" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "ref" TEXT NOT NULL,
    "defaultPorts" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "readOnlyRoot" BOOLEAN NOT NULL DEFAULT true,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Image_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "liveName" TEXT,
    "kind" "InstanceKind" NOT NULL,
    "provider" TEXT NOT NULL,
    "flavorId" TEXT NOT NULL,
    "imageId" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "desiredState" "DesiredState" NOT NULL,
    "status" "InstanceStatus" NOT NULL DEFAULT 'pending',
    "statusReason" TEXT,
    "pendingAction" TEXT,
    "engineRef" TEXT,
    "endpoints" JSONB NOT NULL DEFAULT '[]',
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstanceEvent" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "fromStatus" "InstanceStatus",
    "toStatus" "InstanceStatus",
    "message" TEXT NOT NULL DEFAULT '',
    "actorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InstanceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Flavor_provider_name_key" ON "Flavor"("provider", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Image_provider_name_key" ON "Image"("provider", "name");

-- CreateIndex
CREATE INDEX "Instance_tenantId_createdAt_idx" ON "Instance"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Instance_nextAttemptAt_idx" ON "Instance"("nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_tenantId_liveName_key" ON "Instance"("tenantId", "liveName");

-- CreateIndex
CREATE INDEX "InstanceEvent_instanceId_createdAt_idx" ON "InstanceEvent"("instanceId", "createdAt");

-- CreateIndex
CREATE INDEX "InstanceEvent_tenantId_createdAt_idx" ON "InstanceEvent"("tenantId", "createdAt");

-- AddForeignKey
ALTER TABLE "Instance" ADD CONSTRAINT "Instance_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instance" ADD CONSTRAINT "Instance_flavorId_fkey" FOREIGN KEY ("flavorId") REFERENCES "Flavor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instance" ADD CONSTRAINT "Instance_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstanceEvent" ADD CONSTRAINT "InstanceEvent_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

