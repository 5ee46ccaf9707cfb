-- Monitoring ingestion as an event log (faster ingestion): one row per ingested request instead of
-- one row per prediction. A row holds the request's effective events as a JSON array: for kind 'p'
-- the newly stored predictions, [id, ts, model_version, features, prediction, scores] plus the
-- waiting outcome it joined, if any; for kind 'o' the outcomes that joined, [id, outcome,
-- outcome_time], or now wait, [id, outcome, outcome_time, arrival_time]. Replaying a model's rows in seq
-- order rebuilds its state (the id index for duplicates and joins, windows, drift samples).
-- Shared SQL: postgresql/V7__monitoring_event_log.sql differs only in the JSON functions.
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

-- Existing predictions become batches of up to 1000 (seq 0, 1, ...); their outcomes and the outcomes
-- still waiting follow from seq 1000000000, so a replay sees every prediction before any outcome.
INSERT INTO monitor_event_batches (model, seq, kind, event_count, events, created_time, min_ts, max_ts)
SELECT model, chunk, 'p', COUNT(*), '[' || group_concat(e, ',') || ']', 0, MIN(ts), MAX(ts) FROM (
  SELECT model, ts, (ROW_NUMBER() OVER (PARTITION BY model ORDER BY ts, prediction_id) - 1) / 1000 AS chunk,
    json_array(prediction_id, ts, model_version, json(features), prediction, json(scores)) AS e
  FROM monitor_predictions) GROUP BY model, chunk;

INSERT INTO monitor_event_batches (model, seq, kind, event_count, events, created_time, min_ts, max_ts)
SELECT model, 1000000000 + chunk, 'o', COUNT(*), '[' || group_concat(e, ',') || ']', 0, MIN(ts), MAX(ts) FROM (
  SELECT model, ts, (ROW_NUMBER() OVER (PARTITION BY model ORDER BY prediction_id) - 1) / 1000 AS chunk,
    e
  FROM (SELECT model, prediction_id, ts, json_array(prediction_id, outcome, outcome_time) AS e
        FROM monitor_predictions WHERE outcome IS NOT NULL
        UNION ALL SELECT model, prediction_id, CAST(strftime('%s', 'now') AS INTEGER) * 1000,
          json_array(prediction_id, outcome, outcome_time, CAST(strftime('%s', 'now') AS INTEGER) * 1000)
        FROM monitor_pending_outcomes)) GROUP BY model, chunk;

DROP TABLE monitor_predictions;
DROP TABLE monitor_pending_outcomes;
