-- The outbox and dedup rows are purged after their retention (OutboxMonitor.purge): find them by age.
CREATE INDEX IF NOT EXISTS outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS processed_event_age ON processed_event (processed_at);
