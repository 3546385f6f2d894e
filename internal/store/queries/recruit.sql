-- Postings, applications, reviews and the contracts of mentors hired.

-- name: CreatePosting
INSERT INTO postings (program_id, year, title, role, programme_code, positions, starts_on, ends_on, hourly_ore, deadline, account_id, created_at)
VALUES (:program_id, :year, :title, :role, :programme_code, :positions, :starts_on, :ends_on, :hourly_ore, :deadline, :account_id, :now)
RETURNING id

-- name: CreatePostingPosition
INSERT INTO posting_positions (posting_id, programme_code, positions, ordinal) VALUES (:posting_id, :programme_code, :positions, :ordinal)

-- name: FindPostingPositions
-- The rows of the postings FindPostings lists, in the order written.
SELECT r.posting_id, r.programme_code, r.positions
FROM posting_positions r JOIN postings p ON p.id = r.posting_id
WHERE (:id = 0 OR p.id = :id) AND (:program_id = 0 OR (p.program_id = :program_id AND p.year = :year))
ORDER BY r.posting_id, r.ordinal

-- name: FindPostings
SELECT p.id, p.program_id, g.name, g.institution_id, g.content_language, p.year, p.title, p.role, p.programme_code, p.positions, p.starts_on, p.ends_on,
       p.hourly_ore, p.deadline, (SELECT COUNT(*) FROM applications a WHERE a.posting_id = p.id)
FROM postings p JOIN programs g ON g.id = p.program_id
WHERE (:id = 0 OR p.id = :id) AND (:program_id = 0 OR (p.program_id = :program_id AND p.year = :year))
ORDER BY p.deadline DESC, p.id DESC

-- name: CreateApplication
INSERT INTO applications (posting_id, given_name, family_name, email, student_number, programme_code, cohort, motivation,
    experience, slots, cv, cv_name, state, submitted_at)
VALUES (:posting_id, :given_name, :family_name, :email, :student_number, :programme_code, :cohort, :motivation,
    :experience, :slots, :cv, :cv_name, 'submitted', :now)
ON CONFLICT (posting_id, student_number) DO NOTHING
RETURNING id

-- name: FindApplications
SELECT id, posting_id, given_name, family_name, email, student_number, programme_code, cohort, motivation, experience, slots,
       state, submitted_at, cv_name
FROM applications WHERE (:posting_id = 0 OR posting_id = :posting_id) AND (:id = 0 OR id = :id)
ORDER BY submitted_at, id

-- name: FindReviews
SELECT r.application_id, r.account_id, COALESCE(NULLIF(TRIM(p.given_name || ' ' || p.family_name), ''), c.email), r.score, r.comment, r.reviewed_at
FROM application_reviews r JOIN applications a ON a.id = r.application_id
JOIN accounts c ON c.id = r.account_id LEFT JOIN persons p ON p.id = c.person_id
WHERE (:posting_id = 0 OR a.posting_id = :posting_id) AND (:id = 0 OR a.id = :id)
ORDER BY r.reviewed_at, r.account_id

-- name: SaveReview
INSERT INTO application_reviews (application_id, account_id, score, comment, reviewed_at)
VALUES (:application_id, :account_id, :score, :comment, :now)
ON CONFLICT (application_id, account_id) DO UPDATE SET score = excluded.score, comment = excluded.comment, reviewed_at = excluded.reviewed_at

-- name: SetApplicationState
UPDATE applications SET state = :to_state, decided_at = :now WHERE id = :id AND state = :from_state

-- name: HiredApplication
UPDATE applications SET state = 'hired', decided_at = :now, participant_id = :participant_id WHERE id = :id AND state = 'accepted'

-- name: RecruitFindPerson
SELECT p.id FROM persons p JOIN programs g ON g.institution_id = p.institution_id
WHERE g.id = :program_id AND p.student_number = :student_number

-- name: RecruitFindMentor
-- The person's active mentor participation in the program year, if any
-- (a mentor imported before the paperwork).
SELECT id FROM participants
WHERE program_id = :program_id AND year = :year AND role = 'mentor' AND person_id = :person_id AND state = 'active'

-- name: RecruitCreatePerson
INSERT INTO persons (institution_id, given_name, family_name, email, student_number, created_at)
SELECT g.institution_id, :given_name, :family_name, :email, :student_number, :now FROM programs g WHERE g.id = :program_id
RETURNING id

-- name: CreateContract
INSERT INTO mentor_contracts (participant_id, posting_id, starts_on, ends_on, hourly_ore, created_at)
VALUES (:participant_id, :posting_id, :starts_on, :ends_on, :hourly_ore, :now)

-- name: FindContractEnds
-- When the contracts of a program year's active mentors end.
SELECT c.ends_on FROM mentor_contracts c JOIN participants x ON x.id = c.participant_id
WHERE x.program_id = :program_id AND x.year = :year AND x.role = 'mentor' AND x.state = 'active'

-- name: CountYearMentors
SELECT COUNT(*) FROM participants
WHERE program_id = :program_id AND year = :year AND role = 'mentor' AND state = 'active'

-- name: FindFormerMentors
-- Mentors of the program's earlier years who are not mentors of this one,
-- the latest year each mentored first.
SELECT x.person_id, MAX(x.year), MAX(COALESCE(x.given_name, p.given_name) || ' ' || COALESCE(x.family_name, p.family_name)),
       MAX(COALESCE(NULLIF(x.email, ''), COALESCE(p.email, '')))
FROM participants x JOIN persons p ON p.id = x.person_id
WHERE x.program_id = :program_id AND x.role = 'mentor' AND x.year < :year
  AND NOT EXISTS (SELECT 1 FROM participants y WHERE y.program_id = x.program_id AND y.year = :year AND y.person_id = x.person_id
                  AND y.role = 'mentor' AND y.state = 'active')
GROUP BY x.person_id
ORDER BY MAX(x.year) DESC, x.person_id
LIMIT 100

-- name: FindCV
SELECT cv, cv_name FROM applications WHERE id = :id AND cv IS NOT NULL

-- name: SaveOfferToken
INSERT INTO offer_tokens (application_id, token_hash, created_at) VALUES (:application_id, :token_hash, :now)
ON CONFLICT (application_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at, mailed_at = NULL

-- name: MarkOfferMailed
UPDATE offer_tokens SET mailed_at = :now WHERE application_id = :application_id

-- name: OfferMailed
SELECT COUNT(*) FROM offer_tokens WHERE application_id = :application_id AND mailed_at IS NOT NULL

-- name: FindOfferToken
SELECT application_id, token_hash FROM offer_tokens WHERE token_hash = :token_hash
