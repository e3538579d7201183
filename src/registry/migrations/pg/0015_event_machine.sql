-- PostgreSQL translation of ../0015_event_machine.sql (types as in 0001_initial.sql here).
-- catool registry: which machine and which OS account ran each command (issue 18), besides
-- the actor. A registry shared by a support team (PostgreSQL) is written from several desks:
-- the event says which one. Both under the event's MAC when present (`domain::history`);
-- events written before this migration keep NULL here and their MAC as it was.
ALTER TABLE events ADD COLUMN host TEXT COLLATE "C";
ALTER TABLE events ADD COLUMN os_user TEXT COLLATE "C";
