-- CreateTable
CREATE TABLE "VmMigrationIntent" (
    "id" TEXT NOT NULL,
    "vmId" TEXT NOT NULL,
    "nativeId" TEXT NOT NULL,
    "sourceConnectionId" TEXT NOT NULL,
    "targetConnectionId" TEXT NOT NULL,
    "vmName" TEXT NOT NULL,
    "actorId" TEXT,
    "actorUsername" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VmMigrationIntent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "VmMigrationIntent_vmId_key" ON "VmMigrationIntent"("vmId");
