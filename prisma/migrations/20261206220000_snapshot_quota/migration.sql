-- AlterTable
ALTER TABLE "Quota" ADD COLUMN     "maxSnapshots" INTEGER;
