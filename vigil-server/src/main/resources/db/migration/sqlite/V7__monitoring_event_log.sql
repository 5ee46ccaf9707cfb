-- Monitoring ingestion as an event log (faster ingestion): one row per ingested request instead of
-- one row per prediction. A row holds the request's effective events as a JSON array: for kind 'p'
-- the newly stored predictions, [id, ts, model_version, features, prediction, scores]; for kind 'o'
-- the outcomes that joined or now wait, [id, outcome, outcome_time]. Replaying a model's rows in seq
-- order rebuilds its state (the id index for duplicates and joins, windows, drift samples).
-- Shared SQL: postgresql/V7__monitoring_event_log.sql differs only in the JSON functions.
CREATE TABLE monitor_event_batches (
  model VARCHAR(256) NOT NULL,
  seq BIGINT NOT NULL,
  kind CHAR(1) NOT NULL,
  event_count INTEGER NOT NULL,
  events TEXT NOT NULL,
  created_time BIGINT NOT NULL,
  PRIMARY KEY (model, seq)
);

-- Existing predictions become batches of up to 1000 (seq 0, 1, ...); their outcomes and the outcomes
-- still waiting follow from seq 1000000000, so a replay sees every prediction before any outcome.
INSERT INTO monitor_event_batches (model, seq, kind, event_count, events, created_time)
SELECT model, chunk, 'p', COUNT(*), '[' || group_concat(e, ',') || ']', 0 FROM (
  SELECT model, (ROW_NUMBER() OVER (PARTITION BY model ORDER BY ts, prediction_id) - 1) / 1000 AS chunk,
    json_array(prediction_id, ts, model_version, json(features), prediction, json(scores)) AS e
  FROM monitor_predictions) GROUP BY model, chunk;

INSERT INTO monitor_event_batches (model, seq, kind, event_count, events, created_time)
SELECT model, 1000000000 + chunk, 'o', COUNT(*), '[' || group_concat(e, ',') || ']', 0 FROM (
  SELECT model, (ROW_NUMBER() OVER (PARTITION BY model ORDER BY prediction_id) - 1) / 1000 AS chunk,
    json_array(prediction_id, outcome, outcome_time) AS e
  FROM (SELECT model, prediction_id, outcome, outcome_time FROM monitor_predictions WHERE outcome IS NOT NULL
        UNION ALL SELECT model, prediction_id, outcome, outcome_time FROM monitor_pending_outcomes)) GROUP BY model, chunk;

DROP TABLE monitor_predictions;
DROP TABLE monitor_pending_outcomes;
