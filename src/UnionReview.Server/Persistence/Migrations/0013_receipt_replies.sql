-- 0013: a turn's replies are kept with its receipt until they have left. The turn that handles an inbox message stores
-- its replies (Replies, compact JSON) in its own savepoint with the handled mark; once they are sent (or queued in the
-- outbox, or the chat is marked unreachable) RepliedAt is set and Replies cleared, in batches. Replies stored and not
-- yet marked when the service stopped are sent at the next start. Receipts written before this script need nothing.
ALTER TABLE inbound_receipts ADD COLUMN Replies TEXT NULL;
ALTER TABLE inbound_receipts ADD COLUMN RepliedAt INTEGER NULL;
