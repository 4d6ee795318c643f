-- CreateIndex
CREATE INDEX "Instance_tenantId_name_idx" ON "Instance"("tenantId", "name");

