-- Tracking schema, SQLite dialect. Times are epoch milliseconds.

CREATE TABLE experiments (
  experiment_id     INTEGER PRIMARY KEY,
  name              TEXT    NOT NULL UNIQUE,
  artifact_location TEXT    NOT NULL,
  lifecycle_stage   TEXT    NOT NULL,
  creation_time     INTEGER NOT NULL,
  last_update_time  INTEGER NOT NULL
);

CREATE TABLE experiment_tags (
  experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
  key           TEXT    NOT NULL,
  value         TEXT    NOT NULL,
  PRIMARY KEY (experiment_id, key)
) WITHOUT ROWID;

CREATE TABLE runs (
  run_uuid        TEXT    PRIMARY KEY,
  experiment_id   INTEGER NOT NULL REFERENCES experiments (experiment_id),
  run_name        TEXT    NOT NULL,
  user_id         TEXT    NOT NULL,
  status          TEXT    NOT NULL,
  start_time      INTEGER NOT NULL,
  end_time        INTEGER,
  lifecycle_stage TEXT    NOT NULL,
  artifact_uri    TEXT    NOT NULL,
  deleted_time    INTEGER
);
CREATE INDEX runs_by_experiment ON runs (experiment_id, lifecycle_stage, start_time DESC, run_uuid);

CREATE TABLE params (
  run_uuid TEXT NOT NULL REFERENCES runs (run_uuid),
  key      TEXT NOT NULL,
  value    TEXT NOT NULL,
  PRIMARY KEY (run_uuid, key)
) WITHOUT ROWID;
CREATE INDEX params_by_key ON params (key, value);

CREATE TABLE tags (
  run_uuid TEXT NOT NULL REFERENCES runs (run_uuid),
  key      TEXT NOT NULL,
  value    TEXT NOT NULL,
  PRIMARY KEY (run_uuid, key)
) WITHOUT ROWID;
CREATE INDEX tags_by_key ON tags (key, value);

-- The latest point of each series: MLflow's "latest" is the greatest (step, timestamp, value).
-- NaN cannot be stored in a SQLite REAL (it becomes NULL), so value is NULL and is_nan = 1 for NaN.
CREATE TABLE latest_metrics (
  run_uuid  TEXT    NOT NULL REFERENCES runs (run_uuid),
  key       TEXT    NOT NULL,
  value     REAL,
  is_nan    INTEGER NOT NULL,
  step      INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  PRIMARY KEY (run_uuid, key)
) WITHOUT ROWID;
CREATE INDEX latest_metrics_by_key ON latest_metrics (key, value);

-- Metric histories: each series (run, key) is a set of chunks. A chunk holds up to a fixed number of
-- points sorted by (step, timestamp, value), encoded by io.vigil.series.ChunkCodec (codec_version).
-- Chunks of one series never overlap in (step, timestamp) order, so ordering them by
-- (first_step, first_time) gives the history in order. Summary columns let history pages and
-- downsampled views skip chunks; NaN is left out of min_value/max_value (NULL when all NaN).
CREATE TABLE metric_chunks (
  chunk_id      INTEGER PRIMARY KEY,
  run_uuid      TEXT    NOT NULL REFERENCES runs (run_uuid),
  key           TEXT    NOT NULL,
  point_count   INTEGER NOT NULL,
  first_step    INTEGER NOT NULL,
  first_time    INTEGER NOT NULL,
  last_step     INTEGER NOT NULL,
  last_time     INTEGER NOT NULL,
  min_time      INTEGER NOT NULL,
  max_time      INTEGER NOT NULL,
  min_value     REAL,
  max_value     REAL,
  codec_version INTEGER NOT NULL,
  data          BLOB    NOT NULL
);
CREATE INDEX metric_chunks_by_series ON metric_chunks (run_uuid, key, first_step, first_time);
