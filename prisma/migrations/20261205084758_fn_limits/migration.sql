-- AlterTable
ALTER TABLE "Quota" ADD COLUMN     "maxFnContainers" INTEGER,
ADD COLUMN     "maxFnLogMib" INTEGER,
ADD COLUMN     "maxFnRequestsPerSecond" INTEGER;

-- CreateTable
CREATE TABLE "FunctionLogUsage" (
    "tenantId" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "dropped" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FunctionLogUsage_pkey" PRIMARY KEY ("tenantId")
);

-- CreateIndex
CREATE INDEX "FunctionInvocation_startedAt_idx" ON "FunctionInvocation"("startedAt");

-- CreateIndex
CREATE INDEX "FunctionLog_at_idx" ON "FunctionLog"("at");

