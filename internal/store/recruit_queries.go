package store

var (
	qCreatePosting       = register("CreatePosting", "program_id", "year", "title", "role", "programme_code", "positions", "starts_on", "ends_on", "hourly_ore", "deadline", "account_id", "now")
	qFindPostings        = register("FindPostings", "id", "program_id", "year")
	qCreateApplication   = register("CreateApplication", "posting_id", "given_name", "family_name", "email", "student_number", "programme_code", "cohort", "motivation", "experience", "slots", "cv", "cv_name", "now")
	qFindApplications    = register("FindApplications", "posting_id", "id")
	qFindReviews         = register("FindReviews", "posting_id", "id")
	qSaveReview          = register("SaveReview", "application_id", "account_id", "score", "comment", "now")
	qSetApplicationState = register("SetApplicationState", "to_state", "now", "id", "from_state")
	qHiredApplication    = register("HiredApplication", "now", "participant_id", "id")
	qRecruitFindPerson   = register("RecruitFindPerson", "program_id", "student_number")
	qRecruitCreatePerson = register("RecruitCreatePerson", "given_name", "family_name", "email", "student_number", "now", "program_id")
	qFindContractEnds    = register("FindContractEnds", "program_id", "year")
	qCountYearMentors    = register("CountYearMentors", "program_id", "year")
	qFindFormerMentors   = register("FindFormerMentors", "program_id", "year")
	qFindCV              = register("FindCV", "id")
	qCreateContract      = register("CreateContract", "participant_id", "posting_id", "starts_on", "ends_on", "hourly_ore", "now")
)
