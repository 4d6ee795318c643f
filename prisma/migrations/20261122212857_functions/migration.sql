-- CreateEnum
CREATE TYPE "FunctionAccess" AS ENUM ('public', 'token');

-- AlterTable
ALTER TABLE "UsageDaily" ADD COLUMN     "functionId" TEXT;

-- AlterTable
ALTER TABLE "UsageRecord" ADD COLUMN     "functionId" TEXT;

-- CreateTable
CREATE TABLE "ServerlessFunction" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "liveName" TEXT,
    "runtime" TEXT NOT NULL DEFAULT 'nodejs',
    "access" "FunctionAccess" NOT NULL DEFAULT 'public',
    "tokenHash" TEXT,
    "activeVersionId" TEXT,
    "concurrency" INTEGER NOT NULL DEFAULT 10,
    "maxScale" INTEGER NOT NULL DEFAULT 4,
    "idleSeconds" INTEGER NOT NULL DEFAULT 300,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "ServerlessFunction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FunctionVersion" (
    "id" TEXT NOT NULL,
    "functionId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "codeSha256" TEXT NOT NULL,
    "memoryMib" INTEGER NOT NULL,
    "timeoutMs" INTEGER NOT NULL,
    "env" JSONB NOT NULL DEFAULT '[]',
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FunctionVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FunctionInvocation" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "functionId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "durationMs" DOUBLE PRECISION NOT NULL,
    "start" TEXT NOT NULL,
    "cold" BOOLEAN NOT NULL,
    "coldMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "status" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "memoryMib" INTEGER NOT NULL,
    "requestBytes" INTEGER NOT NULL DEFAULT 0,
    "responseBytes" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "FunctionInvocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FunctionLog" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "functionId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "invocationId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "stream" TEXT NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "FunctionLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ServerlessFunction_tenantId_createdAt_idx" ON "ServerlessFunction"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ServerlessFunction_tenantId_liveName_key" ON "ServerlessFunction"("tenantId", "liveName");

-- CreateIndex
CREATE UNIQUE INDEX "FunctionVersion_functionId_number_key" ON "FunctionVersion"("functionId", "number");

-- CreateIndex
CREATE INDEX "FunctionInvocation_functionId_startedAt_idx" ON "FunctionInvocation"("functionId", "startedAt");

-- CreateIndex
CREATE INDEX "FunctionInvocation_tenantId_startedAt_idx" ON "FunctionInvocation"("tenantId", "startedAt");

-- CreateIndex
CREATE INDEX "FunctionLog_functionId_id_idx" ON "FunctionLog"("functionId", "id");

-- CreateIndex
CREATE INDEX "FunctionLog_invocationId_idx" ON "FunctionLog"("invocationId");

-- CreateIndex
CREATE INDEX "UsageRecord_functionId_idx" ON "UsageRecord"("functionId");

-- AddForeignKey
ALTER TABLE "ServerlessFunction" ADD CONSTRAINT "ServerlessFunction_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FunctionVersion" ADD CONSTRAINT "FunctionVersion_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "ServerlessFunction"("id") ON DELETE CASCADE ON UPDATE CASCADE;

