-- Permissions (with --auth): explicit grants of READ, EDIT, MANAGE or NONE per experiment and per
-- registered model; a user without a grant has the server's default permission (--default-permission).
CREATE TABLE experiment_permissions (
  experiment_id BIGINT  NOT NULL,
  username      TEXT    NOT NULL,
  permission    TEXT    NOT NULL,
  PRIMARY KEY (experiment_id, username)
);

CREATE INDEX experiment_permissions_by_user ON experiment_permissions (username, experiment_id);

CREATE TABLE registered_model_permissions (
  name       TEXT NOT NULL,
  username   TEXT NOT NULL,
  permission TEXT NOT NULL,
  PRIMARY KEY (name, username)
);
