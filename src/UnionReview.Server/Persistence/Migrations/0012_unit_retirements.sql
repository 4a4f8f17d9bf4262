-- 0012: a unit retired by the office on the web admin: kept (its reports and history stay), shown as retired,
-- no longer offered as a parent or for new campaigns.
CREATE TABLE unit_retirements (
    UnitId INTEGER NOT NULL PRIMARY KEY REFERENCES units (Id),
    RetiredAt INTEGER NOT NULL,
    RetiredById INTEGER NOT NULL
);
