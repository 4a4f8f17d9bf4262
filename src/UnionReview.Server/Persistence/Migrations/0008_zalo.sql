-- 0008: the Zalo channel and the menus of text-only channels.
-- zalo_updates: Zalo messages as received (webhook or getUpdates), kept until handled. Zalo has no update_id and no
-- offset: the message_id is the key that refuses a redelivered message, and Seq keeps the order of arrival.
CREATE TABLE zalo_updates (
    Seq INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    MessageId TEXT NOT NULL,
    ChatId TEXT NOT NULL,
    Payload TEXT NOT NULL,
    ReceivedAt INTEGER NOT NULL,
    HandledAt INTEGER NULL
);
CREATE UNIQUE INDEX IX_zalo_updates_MessageId ON zalo_updates (MessageId);
CREATE INDEX IX_zalo_updates_HandledAt ON zalo_updates (HandledAt);
-- text_menus: what the last messages to a chat of a text-only channel offered to type (numbers, commands) and the
-- button each stands for, so "2" or "/muc" means the same after a restart.
CREATE TABLE text_menus (
    Channel TEXT NOT NULL,
    Address TEXT NOT NULL,
    Keys TEXT NOT NULL,
    UpdatedAt INTEGER NOT NULL,
    PRIMARY KEY (Channel, Address)
);
