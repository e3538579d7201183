-- PostgreSQL translation of ../0014_row_ids_fixed.sql (types and triggers as in 0001_initial.sql here).
-- Red team 6: a row's identity never changes. Keyed events name rows by id (`cert:4`, the
-- `cert_id` of a revocation): `UPDATE certs SET id = 4004 WHERE id = 4` left a keyed revocation
-- naming no row, and the CRL dropped it. Every table keyed events reference keeps its id (and
-- the tables keyed by two ids keep them); behind the schema, the CRL lists a keyed revocation
-- from its identity event whatever the rows say, and `log verify` reports the row.

CREATE TRIGGER cas_id_fixed BEFORE UPDATE OF id ON cas FOR EACH ROW
WHEN (NEW.id IS DISTINCT FROM OLD.id)
EXECUTE FUNCTION catool_refuse('a row''s id never changes: the history names it');

CREATE TRIGGER tsas_id_fixed BEFORE UPDATE OF id ON tsas FOR EACH ROW
WHEN (NEW.id IS DISTINCT FROM OLD.id)
EXECUTE FUNCTION catool_refuse('a row''s id never changes: the history names it');

CREATE TRIGGER orgs_id_fixed BEFORE UPDATE OF id ON orgs FOR EACH ROW
WHEN (NEW.id IS DISTINCT FROM OLD.id)
EXECUTE FUNCTION catool_refuse('a row''s id never changes: the history names it');

CREATE TRIGGER persons_id_fixed BEFORE UPDATE OF id ON persons FOR EACH ROW
WHEN (NEW.id IS DISTINCT FROM OLD.id)
EXECUTE FUNCTION catool_refuse('a row''s id never changes: the history names it');

CREATE TRIGGER packages_id_fixed BEFORE UPDATE OF id ON packages FOR EACH ROW
WHEN (NEW.id IS DISTINCT FROM OLD.id)
EXECUTE FUNCTION catool_refuse('a row''s id never changes: the history names it');

CREATE TRIGGER slots_id_fixed BEFORE UPDATE OF id ON slots FOR EACH ROW
WHEN (NEW.id IS DISTINCT FROM OLD.id)
EXECUTE FUNCTION catool_refuse('a row''s id never changes: the history names it');

CREATE TRIGGER certs_id_fixed BEFORE UPDATE OF id ON certs FOR EACH ROW
WHEN (NEW.id IS DISTINCT FROM OLD.id)
EXECUTE FUNCTION catool_refuse('a row''s id never changes: the history names it');

CREATE TRIGGER seals_id_fixed BEFORE UPDATE OF id ON seals FOR EACH ROW
WHEN (NEW.id IS DISTINCT FROM OLD.id)
EXECUTE FUNCTION catool_refuse('a row''s id never changes: the history names it');

CREATE TRIGGER seal_grants_id_fixed BEFORE UPDATE OF id ON seal_grants FOR EACH ROW
WHEN (NEW.id IS DISTINCT FROM OLD.id)
EXECUTE FUNCTION catool_refuse('a row''s id never changes: the history names it');

CREATE TRIGGER memberships_key_fixed BEFORE UPDATE OF org_id, person_id ON memberships FOR EACH ROW
WHEN (NEW.org_id IS DISTINCT FROM OLD.org_id OR NEW.person_id IS DISTINCT FROM OLD.person_id)
EXECUTE FUNCTION catool_refuse('a row''s key never changes: the history names it');

CREATE TRIGGER seal_assignments_key_fixed BEFORE UPDATE OF seal_id, cert_id ON seal_assignments FOR EACH ROW
WHEN (NEW.seal_id IS DISTINCT FROM OLD.seal_id OR NEW.cert_id IS DISTINCT FROM OLD.cert_id)
EXECUTE FUNCTION catool_refuse('a row''s key never changes: the history names it');

CREATE TRIGGER ca_crl_key_fixed BEFORE UPDATE OF ca_id ON ca_crl FOR EACH ROW
WHEN (NEW.ca_id IS DISTINCT FROM OLD.ca_id)
EXECUTE FUNCTION catool_refuse('a row''s key never changes: the history names it');
