package store

// The queries of queries/org.sql, with the parameters each is given;
// Prepare checks them against the SQL (see register).
var (
	qCreateInstitution      = register("CreateInstitution", "slug", "name", "feide_realm", "now")
	qFindInstitutionByID    = register("FindInstitutionByID", "id")
	qFindInstitutionBySlug  = register("FindInstitutionBySlug", "slug")
	qFindInstitutionByRealm = register("FindInstitutionByRealm", "realm")
	qFindInstitutions       = register("FindInstitutions")
	qCreateUnit             = register("CreateUnit", "institution_id", "parent_id", "kind", "code", "name")
	qFindUnits              = register("FindUnits", "institution_id")
	qFindUnitByCode         = register("FindUnitByCode", "institution_id", "code")
	qFindUnitByID           = register("FindUnitByID", "id")
	qCreateProgramme        = register("CreateProgramme", "institution_id", "unit_id", "code", "name")
	qFindProgrammes         = register("FindProgrammes", "institution_id")
	qFindProgrammeCodes     = register("FindProgrammeCodes", "institution_id")
	qFindProgrammeByCode    = register("FindProgrammeByCode", "institution_id", "code")
	qUpsertCohort           = register("UpsertCohort", "programme_id", "term", "students")
	qFindCohorts            = register("FindCohorts", "institution_id")
	qUpdateProgramme        = register("UpdateProgramme", "name", "unit_id", "id")
)
