package store

// One repository per area keeps each area's methods on a type of its own,
// so names stay short and never collide across areas (a login web session
// and a mentoring session are both "sessions"). Each holds the database;
// the units of work and reads they run are the DB's.

// Auth keeps accounts, grants, web sessions, tokens, login throttling,
// OIDC state and the audit log.
type Auth struct{ db *DB }

// Org keeps institutions, units, study programmes and cohorts.
type Org struct{ db *DB }

// Programs keeps mentor programs, their criteria and their history.
type Programs struct{ db *DB }

// People keeps participants, groups and their memberships, allocations,
// import drafts and mappings, and sign-up settings.
type People struct{ db *DB }

// NewAuth returns the auth repository over db.
func NewAuth(db *DB) *Auth { return &Auth{db} }

// NewOrg returns the org repository over db.
func NewOrg(db *DB) *Org { return &Org{db} }

// NewPrograms returns the program repository over db.
func NewPrograms(db *DB) *Programs { return &Programs{db} }

// NewPeople returns the people and groups repository over db.
func NewPeople(db *DB) *People { return &People{db} }

// Repos is every area's repository over one database.
type Repos struct {
	Auth     *Auth
	Org      *Org
	Programs *Programs
	People   *People
	Sessions *Sessions
	Desks    *Desks
	Training *Training
	Payroll  *Payroll
	Recruit  *Recruit
}

// NewRepos returns every repository over db.
func NewRepos(db *DB) Repos {
	return Repos{Auth: NewAuth(db), Org: NewOrg(db), Programs: NewPrograms(db), People: NewPeople(db), Sessions: NewSessions(db), Desks: NewDesks(db), Training: NewTraining(db), Payroll: NewPayroll(db), Recruit: NewRecruit(db)}
}
