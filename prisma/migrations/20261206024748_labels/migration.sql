-- CreateTable
CREATE TABLE "InstanceLabel" (
    "instanceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "InstanceLabel_pkey" PRIMARY KEY ("instanceId","key")
);

-- CreateTable
CREATE TABLE "FunctionLabel" (
    "functionId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "FunctionLabel_pkey" PRIMARY KEY ("functionId","key")
);

-- CreateIndex
CREATE INDEX "InstanceLabel_key_value_idx" ON "InstanceLabel"("key", "value");

-- CreateIndex
CREATE INDEX "FunctionLabel_key_value_idx" ON "FunctionLabel"("key", "value");

-- AddForeignKey
ALTER TABLE "InstanceLabel" ADD CONSTRAINT "InstanceLabel_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FunctionLabel" ADD CONSTRAINT "FunctionLabel_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "ServerlessFunction"("id") ON DELETE CASCADE ON UPDATE CASCADE;

