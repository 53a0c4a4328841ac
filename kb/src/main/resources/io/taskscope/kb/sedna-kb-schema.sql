-- Sedna's lifelong-learning knowledge-base schema, as the KB server creates it at start (init_db() →
-- Base.metadata.create_all) from lib/sedna/service/server/knowledgeBase/model.py (Sedna v0.6: deploy on ll_task_grp).
-- This is the DDL SQLAlchemy emits for those declarative classes, for tests and for the demo's simulated KB.
--
-- Note on defaults: model.py's default=0 / default="" / default=False / default="{}" are Python-side (SQLAlchemy fills
-- them in on INSERT) and so do not appear in the DDL; only server_default=func.now() does (created_at, updated_at).
-- KbDatabase's insert helpers write those Python-side defaults explicitly, as the KB server does.
-- Column comments (comment='...') are emitted by SQLAlchemy for PostgreSQL only; SQLite has no comments.
-- SQLAlchemy checks for existing tables itself (checkfirst); here IF NOT EXISTS does that, so the script is idempotent.
-- Same format as custom-metrics-v1.sql: one block per database.

-- dialect: sqlite
CREATE TABLE IF NOT EXISTS ll_task_grp (
	id INTEGER NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	deploy BOOLEAN, 
	sample_num INTEGER, 
	task_num INTEGER, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE INDEX IF NOT EXISTS ix_ll_task_grp_id ON ll_task_grp (id);
CREATE TABLE IF NOT EXISTS ll_tasks (
	id INTEGER NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	task_attr TEXT, 
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE INDEX IF NOT EXISTS ix_ll_tasks_id ON ll_tasks (id);
CREATE TABLE IF NOT EXISTS ll_samples (
	id INTEGER NOT NULL, 
	data_url TEXT, 
	descr TEXT, 
	data_type SMALLINT, 
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	sample_num INTEGER, 
	PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS ix_ll_samples_id ON ll_samples (id);
CREATE INDEX IF NOT EXISTS ix_ll_samples_data_type ON ll_samples (data_type);
CREATE TABLE IF NOT EXISTS ll_task_models (
	id INTEGER NOT NULL, 
	task_id INTEGER NOT NULL, 
	model_url TEXT, 
	is_current BOOLEAN, 
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	PRIMARY KEY (id), 
	FOREIGN KEY(task_id) REFERENCES ll_task_grp (id)
);
CREATE INDEX IF NOT EXISTS ix_ll_task_models_id ON ll_task_models (id);
CREATE INDEX IF NOT EXISTS ix_ll_task_models_task_id ON ll_task_models (task_id);
CREATE TABLE IF NOT EXISTS ll_task_relation (
	id INTEGER NOT NULL, 
	grp_id INTEGER NOT NULL, 
	task_id INTEGER NOT NULL, 
	transfer_radio FLOAT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(grp_id) REFERENCES ll_task_grp (id), 
	FOREIGN KEY(task_id) REFERENCES ll_tasks (id)
);
CREATE INDEX IF NOT EXISTS ix_ll_task_relation_id ON ll_task_relation (id);
CREATE INDEX IF NOT EXISTS ix_ll_task_relation_grp_id ON ll_task_relation (grp_id);
CREATE INDEX IF NOT EXISTS ix_ll_task_relation_task_id ON ll_task_relation (task_id);
CREATE TABLE IF NOT EXISTS ll_task_sample (
	id INTEGER NOT NULL, 
	sample_id INTEGER NOT NULL, 
	task_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(sample_id) REFERENCES ll_samples (id), 
	FOREIGN KEY(task_id) REFERENCES ll_tasks (id)
);
CREATE INDEX IF NOT EXISTS ix_ll_task_sample_id ON ll_task_sample (id);
CREATE INDEX IF NOT EXISTS ix_ll_task_sample_sample_id ON ll_task_sample (sample_id);
CREATE INDEX IF NOT EXISTS ix_ll_task_sample_task_id ON ll_task_sample (task_id);

-- dialect: postgresql
CREATE TABLE IF NOT EXISTS ll_task_grp (
	id SERIAL NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	deploy BOOLEAN, 
	sample_num INTEGER, 
	task_num INTEGER, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
COMMENT ON COLUMN ll_task_grp.name IS 'task group name';
COMMENT ON COLUMN ll_task_grp.sample_num IS 'int of sample number';
COMMENT ON COLUMN ll_task_grp.task_num IS 'int of task number';
CREATE INDEX IF NOT EXISTS ix_ll_task_grp_id ON ll_task_grp (id);
CREATE TABLE IF NOT EXISTS ll_tasks (
	id SERIAL NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	task_attr TEXT, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	updated_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
COMMENT ON COLUMN ll_tasks.name IS 'task name';
COMMENT ON COLUMN ll_tasks.task_attr IS 'task attribute, json';
COMMENT ON COLUMN ll_tasks.created_at IS 'task create time';
COMMENT ON COLUMN ll_tasks.updated_at IS 'task update time';
CREATE INDEX IF NOT EXISTS ix_ll_tasks_id ON ll_tasks (id);
CREATE TABLE IF NOT EXISTS ll_samples (
	id SERIAL NOT NULL, 
	data_url TEXT, 
	descr TEXT, 
	data_type SMALLINT, 
	updated_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	sample_num INTEGER, 
	PRIMARY KEY (id)
);
COMMENT ON COLUMN ll_samples.data_url IS 'dataset save url/path';
COMMENT ON COLUMN ll_samples.descr IS 'dataset description';
COMMENT ON COLUMN ll_samples.data_type IS 'type of dataset, 0: train, 1: evaluation, 2: hard sample';
COMMENT ON COLUMN ll_samples.updated_at IS 'dataset update time';
COMMENT ON COLUMN ll_samples.sample_num IS 'int of sample number';
CREATE INDEX IF NOT EXISTS ix_ll_samples_id ON ll_samples (id);
CREATE INDEX IF NOT EXISTS ix_ll_samples_data_type ON ll_samples (data_type);
CREATE TABLE IF NOT EXISTS ll_task_models (
	id SERIAL NOT NULL, 
	task_id INTEGER NOT NULL, 
	model_url TEXT, 
	is_current BOOLEAN, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	PRIMARY KEY (id), 
	FOREIGN KEY(task_id) REFERENCES ll_task_grp (id)
);
COMMENT ON COLUMN ll_task_models.model_url IS 'model save url/path';
COMMENT ON COLUMN ll_task_models.created_at IS 'model create time';
CREATE INDEX IF NOT EXISTS ix_ll_task_models_id ON ll_task_models (id);
CREATE INDEX IF NOT EXISTS ix_ll_task_models_task_id ON ll_task_models (task_id);
CREATE TABLE IF NOT EXISTS ll_task_relation (
	id SERIAL NOT NULL, 
	grp_id INTEGER NOT NULL, 
	task_id INTEGER NOT NULL, 
	transfer_radio FLOAT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(grp_id) REFERENCES ll_task_grp (id), 
	FOREIGN KEY(task_id) REFERENCES ll_tasks (id)
);
COMMENT ON COLUMN ll_task_relation.transfer_radio IS 'task transfer radio';
CREATE INDEX IF NOT EXISTS ix_ll_task_relation_id ON ll_task_relation (id);
CREATE INDEX IF NOT EXISTS ix_ll_task_relation_grp_id ON ll_task_relation (grp_id);
CREATE INDEX IF NOT EXISTS ix_ll_task_relation_task_id ON ll_task_relation (task_id);
CREATE TABLE IF NOT EXISTS ll_task_sample (
	id SERIAL NOT NULL, 
	sample_id INTEGER NOT NULL, 
	task_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(sample_id) REFERENCES ll_samples (id), 
	FOREIGN KEY(task_id) REFERENCES ll_tasks (id)
);
CREATE INDEX IF NOT EXISTS ix_ll_task_sample_id ON ll_task_sample (id);
CREATE INDEX IF NOT EXISTS ix_ll_task_sample_sample_id ON ll_task_sample (sample_id);
CREATE INDEX IF NOT EXISTS ix_ll_task_sample_task_id ON ll_task_sample (task_id);
