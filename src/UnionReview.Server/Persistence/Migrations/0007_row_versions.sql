-- 0007: a version number on reports and conversations, raised by every change, so a turn prepared outside
-- the writer can be committed only if neither row changed since it was read (optimistic concurrency).
ALTER TABLE reports ADD COLUMN Version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN Version INTEGER NOT NULL DEFAULT 0;

-- One counter for the organisation's reference data (units, people, memberships, campaigns, targets): raised by
-- every change of it, so kept conversation sessions notice an administrator's change at once.
CREATE TABLE data_versions (
    Name TEXT NOT NULL PRIMARY KEY,
    Version INTEGER NOT NULL
);
INSERT INTO data_versions (Name, Version) VALUES ('reference', 0);
