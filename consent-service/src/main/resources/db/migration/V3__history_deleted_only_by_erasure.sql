-- Append-only covers deletion too. A history row leaves only with its subject's whole chain, in
-- an erasure (GDPR Art. 17), whose transaction says so with set_config('exchange.erasure', 'on',
-- true). Any other DELETE, and every TRUNCATE, fails: the newest entries of a chain cannot be
-- cut off quietly, which the hash chain alone could not reveal (it has nothing after them).
CREATE FUNCTION consent_history_deleted_only_by_erasure() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('exchange.erasure', true), '') <> 'on' THEN
        RAISE EXCEPTION 'consent_history is append-only: rows leave only with an erasure of their subject';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER consent_history_no_delete BEFORE DELETE ON consent_history
    FOR EACH ROW EXECUTE FUNCTION consent_history_deleted_only_by_erasure();

CREATE TRIGGER consent_history_no_truncate BEFORE TRUNCATE ON consent_history
    FOR EACH STATEMENT EXECUTE FUNCTION consent_history_append_only();
