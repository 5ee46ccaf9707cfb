-- The audit log: one row per state-changing request that succeeded or was refused (401/403), written
-- asynchronously in batches; read by admins (GET /api/vigil/audit, `vigil audit`). Newest first by id.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        BIGINT  NOT NULL,
  username  TEXT    NOT NULL,
  method    TEXT    NOT NULL,
  path      TEXT    NOT NULL,
  status    INTEGER NOT NULL,
  client_ip TEXT    NOT NULL,
  target    TEXT
);

CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX audit_log_by_user ON audit_log (username, id);
