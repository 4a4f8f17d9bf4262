-- 0005: schedules (reminders, daily digest), the history of occasions handled, digest preferences.
CREATE TABLE schedule_occasions (
    "Key" TEXT NOT NULL PRIMARY KEY,
    Kind TEXT NOT NULL,
    CampaignId INTEGER NULL,
    UnitId INTEGER NULL,
    PersonId INTEGER NULL,
    LocalDate TEXT NOT NULL,
    Detail TEXT NULL,
    Recipients INTEGER NOT NULL,
    CreatedAt INTEGER NOT NULL
);
CREATE INDEX IX_schedule_occasions_Kind_LocalDate ON schedule_occasions (Kind, LocalDate);
CREATE INDEX IX_schedule_occasions_PersonId_Kind ON schedule_occasions (PersonId, Kind);

CREATE TABLE schedules (
    Name TEXT NOT NULL PRIMARY KEY,
    LocalTime TEXT NOT NULL,
    TimeZone TEXT NOT NULL,
    Enabled INTEGER NOT NULL,
    LastRunAt INTEGER NULL,
    LastRunLocalDate TEXT NULL,
    LastResult TEXT NULL,
    UpdatedAt INTEGER NOT NULL
);

CREATE TABLE digest_preferences (
    PersonId INTEGER NOT NULL PRIMARY KEY REFERENCES people (Id),
    DailyDigest INTEGER NOT NULL,
    UpdatedAt INTEGER NOT NULL
);

-- Documents asked for in chat, kept until delivered so a restart does not lose one.
CREATE TABLE document_requests (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    PersonId INTEGER NOT NULL REFERENCES people (Id),
    Kind TEXT NOT NULL,
    RootUnitIds TEXT NOT NULL,
    RequestedAt INTEGER NOT NULL,
    DeliveredAt INTEGER NULL
);
CREATE INDEX IX_document_requests_DeliveredAt ON document_requests (DeliveredAt);
