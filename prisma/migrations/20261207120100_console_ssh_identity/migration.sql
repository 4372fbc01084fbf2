-- AlterTable
ALTER TABLE "BackendConnection" ADD COLUMN     "serialConsolePort" INTEGER;

-- CreateTable
CREATE TABLE "ConsoleSshIdentity" (
    "connectionId" TEXT NOT NULL,
    "keyCipher" TEXT NOT NULL,
    "hostAddress" TEXT,
    "hostKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsoleSshIdentity_pkey" PRIMARY KEY ("connectionId")
);

-- AddForeignKey
ALTER TABLE "ConsoleSshIdentity" ADD CONSTRAINT "ConsoleSshIdentity_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "BackendConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

