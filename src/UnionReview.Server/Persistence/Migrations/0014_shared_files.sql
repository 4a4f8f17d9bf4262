-- 0014: files behind download links for chat apps that cannot carry files (Zalo), each for one person and a short
-- time (the signed link names the file, the person and the expiry); and the full text a text-only channel shortened
-- in its last messages (text_menus.More), sent whole when the person types /xemthem.
CREATE TABLE shared_files (
    Id TEXT NOT NULL PRIMARY KEY,
    PersonId INTEGER NOT NULL,
    FileName TEXT NOT NULL,
    ContentType TEXT NOT NULL,
    Content BLOB NOT NULL,
    CreatedAt INTEGER NOT NULL,
    ExpiresAt INTEGER NOT NULL
);
CREATE INDEX IX_shared_files_ExpiresAt ON shared_files (ExpiresAt);
ALTER TABLE text_menus ADD COLUMN More TEXT NULL;
