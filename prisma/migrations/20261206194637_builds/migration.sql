-- CreateEnum
CREATE TYPE "BuildStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "BuildSource" AS ENUM ('upload', 'git');

-- CreateTable
CREATE TABLE "Build" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "createdById" TEXT,
    "source" "BuildSource" NOT NULL,
    "gitUrl" TEXT,
    "gitRef" TEXT,
    "uploadName" TEXT,
    "uploadBytes" INTEGER,
    "dockerfile" TEXT NOT NULL DEFAULT 'Dockerfile',
    "buildArgs" JSONB NOT NULL DEFAULT '{}',
    "repository" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "status" "BuildStatus" NOT NULL DEFAULT 'queued',
    "log" TEXT NOT NULL DEFAULT '',
    "imageRef" TEXT,
    "imageDigest" TEXT,
    "error" TEXT,
    "cancelRequestedAt" TIMESTAMP(3),
    "runner" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Build_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Build_tenantId_createdAt_idx" ON "Build"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Build_status_idx" ON "Build"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Build_tenantId_number_key" ON "Build"("tenantId", "number");

-- AddForeignKey
ALTER TABLE "Build" ADD CONSTRAINT "Build_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

