package store

// The queries of queries/program.sql, with the parameters each is given;
// Prepare checks them against the SQL (see register).
var (
	qCreateProgram             = register("CreateProgram", "institution_id", "unit_id", "code", "name", "unit_name", "level", "transition", "model", "mentor_kinds", "mandatory", "enrolment", "credits", "paid", "group_size", "mentors_per_group", "students_offered", "started", "ended", "end_reason", "status", "relevance", "funding", "url", "contact", "purpose", "expectations", "how_to_join", "public", "is_example", "example_worked", "example_not_worked", "example_links", "content_language", "now")
	qUpdateProgram             = register("UpdateProgram", "unit_id", "name", "unit_name", "level", "transition", "model", "mentor_kinds", "mandatory", "enrolment", "credits", "paid", "group_size", "mentors_per_group", "students_offered", "started", "ended", "end_reason", "status", "relevance", "funding", "url", "contact", "purpose", "expectations", "how_to_join", "public", "is_example", "example_worked", "example_not_worked", "example_links", "content_language", "now", "id", "version")
	qFindProgramByID           = register("FindProgramByID", "id")
	qFindProgramByCode         = register("FindProgramByCode", "institution_id", "code")
	qFindProgramByAnyCode      = register("FindProgramByAnyCode", "code")
	qFindProgramsOfInstitution = register("FindProgramsOfInstitution", "institution_id")
	qFindAllPrograms           = register("FindAllPrograms")
	qFindPublicPrograms        = register("FindPublicPrograms")
	qDeleteCriteria            = register("DeleteCriteria", "program_id")
	qCreateCriteria            = register("CreateCriteria", "program_id", "met1", "evidence1", "met2", "evidence2", "met3", "evidence3", "met4", "evidence4", "met5", "evidence5")
	qFindCriteria              = register("FindCriteria", "program_id")
	qDeleteServed              = register("DeleteServed", "program_id")
	qCreateServed              = register("CreateServed", "program_id", "programme_id", "cohort")
	qFindServed                = register("FindServed", "program_id")
	qCreateProgramHistory      = register("CreateProgramHistory", "program_id", "now", "account_id", "actor", "changes")
	qFindProgramHistory        = register("FindProgramHistory", "program_id")
	qFindInstitutionByName     = register("FindInstitutionByName", "name")
	qFindUnitByName            = register("FindUnitByName", "institution_id", "name")
	qFindYearFigures           = register("FindYearFigures", "institution_id", "program_id", "from", "to")
)
