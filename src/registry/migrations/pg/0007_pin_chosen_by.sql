-- PostgreSQL translation of ../0007_pin_chosen_by.sql (types and triggers as in 0001_initial.sql here).
-- Stop 13 (red team, round 3): who chose each certificate's PIN (D6, D8).
-- Whoever chooses a certificate's PIN can act as its holder, so a certificate proves who its
-- holder is (`--as`) only with a PIN the holder chose, or one the operator set (NULL). After
-- a change of holder (D5) the PIN is still the previous holder's: the certificate proves the
-- new holder only once the operator reissues it. Certificates made before this: their holder
-- (they were trusted as proof then).
ALTER TABLE certs ADD COLUMN pin_set_by BIGINT REFERENCES persons(id);
UPDATE certs SET pin_set_by = holder_person_id;
