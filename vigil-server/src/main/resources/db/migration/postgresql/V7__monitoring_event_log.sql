-- Monitoring ingestion as an event log; see sqlite/V7__monitoring_event_log.sql. Only the JSON
-- functions differ.
CREATE TABLE monitor_event_batches (
  model VARCHAR(256) NOT NULL,
  seq BIGINT NOT NULL,
  kind CHAR(1) NOT NULL,
  event_count INTEGER NOT NULL,
  events TEXT NOT NULL,
  created_time BIGINT NOT NULL,
  -- The batch's event times (a prediction's ts; an outcome's prediction ts when it joined, its
  -- arrival time when it waited): start-up replays and retention keeps only batches with
  -- max_ts >= the start of the label horizon.
  min_ts BIGINT NOT NULL,
  max_ts BIGINT NOT NULL,
  PRIMARY KEY (model, seq)
);
CREATE INDEX monitor_event_batches_max_ts ON monitor_event_batches (model, max_ts);

INSERT INTO monitor_event_batches (model, seq, kind, event_count, events, created_time, min_ts, max_ts)
SELECT model, chunk, 'p', COUNT(*), '[' || string_agg(e, ',') || ']', 0, MIN(ts), MAX(ts) FROM (
  SELECT model, ts, (ROW_NUMBER() OVER (PARTITION BY model ORDER BY ts, prediction_id) - 1) / 1000 AS chunk,
    json_build_array(prediction_id, ts, model_version, features::json, prediction, scores::json)::text AS e
  FROM monitor_predictions) p GROUP BY model, chunk;

INSERT INTO monitor_event_batches (model, seq, kind, event_count, events, created_time, min_ts, max_ts)
SELECT model, 1000000000 + chunk, 'o', COUNT(*), '[' || string_agg(e, ',') || ']', 0, MIN(ts), MAX(ts) FROM (
  SELECT model, ts, (ROW_NUMBER() OVER (PARTITION BY model ORDER BY prediction_id) - 1) / 1000 AS chunk,
    e
  FROM (SELECT model, prediction_id, ts, json_build_array(prediction_id, outcome, outcome_time)::text AS e
        FROM monitor_predictions WHERE outcome IS NOT NULL
        UNION ALL SELECT model, prediction_id, CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT),
          json_build_array(prediction_id, outcome, outcome_time, CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT))::text
        FROM monitor_pending_outcomes) o) c
GROUP BY model, chunk;

DROP TABLE monitor_predictions;
DROP TABLE monitor_pending_outcomes;
