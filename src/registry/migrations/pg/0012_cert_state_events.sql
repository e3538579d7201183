-- PostgreSQL translation of ../0012_cert_state_events.sql (the same partial index).
-- catool registry: the events that decide a certificate's state, by index (red team 5).
-- Add-only. `crl` finds the certificates it lists from the keyed revoke, reissue, freeze and
-- unfreeze events, not from `certs` columns anyone with the database can edit.
CREATE INDEX events_cert_state ON events (seq)
    WHERE action IN ('cert.revoke', 'cert.reissue', 'cert.freeze', 'cert.unfreeze')
      AND outcome = 'ok';
