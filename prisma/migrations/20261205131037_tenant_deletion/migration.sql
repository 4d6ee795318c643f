-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "deletingAt" TIMESTAMP(3),
ADD COLUMN     "deletingById" TEXT;

