-- Production monitoring (issue 7): monitor definitions, predictions joined with their outcomes,
-- outcomes still waiting for their prediction, computed window values (readable as series),
-- reference data, and alert state and history. Shared SQL: postgresql/V4__monitoring.sql differs
-- only in the autoincrement key.
CREATE TABLE monitors (
  model VARCHAR(256) NOT NULL PRIMARY KEY,
  definition TEXT NOT NULL,
  created_time BIGINT NOT NULL,
  updated_time BIGINT NOT NULL
);

-- One row per prediction; the outcome columns are filled when its outcome arrives. No index on ts:
-- it would double the cost of an insert, and drift reads window samples kept in memory. WITHOUT ROWID
-- (SQLite only): the primary key is the table, so an insert updates one B-tree instead of two.
CREATE TABLE monitor_predictions (
  model VARCHAR(256) NOT NULL,
  prediction_id VARCHAR(256) NOT NULL,
  ts BIGINT NOT NULL,
  model_version VARCHAR(256) NOT NULL,
  features TEXT,
  prediction TEXT NOT NULL,
  scores TEXT,
  outcome TEXT,
  outcome_time BIGINT,
  PRIMARY KEY (model, prediction_id)
) WITHOUT ROWID;

-- Outcomes whose prediction has not arrived yet; moved onto the prediction when it does.
CREATE TABLE monitor_pending_outcomes (
  model VARCHAR(256) NOT NULL,
  prediction_id VARCHAR(256) NOT NULL,
  outcome TEXT NOT NULL,
  outcome_time BIGINT,
  PRIMARY KEY (model, prediction_id)
);

-- Computed values per (model, metric, version, window); model_version '' is all versions together.
-- value NULL means NaN (SQLite REAL cannot hold NaN).
CREATE TABLE monitor_windows (
  model VARCHAR(256) NOT NULL,
  metric VARCHAR(256) NOT NULL,
  model_version VARCHAR(256) NOT NULL,
  window_start BIGINT NOT NULL,
  window_end BIGINT NOT NULL,
  value DOUBLE PRECISION,
  updated_time BIGINT NOT NULL,
  PRIMARY KEY (model, metric, model_version, window_start)
);

CREATE TABLE monitor_references (
  model VARCHAR(256) NOT NULL PRIMARY KEY,
  reference TEXT NOT NULL,
  row_count BIGINT NOT NULL,
  created_time BIGINT NOT NULL
);

CREATE TABLE monitor_alert_states (
  model VARCHAR(256) NOT NULL,
  rule VARCHAR(256) NOT NULL,
  state VARCHAR(16) NOT NULL,
  consecutive INTEGER NOT NULL,
  evaluated_until BIGINT NOT NULL,
  silenced_until BIGINT,
  updated_time BIGINT NOT NULL,
  PRIMARY KEY (model, rule)
);

CREATE TABLE monitor_alert_events (
  event_id INTEGER PRIMARY KEY AUTOINCREMENT,
  model VARCHAR(256) NOT NULL,
  rule VARCHAR(256) NOT NULL,
  state VARCHAR(16) NOT NULL,
  window_start BIGINT NOT NULL,
  value DOUBLE PRECISION,
  event_time BIGINT NOT NULL,
  notification VARCHAR(16) NOT NULL
);
CREATE INDEX monitor_alert_events_by_model ON monitor_alert_events (model, event_id);
