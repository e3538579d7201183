-- catool registry: the events that decide a certificate's state, whatever their outcome
-- (red team 7). `events_cert_state` (0012) held the successful ones only, so `crl` never read
-- a genuine revocation whose outcome column was changed to 'refused' outside catool, never
-- checked its MAC, and signed a CRL without it. `crl` now reads them all, checks each MAC
-- (the outcome is under it) and then skips those refused. Its plan is checked by
-- src/registry/plans.rs.
DROP INDEX events_cert_state;
CREATE INDEX events_cert_state_any ON events (seq)
    WHERE action IN ('cert.revoke', 'cert.reissue', 'cert.freeze', 'cert.unfreeze');
