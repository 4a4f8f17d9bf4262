-- 0010: the signed-in web app: single-use sign-in links (only a hash of the token is kept; each used link is one
-- session until it signs out), a security stamp per person (changed to sign out everywhere), the audit log.
CREATE TABLE web_sign_in_links (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    TokenHash TEXT NOT NULL,
    PersonId INTEGER NOT NULL REFERENCES people (Id),
    Channel TEXT NOT NULL,
    CreatedAt INTEGER NOT NULL,
    ExpiresAt INTEGER NOT NULL,
    UsedAt INTEGER NULL,
    SignedOutAt INTEGER NULL
);
CREATE UNIQUE INDEX IX_web_sign_in_links_TokenHash ON web_sign_in_links (TokenHash);
CREATE INDEX IX_web_sign_in_links_PersonId ON web_sign_in_links (PersonId);

CREATE TABLE web_security_stamps (
    PersonId INTEGER NOT NULL PRIMARY KEY REFERENCES people (Id),
    Stamp TEXT NOT NULL,
    ChangedAt INTEGER NOT NULL
);

CREATE TABLE audit_entries (
    Id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    PersonId INTEGER NOT NULL,
    At INTEGER NOT NULL,
    Action TEXT NOT NULL,
    Subject TEXT NOT NULL,
    Before TEXT NULL,
    After TEXT NULL
);
CREATE INDEX IX_audit_entries_At ON audit_entries (At);
