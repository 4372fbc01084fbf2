-- CreateTable
CREATE TABLE "VolumeOwnership" (
    "volumeId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "volumeName" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "groupId" TEXT,
    "sizeGiB" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VolumeOwnership_pkey" PRIMARY KEY ("volumeId")
);

-- CreateIndex
CREATE INDEX "VolumeOwnership_ownerId_idx" ON "VolumeOwnership"("ownerId");

-- CreateIndex
CREATE INDEX "VolumeOwnership_groupId_idx" ON "VolumeOwnership"("groupId");

-- AddForeignKey
ALTER TABLE "VolumeOwnership" ADD CONSTRAINT "VolumeOwnership_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VolumeOwnership" ADD CONSTRAINT "VolumeOwnership_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "UserGroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;
