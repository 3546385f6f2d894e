package program

import (
	"context"
	"slices"
	"sort"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/org"
)

// ProgrammeCoverage is one study programme's students and how many of them
// are offered at least one mentor program.
type ProgrammeCoverage struct {
	Code     string   `json:"programme_code"`
	Name     string   `json:"programme_name"`
	Students int      `json:"students"`
	Offered  int      `json:"offered"`
	Programs []string `json:"programs"` // program_ids offering it
}

// FacultyCoverage sums a faculty's programmes.
type FacultyCoverage struct {
	Code       string              `json:"unit_code"`
	Name       string              `json:"unit_name"`
	Students   int                 `json:"students"`
	Offered    int                 `json:"offered"`
	Programmes []ProgrammeCoverage `json:"programmes"`
}

// Coverage is how many students of an institution are offered a program.
// Only published programs offer themselves: a student cannot find one that
// is not in the catalogue, so an unpublished program (a draft, a pilot not
// yet announced) counts nowhere and is only numbered in Unpublished.
type Coverage struct {
	Students    int               `json:"students"`
	Offered     int               `json:"offered"`
	Faculties   []FacultyCoverage `json:"faculties"`
	Unpublished int               `json:"-"` // the reader's visible unpublished programs, not counted
}

// Share is offered/students (0 when there are no students).
func share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// Share is the covered share of the institution.
func (c Coverage) Share() float64 { return share(c.Offered, c.Students) }

// Share is the covered share of the faculty.
func (f FacultyCoverage) Share() float64 { return share(f.Offered, f.Students) }

// Share is the covered share of the programme.
func (p ProgrammeCoverage) Share() float64 { return share(p.Offered, p.Students) }

// offers reports whether program p offers itself to (programme, cohort): a
// running program (pilot or active) through the programmes it names, or,
// naming none, every programme under its unit (or the whole institution
// for an institution-level program without a unit). Disability support is
// granted to one student after an individual assessment, not offered to a
// cohort, so it does not count.
func offers(p Program, pr org.Programme, term string, below map[int64]map[int64]bool) bool {
	if p.Status == "closed" || p.Model == "disability_support" {
		return false
	}
	if len(p.Served) > 0 {
		for _, s := range p.Served {
			if s.ProgrammeID == pr.ID && (s.Cohort == "" || s.Cohort == term) {
				return true
			}
		}
		return false
	}
	if p.UnitID != 0 {
		return below[p.UnitID][pr.UnitID]
	}
	return p.Level == "institution"
}

// canOverview reports whether the actor may see the institution's overview:
// its admins, leaders and researchers (pseudonymised: the overview holds
// counts only), and national admins.
func canOverview(a *app.Actor, inst int64) bool {
	return a.IsAdminOf(inst) || a.Has(app.RoleLeader, inst) || a.Has(app.RoleResearcher, inst)
}

// wholeInstitution reports whether the actor's overview covers all of
// institution inst: its admins, national admins and leaders or researchers
// without a unit. Others (a leader of one faculty) see their units' subtrees.
func wholeInstitution(a *app.Actor, inst int64) bool {
	if a.IsAdminOf(inst) {
		return true
	}
	for _, g := range a.Grants {
		if g.InstitutionID == inst && g.UnitID == 0 && (g.Role == app.RoleLeader || g.Role == app.RoleResearcher) {
			return true
		}
	}
	return false
}

// scopedUnits is the set of units under the actor's unit-scoped leader and
// researcher grants in institution inst.
func scopedUnits(a *app.Actor, inst int64, units []org.Unit) map[int64]bool {
	out := map[int64]bool{}
	for _, g := range a.Grants {
		if g.InstitutionID == inst && g.UnitID != 0 && (g.Role == app.RoleLeader || g.Role == app.RoleResearcher) {
			for id := range org.Descendants(units, g.UnitID) {
				out[id] = true
			}
		}
	}
	return out
}

// Coverage computes, per faculty and study programme of the institution,
// how many students (from the cohort populations) are offered at least one
// program. A leader (or researcher) of one unit sees the study programmes
// under their unit, covered by the programs they may see or that are
// published in the catalogue; an unpublished program of another unit
// neither counts nor is named.
func (s *Service) Coverage(ctx context.Context, inst int64) (Coverage, error) {
	a := app.ActorFrom(ctx)
	if !canOverview(a, inst) {
		s.audit(ctx, "overview.read", "", "denied", "")
		return Coverage{}, app.Forbidden()
	}
	units, err := s.org.FindUnits(ctx, inst)
	if err != nil {
		return Coverage{}, err
	}
	progs, err := s.org.FindProgrammes(ctx, inst)
	if err != nil {
		return Coverage{}, err
	}
	cohorts, err := s.org.FindCohorts(ctx, inst)
	if err != nil {
		return Coverage{}, err
	}
	programs, err := s.store.FindPrograms(ctx, inst)
	if err != nil {
		return Coverage{}, err
	}
	if !wholeInstitution(a, inst) {
		under := scopedUnits(a, inst, units)
		progs = slices.DeleteFunc(progs, func(pr org.Programme) bool { return !under[pr.UnitID] })
		cache := &unitCache{loaded: true, units: units}
		var visible []Program
		for _, p := range programs {
			ok, err := s.canSee(ctx, a, p, cache)
			if err != nil {
				return Coverage{}, err
			}
			if ok || p.Public {
				visible = append(visible, p)
			}
		}
		programs = visible
	}
	published, unpublished := splitPublished(programs)
	cov := computeCoverage(units, progs, cohorts, published)
	cov.Unpublished = len(unpublished)
	return cov, nil
}

// splitPublished parts programs into those in the catalogue, which every
// leadership figure counts, and those not (yet) published, which none does:
// the figures then agree with what students and the public can see, and
// do not change when a coordinator starts a draft.
func splitPublished(programs []Program) (published, unpublished []Program) {
	for _, p := range programs {
		if p.Public {
			published = append(published, p)
		} else {
			unpublished = append(unpublished, p)
		}
	}
	return published, unpublished
}

func computeCoverage(units []org.Unit, progs []org.Programme, cohorts []org.Cohort, programs []Program) Coverage {
	byID := map[int64]org.Unit{}
	for _, u := range units {
		byID[u.ID] = u
	}
	below := map[int64]map[int64]bool{}
	for _, u := range units {
		below[u.ID] = org.Descendants(units, u.ID)
	}
	// faculty is the top of a unit's branch.
	faculty := func(id int64) org.Unit { u, _ := org.Top(byID, id); return u }
	cohortsOf := map[int64][]org.Cohort{}
	for _, c := range cohorts {
		cohortsOf[c.ProgrammeID] = append(cohortsOf[c.ProgrammeID], c)
	}
	facs := map[string]*FacultyCoverage{}
	var cov Coverage
	for _, pr := range progs {
		pc := ProgrammeCoverage{Code: pr.Code, Name: pr.Name, Programs: []string{}}
		seen := map[string]bool{}
		for _, c := range cohortsOf[pr.ID] {
			pc.Students += c.Students
			covered := false
			for _, p := range programs {
				if offers(p, pr, c.Term, below) {
					covered = true
					if !seen[p.Code] {
						seen[p.Code] = true
						pc.Programs = append(pc.Programs, p.Code)
					}
				}
			}
			if covered {
				pc.Offered += c.Students
			}
		}
		sort.Strings(pc.Programs)
		f := faculty(pr.UnitID)
		fc := facs[f.Code]
		if fc == nil {
			fc = &FacultyCoverage{Code: f.Code, Name: f.Name}
			facs[f.Code] = fc
		}
		fc.Programmes = append(fc.Programmes, pc)
		fc.Students += pc.Students
		fc.Offered += pc.Offered
		cov.Students += pc.Students
		cov.Offered += pc.Offered
	}
	cov.Faculties = []FacultyCoverage{}
	for _, f := range facs {
		cov.Faculties = append(cov.Faculties, *f)
	}
	sort.Slice(cov.Faculties, func(i, j int) bool {
		a, b := cov.Faculties[i], cov.Faculties[j]
		if (a.Code == "") != (b.Code == "") {
			return b.Code == "" // programmes without a faculty last
		}
		return a.Name < b.Name
	})
	return cov
}

// YearCount is one year of the timeline.
type YearCount struct {
	Year   int `json:"year"`
	Active int `json:"active"`
	Opened int `json:"opened"`
	Closed int `json:"closed"`
}

// Overview is what leadership sees of a set of programs.
type Overview struct {
	Programs     []Program      `json:"-"`
	ByModel      map[string]int `json:"by_model"`
	ByTransition map[string]int `json:"by_transition"`
	Timeline     []YearCount    `json:"timeline"`
	Failing      []Program      `json:"-"`
	// Unpublished are the programs the reader may see that are not in the
	// catalogue: listed apart, counted in none of the figures above.
	Unpublished []Program `json:"-"`
	// Years are the figures of the academic year and the one before for
	// each program the reader may see (published or not) that has opened
	// one of them: counts only, suppressed below MinCell.
	Years []ProgramYears `json:"years"`
}

// Overview summarises the published programs of an institution (inst 0:
// every institution, for national admins) that the actor may see (a leader
// of one unit: those under it), and lists the unpublished ones apart: counts by model and transition, a timeline of
// running programs with openings and closures, and the programs that fail
// the minimum standard. thisYear ends the timeline; academic (see
// AcademicYear) and the year before are the years of the per-program figures.
func (s *Service) Overview(ctx context.Context, inst int64, thisYear, academic int) (Overview, error) {
	a := app.ActorFrom(ctx)
	if (inst == 0 && (a == nil || !a.National)) || (inst != 0 && !canOverview(a, inst)) {
		s.audit(ctx, "overview.read", "", "denied", "")
		return Overview{}, app.Forbidden()
	}
	programs, err := s.store.FindPrograms(ctx, inst)
	if err != nil {
		return Overview{}, err
	}
	if inst != 0 && !wholeInstitution(a, inst) {
		var units unitCache
		var visible []Program
		for _, p := range programs {
			ok, err := s.canSee(ctx, a, p, &units)
			if err != nil {
				return Overview{}, err
			}
			if ok {
				visible = append(visible, p)
			}
		}
		programs = visible
	}
	published, unpublished := splitPublished(programs)
	o := summarise(published, thisYear)
	o.Unpublished = unpublished
	if o.Years, err = s.programYears(ctx, inst, append(slices.Clip(published), unpublished...), academic-1, academic); err != nil {
		return Overview{}, err
	}
	return o, nil
}

func summarise(programs []Program, thisYear int) Overview {
	o := Overview{Programs: programs, ByModel: map[string]int{}, ByTransition: map[string]int{}, Failing: []Program{}}
	first := thisYear
	for _, p := range programs {
		o.ByModel[p.Model]++
		o.ByTransition[p.Transition]++
		if p.Status != "closed" && !p.MeetsStandard() {
			o.Failing = append(o.Failing, p)
		}
		if p.Started < first && p.Started >= 1950 {
			first = p.Started
		}
	}
	for y := first; y <= thisYear; y++ {
		yc := YearCount{Year: y}
		for _, p := range programs {
			if p.ActiveIn(y) {
				yc.Active++
			}
			if p.Started == y {
				yc.Opened++
			}
			if p.Ended != nil && *p.Ended == y {
				yc.Closed++
			}
		}
		o.Timeline = append(o.Timeline, yc)
	}
	return o
}
