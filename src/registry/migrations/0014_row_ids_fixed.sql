-- Red team 6: a row's identity never changes. Keyed events name rows by id (`cert:4`, the
-- `cert_id` of a revocation): `UPDATE certs SET id = 4004 WHERE id = 4` left a keyed revocation
-- naming no row, and the CRL dropped it. Every table keyed events reference keeps its id (and
-- the tables keyed by two ids keep them); behind the schema, the CRL lists a keyed revocation
-- from its identity event whatever the rows say, and `log verify` reports the row.

CREATE TRIGGER cas_id_fixed BEFORE UPDATE OF id ON cas
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a row''s id never changes: the history names it');
END;

CREATE TRIGGER tsas_id_fixed BEFORE UPDATE OF id ON tsas
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a row''s id never changes: the history names it');
END;

CREATE TRIGGER orgs_id_fixed BEFORE UPDATE OF id ON orgs
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a row''s id never changes: the history names it');
END;

CREATE TRIGGER persons_id_fixed BEFORE UPDATE OF id ON persons
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a row''s id never changes: the history names it');
END;

CREATE TRIGGER packages_id_fixed BEFORE UPDATE OF id ON packages
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a row''s id never changes: the history names it');
END;

CREATE TRIGGER slots_id_fixed BEFORE UPDATE OF id ON slots
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a row''s id never changes: the history names it');
END;

CREATE TRIGGER certs_id_fixed BEFORE UPDATE OF id ON certs
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a row''s id never changes: the history names it');
END;

CREATE TRIGGER seals_id_fixed BEFORE UPDATE OF id ON seals
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a row''s id never changes: the history names it');
END;

CREATE TRIGGER seal_grants_id_fixed BEFORE UPDATE OF id ON seal_grants
WHEN NEW.id IS NOT OLD.id
BEGIN
    SELECT RAISE(ABORT, 'a row''s id never changes: the history names it');
END;

CREATE TRIGGER memberships_key_fixed BEFORE UPDATE OF org_id, person_id ON memberships
WHEN NEW.org_id IS NOT OLD.org_id OR NEW.person_id IS NOT OLD.person_id
BEGIN
    SELECT RAISE(ABORT, 'a row''s key never changes: the history names it');
END;

CREATE TRIGGER seal_assignments_key_fixed BEFORE UPDATE OF seal_id, cert_id ON seal_assignments
WHEN NEW.seal_id IS NOT OLD.seal_id OR NEW.cert_id IS NOT OLD.cert_id
BEGIN
    SELECT RAISE(ABORT, 'a row''s key never changes: the history names it');
END;

CREATE TRIGGER ca_crl_key_fixed BEFORE UPDATE OF ca_id ON ca_crl
WHEN NEW.ca_id IS NOT OLD.ca_id
BEGIN
    SELECT RAISE(ABORT, 'a row''s key never changes: the history names it');
END;
