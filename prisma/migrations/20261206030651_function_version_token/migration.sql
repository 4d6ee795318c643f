-- AlterTable
ALTER TABLE "FunctionVersion" ADD COLUMN     "createdByTokenName" TEXT;

