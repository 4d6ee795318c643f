-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('success', 'refused', 'failed');

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "clientAddress" TEXT,
ADD COLUMN     "outcome" "AuditOutcome" NOT NULL DEFAULT 'success';

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt");

