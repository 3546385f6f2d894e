-- The active mentors of each program year, apart from the students: the
-- catalogue computes minimum-standard criterion 2 from their training on
-- every read (FindTrainedMentors), which otherwise passes over every
-- participant of every program.
CREATE INDEX participants_active_mentors ON participants(program_id, year) WHERE role = 'mentor' AND state = 'active';
