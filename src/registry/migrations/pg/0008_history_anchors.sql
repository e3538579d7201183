-- PostgreSQL translation of ../0008_history_anchors.sql (types and triggers as in 0001_initial.sql here).
-- Red team 3: rows that decide trust are anchored in the keyed history.
-- The defence is the history: every event that makes a certificate records its SHA-256
-- fingerprint, serial and CA, and `pdf verify`, CRLs, exports and every use of its key compare
-- the row with that event (`domain::anchor`); CAs and TSAs likewise with their ca.init and
-- tsa.init events, a CA's CRL publication with its ca.init and ca.set events. Add-only.

-- What a certificate is never changes once made: a body (or serial, or sealed key) moved to
-- another row would give one certificate the other's status. Dropping this trigger gains
-- nothing (the events say what each row must hold); it makes the plain UPDATE fail loudly.
CREATE TRIGGER cert_identity_fixed BEFORE UPDATE OF cert_der, serial_hex, ca_id, key_sealed ON certs FOR EACH ROW
EXECUTE FUNCTION catool_refuse('a certificate''s body, serial, CA and key never change; reissue it');

-- The few events about one object (`ca:2`, `cert:7`) that anchor a row, found without
-- reading the whole history.
CREATE INDEX events_object ON events (object, action);
