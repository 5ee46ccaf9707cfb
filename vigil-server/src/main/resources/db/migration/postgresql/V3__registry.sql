-- Model registry, PostgreSQL dialect. Times are epoch milliseconds. Renaming a model cascades to its
-- versions, tags, aliases and alias history; deleting it removes them.

CREATE TABLE registered_models (
  name              TEXT    PRIMARY KEY,
  creation_time     BIGINT NOT NULL,
  last_updated_time BIGINT NOT NULL,
  description       TEXT    NOT NULL,
  -- the highest version number ever given: deleted versions' numbers are never reused
  last_version      BIGINT NOT NULL
);

CREATE TABLE registered_model_tags (
  name  TEXT NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE ON DELETE CASCADE,
  key   TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (name, key)
);

CREATE TABLE model_versions (
  name              TEXT    NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE ON DELETE CASCADE,
  version           BIGINT NOT NULL,
  creation_time     BIGINT NOT NULL,
  last_updated_time BIGINT NOT NULL,
  user_id           TEXT    NOT NULL,
  current_stage     TEXT    NOT NULL,
  description       TEXT    NOT NULL,
  source            TEXT    NOT NULL,
  run_id            TEXT,
  status            TEXT    NOT NULL,
  status_message    TEXT    NOT NULL,
  run_link          TEXT    NOT NULL,
  PRIMARY KEY (name, version)
);
CREATE INDEX model_versions_by_run ON model_versions (run_id);

CREATE TABLE model_version_tags (
  name    TEXT    NOT NULL,
  version BIGINT NOT NULL,
  key     TEXT    NOT NULL,
  value   TEXT    NOT NULL,
  PRIMARY KEY (name, version, key),
  FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE TABLE registered_model_aliases (
  name    TEXT    NOT NULL,
  alias   TEXT    NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (name, alias),
  FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE ON DELETE CASCADE
);

-- Every move of an alias, in order (id). from_version/to_version are NULL when the alias was unset
-- before / is deleted by the move. kind: set, delete, rollback, version-deleted.
CREATE TABLE alias_history (
  id           BIGSERIAL PRIMARY KEY,
  name         TEXT    NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE ON DELETE CASCADE,
  alias        TEXT    NOT NULL,
  from_version BIGINT,
  to_version   BIGINT,
  moved_at     BIGINT NOT NULL,
  moved_by     TEXT    NOT NULL,
  reason       TEXT    NOT NULL,
  kind         TEXT    NOT NULL
);
CREATE INDEX alias_history_by_alias ON alias_history (name, alias, id);

-- Webhooks on registry events. events is a comma-separated list of event names ('*' for all).
CREATE TABLE webhooks (
  webhook_id  TEXT    PRIMARY KEY,
  url         TEXT    NOT NULL,
  events      TEXT    NOT NULL,
  secret      TEXT    NOT NULL,
  description TEXT    NOT NULL,
  created_at  BIGINT NOT NULL
);

-- Every delivery attempt: one row per attempt, retries share delivery_id.
CREATE TABLE webhook_deliveries (
  id          BIGSERIAL PRIMARY KEY,
  webhook_id  TEXT    NOT NULL REFERENCES webhooks (webhook_id) ON DELETE CASCADE,
  delivery_id TEXT    NOT NULL,
  event       TEXT    NOT NULL,
  attempt     BIGINT NOT NULL,
  attempted_at BIGINT NOT NULL,
  status_code BIGINT,
  success     BIGINT NOT NULL,
  error       TEXT    NOT NULL,
  duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);
