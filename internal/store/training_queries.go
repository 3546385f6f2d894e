package store

var (
	qFindTrainingModules    = register("FindTrainingModules", "institution_id")
	qFindInstitutionPeople  = register("FindInstitutionPeople", "institution_id")
	qFindProgramPeople      = register("FindProgramPeople", "program_id", "institution_id")
	qSaveCompletion         = register("SaveCompletion", "person_id", "module_id", "completed_on", "source", "account_id", "now")
	qFindCompletions        = register("FindCompletions", "person_id")
	qFindMentorships        = register("FindMentorships", "person_id")
	qFindRequirementCustom  = register("FindRequirementCustom", "program_id", "year")
	qFindRequirementModules = register("FindRequirementModules", "program_id", "year")
	qClearRequirement       = register("ClearRequirement", "program_id", "year")
	qAddRequirement         = register("AddRequirement", "program_id", "year", "module_id")
	qFindTrainedMentors     = register("FindTrainedMentors", "program_id", "year")
	qSetRequirementCustom   = register("SetRequirementCustom", "custom", "program_id", "year")
)
