-- Covering indexes for attendance and follow-up (docs/PERFORMANCE.md,
-- "Attendance and follow-up"): a check-in's status without fetching its
-- row, a student's marks, the year's sessions as the rollup reads them,
-- and the year's memberships by group.
CREATE INDEX checkins_session_status ON checkins(session_id, status, participant_id);
DROP INDEX checkins_participant;
CREATE INDEX checkins_participant_status ON checkins(participant_id, status);
CREATE INDEX mentor_sessions_rollup ON mentor_sessions(program_id, year, group_id, starts_at, roster_at, present_count, cancelled_at);
CREATE INDEX group_members_year ON group_members(program_id, year, role, group_id, valid_from, valid_to);
