-- CreateTable
CREATE TABLE "PerformanceSample" (
    "id" BIGSERIAL NOT NULL,
    "metric" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "imageId" TEXT NOT NULL DEFAULT '',
    "flavorId" TEXT NOT NULL DEFAULT '',
    "value" DOUBLE PRECISION NOT NULL,
    "nominal" DOUBLE PRECISION,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PerformanceSample_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PerformanceSample_metric_kind_imageId_flavorId_id_idx" ON "PerformanceSample"("metric", "kind", "imageId", "flavorId", "id");

