-- 0004: proposals and recommendations (kiến nghị, đề xuất): status history, answer/reply thread, drafts.
CREATE TABLE proposals (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    Reference TEXT NOT NULL,
    Year INTEGER NOT NULL,
    Sequence INTEGER NOT NULL,
    SenderId INTEGER NOT NULL REFERENCES people (Id),
    UnitId INTEGER NOT NULL REFERENCES units (Id),
    Addressee TEXT NOT NULL,
    ForwardedTo TEXT NULL,
    Topic TEXT NOT NULL,
    Text TEXT NOT NULL,
    AttachmentName TEXT NULL,
    AttachmentContentType TEXT NULL,
    AttachmentChannel TEXT NULL,
    AttachmentReference TEXT NULL,
    Status TEXT NOT NULL,
    Channel TEXT NOT NULL,
    CreatedAt INTEGER NOT NULL,
    UpdatedAt INTEGER NOT NULL,
    LastAnsweredAt INTEGER NULL,
    LastReplyAt INTEGER NULL
);
CREATE UNIQUE INDEX IX_proposals_Reference ON proposals (Reference);
CREATE UNIQUE INDEX IX_proposals_Year_Sequence ON proposals (Year, Sequence);
CREATE INDEX IX_proposals_UnitId_Status ON proposals (UnitId, Status);
CREATE INDEX IX_proposals_SenderId ON proposals (SenderId);

CREATE TABLE proposal_status_changes (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    ProposalId INTEGER NOT NULL REFERENCES proposals (Id),
    Status TEXT NOT NULL,
    PersonId INTEGER NOT NULL REFERENCES people (Id),
    Note TEXT NULL,
    Channel TEXT NOT NULL,
    At INTEGER NOT NULL
);
CREATE INDEX IX_proposal_status_changes_ProposalId ON proposal_status_changes (ProposalId);

CREATE TABLE proposal_messages (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    ProposalId INTEGER NOT NULL REFERENCES proposals (Id),
    Kind TEXT NOT NULL,
    PersonId INTEGER NOT NULL REFERENCES people (Id),
    Text TEXT NOT NULL,
    Channel TEXT NOT NULL,
    At INTEGER NOT NULL
);
CREATE INDEX IX_proposal_messages_ProposalId ON proposal_messages (ProposalId);

CREATE TABLE proposal_drafts (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    PersonId INTEGER NOT NULL REFERENCES people (Id),
    "Key" TEXT NOT NULL,
    Step TEXT NOT NULL,
    Addressee TEXT NULL,
    Topic TEXT NULL,
    Text TEXT NOT NULL,
    AttachmentName TEXT NULL,
    AttachmentContentType TEXT NULL,
    AttachmentChannel TEXT NULL,
    AttachmentReference TEXT NULL,
    UpdatedAt INTEGER NOT NULL
);
CREATE UNIQUE INDEX IX_proposal_drafts_PersonId_Key ON proposal_drafts (PersonId, "Key");
