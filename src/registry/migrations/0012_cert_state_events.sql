-- catool registry: the events that decide a certificate's state, by index (red team 5).
-- Add-only. `crl` finds the certificates it lists from the keyed revoke, reissue, freeze and
-- unfreeze events, not from `certs` columns anyone with the file can edit (a hold cleared
-- with one UPDATE left the CRL): this partial index reads those events alone, in history
-- order, however long the history. Its plan is checked by src/registry/plans.rs's tests.
CREATE INDEX events_cert_state ON events (seq)
    WHERE action IN ('cert.revoke', 'cert.reissue', 'cert.freeze', 'cert.unfreeze')
      AND outcome = 'ok';
