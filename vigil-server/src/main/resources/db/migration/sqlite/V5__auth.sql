-- Authentication: users with slow, salted password hashes, and API tokens stored as SHA-256 digests
-- (the token itself is shown once, when it is created).
CREATE TABLE users (
  username      TEXT    PRIMARY KEY,
  password_hash TEXT    NOT NULL,
  is_admin      INTEGER NOT NULL DEFAULT 0,
  created       INTEGER NOT NULL
);

CREATE TABLE api_tokens (
  id          TEXT    PRIMARY KEY,
  username    TEXT    NOT NULL REFERENCES users (username) ON DELETE CASCADE,
  token_hash  TEXT    NOT NULL UNIQUE,
  name        TEXT    NOT NULL,
  created     INTEGER NOT NULL,
  expires_at  INTEGER,
  revoked     INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX api_tokens_by_user ON api_tokens (username);
