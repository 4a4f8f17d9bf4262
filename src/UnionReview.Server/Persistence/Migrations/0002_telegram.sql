-- 0002: Telegram updates as received (long polling or webhook), kept until handled. The highest UpdateId is the
-- stored getUpdates offset, so a restart neither loses an update (it was stored before Telegram was told it
-- arrived) nor handles one twice (the primary key refuses a redelivered update_id).
CREATE TABLE telegram_updates (
    UpdateId INTEGER NOT NULL PRIMARY KEY,
    ChatId INTEGER NOT NULL,
    Payload TEXT NOT NULL,
    ReceivedAt INTEGER NOT NULL,
    HandledAt INTEGER NULL
);
CREATE INDEX IX_telegram_updates_HandledAt ON telegram_updates (HandledAt);
