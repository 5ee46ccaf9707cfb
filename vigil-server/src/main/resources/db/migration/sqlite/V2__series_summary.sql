-- Chunk summaries complete enough for downsampled views (GET /api/vigil/series): a chunk that lies
-- wholly inside one bucket is summarised from this row instead of being decoded.
-- first_value/last_value are the values of the chunk's first and last points (NULL when NaN, as
-- SQLite REAL cannot hold NaN); nan_count counts its NaN points. Rows written before this migration
-- have nan_count NULL: readers decode those chunks.
ALTER TABLE metric_chunks ADD COLUMN first_value REAL;
ALTER TABLE metric_chunks ADD COLUMN last_value REAL;
ALTER TABLE metric_chunks ADD COLUMN nan_count INTEGER;
