-- CreateTable
CREATE TABLE "ImageUploadSession" (
    "id" TEXT NOT NULL,
    "ownerUrl" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "imageId" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "phase" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "ImageUploadSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImageUploadSession_createdAt_idx" ON "ImageUploadSession"("createdAt");

