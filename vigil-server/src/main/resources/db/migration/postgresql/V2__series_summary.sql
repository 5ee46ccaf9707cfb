-- See sqlite/V2__series_summary.sql: summaries complete enough for downsampled views.
-- NULL first_value/last_value means NaN; NULL nan_count marks a row written before this migration.
ALTER TABLE metric_chunks ADD COLUMN first_value DOUBLE PRECISION;
ALTER TABLE metric_chunks ADD COLUMN last_value DOUBLE PRECISION;
ALTER TABLE metric_chunks ADD COLUMN nan_count INTEGER;
