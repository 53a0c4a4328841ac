-- TaskScope custom metrics for the Sedna lifelong-learning knowledge base, schema version 1.
--
-- Seed 002 (table 11) asks for a `Metric` table (metric definitions) and a `Metric_value` table (values with labels,
-- one Prometheus series per distinct label set) in the KB database. Sedna does not create them; this file does.
-- TaskScope only reads them (SELECT); the KB server and user tooling write them.
--
--   Metric        one row per metric: name (Prometheus metric name, unique), help, type gauge|counter.
--                 A counter is exported as <name>_total (or as <name> when it already ends with _total).
--   Metric_value  one row per observation: labels = JSON object of label name -> scalar value ('{}' = no labels),
--                 value, ts. The newest row by ts (then by id) of each label set is exported.
--
-- The file holds one block per database, introduced by "-- dialect: sqlite" or "-- dialect: postgresql".
-- KbDatabase.createCustomMetricTables(Connection) runs the block of the connected database; by hand, copy that block.
-- Statements end with ";" at the end of a line. Everything is idempotent (IF NOT EXISTS / ON CONFLICT DO NOTHING).
-- Times are UTC (SQLite CURRENT_TIMESTAMP is UTC; PostgreSQL stores now() AT TIME ZONE 'UTC').
-- In PostgreSQL the unquoted names fold to metric / metric_value; TaskScope finds them case-insensitively.
-- A future version N ships custom-metrics-vN.sql with ALTER statements and bumps the row in taskscope_schema_version.

-- dialect: sqlite
CREATE TABLE IF NOT EXISTS taskscope_schema_version (
  component  VARCHAR(64) NOT NULL PRIMARY KEY,
  version    INTEGER     NOT NULL,
  applied_at TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS Metric (
  id         INTEGER      PRIMARY KEY AUTOINCREMENT,
  name       VARCHAR(200) NOT NULL UNIQUE,
  help       TEXT         NOT NULL DEFAULT '',
  type       VARCHAR(16)  NOT NULL DEFAULT 'gauge' CHECK (type IN ('gauge', 'counter')),
  created_at TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS Metric_value (
  id         INTEGER   PRIMARY KEY AUTOINCREMENT,
  metric_id  INTEGER   NOT NULL REFERENCES Metric (id) ON DELETE CASCADE,
  labels     TEXT      NOT NULL DEFAULT '{}',
  value      REAL      NOT NULL,
  ts         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS ix_metric_value_series ON Metric_value (metric_id, labels, ts);
INSERT INTO taskscope_schema_version (component, version) VALUES ('custom-metrics', 1)
  ON CONFLICT (component) DO NOTHING;

-- dialect: postgresql
CREATE TABLE IF NOT EXISTS taskscope_schema_version (
  component  VARCHAR(64) NOT NULL PRIMARY KEY,
  version    INTEGER     NOT NULL,
  applied_at TIMESTAMP   NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
CREATE TABLE IF NOT EXISTS Metric (
  id         SERIAL       PRIMARY KEY,
  name       VARCHAR(200) NOT NULL UNIQUE,
  help       TEXT         NOT NULL DEFAULT '',
  type       VARCHAR(16)  NOT NULL DEFAULT 'gauge' CHECK (type IN ('gauge', 'counter')),
  created_at TIMESTAMP    NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
CREATE TABLE IF NOT EXISTS Metric_value (
  id         BIGSERIAL        PRIMARY KEY,
  metric_id  INTEGER          NOT NULL REFERENCES Metric (id) ON DELETE CASCADE,
  labels     TEXT             NOT NULL DEFAULT '{}',
  value      DOUBLE PRECISION NOT NULL,
  ts         TIMESTAMP        NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
CREATE INDEX IF NOT EXISTS ix_metric_value_series ON Metric_value (metric_id, labels, ts);
INSERT INTO taskscope_schema_version (component, version) VALUES ('custom-metrics', 1)
  ON CONFLICT (component) DO NOTHING;
