-- 0001: organisation, campaigns, reports with answer history, conversations, inbound receipts, outbox.
CREATE TABLE unit_levels (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    Name TEXT NOT NULL,
    Rank INTEGER NOT NULL
);

CREATE TABLE units (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    Name TEXT NOT NULL,
    ShortName TEXT NULL,
    LevelId INTEGER NOT NULL REFERENCES unit_levels (Id),
    ParentId INTEGER NULL REFERENCES units (Id),
    Path TEXT NOT NULL,
    SortOrder INTEGER NOT NULL
);
CREATE INDEX IX_units_Path ON units (Path);
CREATE INDEX IX_units_ParentId ON units (ParentId);

CREATE TABLE people (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    FullName TEXT NOT NULL,
    Phone TEXT NULL,
    CreatedAt INTEGER NOT NULL
);

CREATE TABLE memberships (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    PersonId INTEGER NOT NULL REFERENCES people (Id),
    UnitId INTEGER NOT NULL REFERENCES units (Id),
    Role TEXT NOT NULL
);
CREATE UNIQUE INDEX IX_memberships_PersonId_UnitId_Role ON memberships (PersonId, UnitId, Role);
CREATE INDEX IX_memberships_UnitId ON memberships (UnitId);

CREATE TABLE channel_accounts (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    Channel TEXT NOT NULL,
    ExternalId TEXT NOT NULL,
    PersonId INTEGER NOT NULL REFERENCES people (Id),
    Address TEXT NULL,
    Unreachable INTEGER NOT NULL,
    LinkedAt INTEGER NOT NULL,
    LastSeenAt INTEGER NOT NULL
);
CREATE UNIQUE INDEX IX_channel_accounts_Channel_ExternalId ON channel_accounts (Channel, ExternalId);
CREATE INDEX IX_channel_accounts_PersonId ON channel_accounts (PersonId);

CREATE TABLE invite_codes (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    Code TEXT NOT NULL,
    PersonId INTEGER NOT NULL REFERENCES people (Id),
    CreatedAt INTEGER NOT NULL,
    ExpiresAt INTEGER NOT NULL,
    UsedAt INTEGER NULL,
    UsedByChannel TEXT NULL
);
CREATE UNIQUE INDEX IX_invite_codes_Code ON invite_codes (Code);

CREATE TABLE campaigns (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    Name TEXT NOT NULL,
    OutlineId TEXT NOT NULL,
    StartsOn TEXT NOT NULL,
    IsActive INTEGER NOT NULL
);

CREATE TABLE campaign_deadlines (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    CampaignId INTEGER NOT NULL REFERENCES campaigns (Id),
    LevelId INTEGER NOT NULL REFERENCES unit_levels (Id),
    DueOn TEXT NOT NULL
);
CREATE UNIQUE INDEX IX_campaign_deadlines_CampaignId_LevelId ON campaign_deadlines (CampaignId, LevelId);

CREATE TABLE campaign_units (
    CampaignId INTEGER NOT NULL REFERENCES campaigns (Id),
    UnitId INTEGER NOT NULL REFERENCES units (Id),
    PRIMARY KEY (CampaignId, UnitId)
);

CREATE TABLE indicator_targets (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    CampaignId INTEGER NOT NULL REFERENCES campaigns (Id),
    UnitId INTEGER NOT NULL REFERENCES units (Id),
    IndicatorId TEXT NOT NULL,
    Target TEXT NOT NULL
);
CREATE UNIQUE INDEX IX_indicator_targets_CampaignId_UnitId_IndicatorId ON indicator_targets (CampaignId, UnitId, IndicatorId);

CREATE TABLE reports (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    CampaignId INTEGER NOT NULL REFERENCES campaigns (Id),
    UnitId INTEGER NOT NULL REFERENCES units (Id),
    Status TEXT NOT NULL,
    SubmittedAt INTEGER NULL,
    SubmittedById INTEGER NULL,
    ReturnNote TEXT NULL,
    CreatedAt INTEGER NOT NULL,
    UpdatedAt INTEGER NOT NULL
);
CREATE UNIQUE INDEX IX_reports_CampaignId_UnitId ON reports (CampaignId, UnitId);

CREATE TABLE answers (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    ReportId INTEGER NOT NULL REFERENCES reports (Id),
    QuestionId TEXT NOT NULL,
    Value TEXT NOT NULL,
    Number TEXT NULL,
    Version INTEGER NOT NULL,
    PersonId INTEGER NOT NULL,
    Channel TEXT NOT NULL,
    AnsweredAt INTEGER NOT NULL
);
CREATE UNIQUE INDEX IX_answers_ReportId_QuestionId ON answers (ReportId, QuestionId);

CREATE TABLE answer_revisions (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    ReportId INTEGER NOT NULL REFERENCES reports (Id),
    QuestionId TEXT NOT NULL,
    Version INTEGER NOT NULL,
    Value TEXT NOT NULL,
    PersonId INTEGER NOT NULL,
    Channel TEXT NOT NULL,
    AnsweredAt INTEGER NOT NULL,
    ReplacedAt INTEGER NOT NULL
);
CREATE INDEX IX_answer_revisions_ReportId_QuestionId ON answer_revisions (ReportId, QuestionId);

CREATE TABLE report_events (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    ReportId INTEGER NOT NULL REFERENCES reports (Id),
    Kind TEXT NOT NULL,
    PersonId INTEGER NOT NULL,
    Note TEXT NULL,
    Channel TEXT NOT NULL,
    At INTEGER NOT NULL
);
CREATE INDEX IX_report_events_ReportId ON report_events (ReportId);

CREATE TABLE conversations (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    PersonId INTEGER NOT NULL REFERENCES people (Id),
    ReportId INTEGER NULL REFERENCES reports (Id),
    DialogState TEXT NOT NULL,
    ActiveFeature TEXT NULL,
    FeatureState TEXT NULL,
    LastChannel TEXT NULL,
    UpdatedAt INTEGER NOT NULL
);
CREATE UNIQUE INDEX IX_conversations_PersonId ON conversations (PersonId);

CREATE TABLE inbound_receipts (
    Channel TEXT NOT NULL,
    MessageId TEXT NOT NULL,
    ReceivedAt INTEGER NOT NULL,
    PRIMARY KEY (Channel, MessageId)
);

CREATE TABLE outbox (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    PersonId INTEGER NULL,
    Channel TEXT NOT NULL,
    Address TEXT NOT NULL,
    Payload TEXT NOT NULL,
    DedupeKey TEXT NULL,
    Status TEXT NOT NULL,
    Attempts INTEGER NOT NULL,
    CreatedAt INTEGER NOT NULL,
    NextAttemptAt INTEGER NOT NULL,
    SentAt INTEGER NULL,
    LastError TEXT NULL
);
CREATE UNIQUE INDEX IX_outbox_DedupeKey ON outbox (DedupeKey);
CREATE INDEX IX_outbox_Status_Channel_NextAttemptAt ON outbox (Status, Channel, NextAttemptAt);

CREATE TABLE key_values (
    "Key" TEXT NOT NULL PRIMARY KEY,
    Value TEXT NOT NULL,
    UpdatedAt INTEGER NOT NULL
);
