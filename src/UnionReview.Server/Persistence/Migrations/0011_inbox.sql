-- 0011: one inbox for every channel. A message from a chat app (Telegram, Zalo, Bot Framework) is stored as its receipt
-- before the app is told it arrived: the receipt (one per channel and message id, the key) keeps the message (Payload)
-- and the chat whose order it keeps (ChatId) until it is handled. The turn that handles it sets HandledAt in its own
-- savepoint, so the receipt is also the "handled" mark; a message stored but not handled is handled after a restart.
-- Receipts written before this script were all handled. telegram_updates and zalo_updates are no longer written; what
-- was still waiting in them is taken over at the next start.
ALTER TABLE inbound_receipts ADD COLUMN ChatId TEXT NULL;
ALTER TABLE inbound_receipts ADD COLUMN Payload TEXT NULL;
ALTER TABLE inbound_receipts ADD COLUMN HandledAt INTEGER NULL;
UPDATE inbound_receipts SET HandledAt = ReceivedAt;
CREATE INDEX IX_inbound_receipts_HandledAt ON inbound_receipts (HandledAt);
