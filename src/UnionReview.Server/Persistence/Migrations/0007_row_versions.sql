-- 0007: a version number on reports and conversations, raised by every change, so a turn prepared outside
-- the writer can be committed only if neither row changed since it was read (optimistic concurrency).
ALTER TABLE reports ADD COLUMN Version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN Version INTEGER NOT NULL DEFAULT 0;
