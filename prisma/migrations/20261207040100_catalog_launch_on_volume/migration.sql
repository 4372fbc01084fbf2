-- AlterTable
ALTER TABLE "CatalogItem" ADD COLUMN     "volumeType" TEXT;
