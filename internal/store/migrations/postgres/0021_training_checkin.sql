-- Check-in at a training event with a code, as at a session: the trainer
-- shows the event's code and each mentor who came types it on their
-- training page, which marks them attended and records the module. Events
-- planned before this migration have no code (NULL) and are marked on
-- the roster.
ALTER TABLE training_events ADD COLUMN checkin_code TEXT;
CREATE UNIQUE INDEX training_events_code ON training_events(checkin_code);
