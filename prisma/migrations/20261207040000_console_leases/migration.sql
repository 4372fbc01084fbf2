-- CreateTable
CREATE TABLE "ConsoleLease" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsoleLease_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConsoleLease_userId_expiresAt_idx" ON "ConsoleLease"("userId", "expiresAt");

