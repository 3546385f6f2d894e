package payroll

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
)

// CreditCost is the seeds' reference: one study credit costs the sector
// about NOK 3,100 (DOMAIN.md, "Money").
const CreditCost NOK = 3_100_00

// Plan is a program year's cost plan: mentors × hours × rate, catering at
// training and activities, materials (direct costs), and the coordinator's
// time (the indirect cost).
type Plan struct {
	Mentors           int
	MentorHours       Quarters // per mentor in the year
	Hourly            NOK
	Catering          NOK
	Materials         NOK
	CoordinatorHours  Quarters
	CoordinatorHourly NOK
	SetAt             time.Time
}

// Wages are the planned mentor wages.
func (p Plan) Wages() NOK {
	return NOK((int64(p.Mentors)*int64(p.MentorHours)*int64(p.Hourly) + 2) / 4)
}

// Direct is wages, catering and materials.
func (p Plan) Direct() NOK { return p.Wages() + p.Catering + p.Materials }

// Indirect is the coordinator's time.
func (p Plan) Indirect() NOK {
	return NOK((int64(p.CoordinatorHours)*int64(p.CoordinatorHourly) + 2) / 4)
}

// Total is direct and indirect costs.
func (p Plan) Total() NOK { return p.Direct() + p.Indirect() }

// Peer is another program of the same faculty with its rates, so that
// accidental differences show.
type Peer struct {
	ProgramID int64
	Name      string
	Year      int
	Hourly    NOK
	PerItem   map[string]NOK
}

// Costs is what a program year costs: the plan, the mentor wages paid
// (approved timesheets), the students, and the cost per student.
type Costs struct {
	Year          int
	Plan          Plan
	Planned       bool // a plan was made
	Paid          NOK  // approved timesheets of the year
	Students      int  // students enrolled in the year (offered the program)
	Participating int  // students present at one session or more
	Peers         []Peer
	Years         []YearBudget // this year and the earlier ones, latest first
}

// YearBudget is a program year's budget (its latest plan's total) against
// its actual cost (Costs.Actual).
type YearBudget struct {
	Year    int
	Planned bool
	Budget  NOK
	Actual  NOK
}

// Left is the budget not yet used; negative when overspent.
func (y YearBudget) Left() NOK { return y.Budget - y.Actual }

// Used is the share of the budget used in whole per cent, rounded half
// up; 0 without a budget.
func (y YearBudget) Used() int64 {
	if y.Budget <= 0 {
		return 0
	}
	return (200*int64(y.Actual) + int64(y.Budget)) / (2 * int64(y.Budget))
}

// yearBudget is a program year's budget against its actual cost.
func (s *Service) yearBudget(ctx context.Context, programID int64, year int) (YearBudget, error) {
	plan, planned, err := s.costs.FindPlan(ctx, programID, year)
	if err != nil {
		return YearBudget{}, err
	}
	paid, err := s.costs.FindPaid(ctx, programID, year)
	if err != nil {
		return YearBudget{}, err
	}
	y := YearBudget{Year: year, Planned: planned, Actual: Costs{Plan: plan, Paid: paid}.Actual()}
	if planned {
		y.Budget = plan.Total()
	}
	return y, nil
}

// Actual is the cost so far: wages paid plus the plan's catering,
// materials and indirect costs (which no timesheet records).
func (c Costs) Actual() NOK { return c.Paid + c.Plan.Catering + c.Plan.Materials + c.Plan.Indirect() }

// per divides an amount by n, rounded to the krone; 0 for none.
func per(a NOK, n int) NOK {
	if n <= 0 {
		return 0
	}
	// a / n in kroner, rounded half up: (2a + 100n) / 200n, in øre again.
	return NOK((2*int64(a) + 100*int64(n)) / (200 * int64(n)) * 100)
}

// PlannedPerStudent is the planned cost per student offered the program.
func (c Costs) PlannedPerStudent() NOK { return per(c.Plan.Total(), c.Students) }

// ActualPerStudent is the actual cost per student offered.
func (c Costs) ActualPerStudent() NOK { return per(c.Actual(), c.Students) }

// ActualPerParticipant is the actual cost per participating student.
func (c Costs) ActualPerParticipant() NOK { return per(c.Actual(), c.Participating) }

// Credits is an amount in study credits at the seeds' reference cost,
// rounded to one decimal.
func Credits(a NOK) float64 { return float64((int64(a)*10+int64(CreditCost)/2)/int64(CreditCost)) / 10 }

// CostStore is what the cost report needs of the database.
type CostStore interface {
	FindPlan(ctx context.Context, programID int64, year int) (p Plan, found bool, err error)
	SavePlan(ctx context.Context, programID int64, year int, p Plan, accountID int64) error
	// FindPaid sums the approved timesheets of a program year.
	FindPaid(ctx context.Context, programID int64, year int) (NOK, error)
	// CountStudents counts a program year's active students and those
	// present at one session or more.
	CountStudents(ctx context.Context, programID int64, year int) (students, participating int, err error)
	// FindPeers lists the other programs of the unit (institution-wide
	// ones with unit 0) that have rates, with those of their latest year.
	FindPeers(ctx context.Context, institutionID, unitID, programID int64) ([]Peer, error)
	// FindCurrentYear finds a program's latest year up to academic.
	FindCurrentYear(ctx context.Context, programID int64, academic int) (year int, found bool, err error)
	// FindYears lists a program's years up to upTo, latest first.
	FindYears(ctx context.Context, programID int64, upTo int) ([]int, error)
}

// Costs reports what the program's year costs (coordinators).
func (s *Service) Costs(ctx context.Context, programID int64) (Costs, error) {
	p, err := s.part(ctx, programID, 0, false)
	if err != nil {
		return Costs{}, err
	}
	if !manager(p) {
		s.audit(ctx, "pay.costs", p.Program.Code, "denied", "")
		return Costs{}, app.Forbidden()
	}
	c := Costs{Year: p.Year}
	if c.Plan, c.Planned, err = s.costs.FindPlan(ctx, programID, p.Year); err != nil {
		return Costs{}, err
	}
	if c.Paid, err = s.costs.FindPaid(ctx, programID, p.Year); err != nil {
		return Costs{}, err
	}
	if c.Students, c.Participating, err = s.costs.CountStudents(ctx, programID, p.Year); err != nil {
		return Costs{}, err
	}
	if c.Peers, err = s.costs.FindPeers(ctx, p.Program.InstitutionID, p.Program.UnitID, programID); err != nil {
		return Costs{}, err
	}
	years, err := s.costs.FindYears(ctx, programID, p.Year)
	if err != nil {
		return Costs{}, err
	}
	for _, y := range years {
		yb, err := s.yearBudget(ctx, programID, y)
		if err != nil {
			return Costs{}, err
		}
		c.Years = append(c.Years, yb)
	}
	return c, nil
}

// PlanInput is a cost plan as written: amounts in kroner, hours in hours.
type PlanInput struct {
	Mentors           int
	MentorHours       float64
	Hourly            float64
	Catering          float64
	Materials         float64
	CoordinatorHours  float64
	CoordinatorHourly float64
}

// MaxMentors bounds a plan's mentors.
const MaxMentors = 100_000

// SetPlan saves the cost plan of the program's current year
// (coordinators); the earlier plans stay.
func (s *Service) SetPlan(ctx context.Context, programID int64, in PlanInput) (Plan, error) {
	p, err := s.part(ctx, programID, 0, true)
	if err != nil {
		return Plan{}, err
	}
	if !manager(p) {
		s.audit(ctx, "pay.costs", p.Program.Code, "denied", "")
		return Plan{}, app.Forbidden()
	}
	var ds []app.Detail
	var pl Plan
	money := func(col string, f float64, max NOK) NOK {
		o := math.Round(f * 100)
		if math.IsNaN(f) || f < 0 || math.Abs(f*100-o) > 1e-6 || o > float64(max) {
			ds = append(ds, detail(col, "pay.bad_amount", "an amount in kroner with at most two decimals, from 0 to "+max.String(), "N", max.String()))
			return 0
		}
		return NOK(o)
	}
	hours := func(col string, f float64) Quarters {
		q := Quarters(math.Round(f * 4))
		if math.IsNaN(f) || f < 0 || f > 250_000 || math.Abs(float64(q)-f*4) > 1e-9 {
			ds = append(ds, detail(col, "pay.bad_plan_hours", "hours from 0 to 250000 in steps of 0.25"))
		}
		return q
	}
	if in.Mentors < 0 || in.Mentors > MaxMentors {
		ds = append(ds, detail("mentors", "pay.bad_mentors", fmt.Sprintf("from 0 to %d mentors", MaxMentors)))
	}
	pl.Mentors = in.Mentors
	pl.MentorHours = hours("mentor_hours", in.MentorHours)
	pl.Hourly = money("hourly", in.Hourly, MaxRate)
	pl.Catering = money("catering", in.Catering, 1_000_000_000_00)
	pl.Materials = money("materials", in.Materials, 1_000_000_000_00)
	pl.CoordinatorHours = hours("coordinator_hours", in.CoordinatorHours)
	pl.CoordinatorHourly = money("coordinator_hourly", in.CoordinatorHourly, MaxRate)
	if len(ds) > 0 {
		return Plan{}, invalid("pay.bad_plan", "the cost plan cannot be saved", ds)
	}
	err = s.changes.AuditedChange(ctx, func(ctx context.Context) error {
		return s.costs.SavePlan(ctx, programID, p.Year, pl, app.ActorFrom(ctx).AccountID)
	}, "pay.costs", p.Program.Code, "ok", fmt.Sprintf("year %d: %s planned", p.Year, pl.Total()))
	return pl, err
}

// Summary is what a program's current year has cost, for leadership:
// its budget (the plan's total; Planned tells whether there is one)
// against its actual cost.
type Summary struct {
	ProgramID     int64
	Year          int
	Planned       bool
	Budget        NOK
	Actual        NOK
	Students      int
	Participating int
}

// PerStudent is the cost per student offered.
func (s Summary) PerStudent() NOK { return per(s.Actual, s.Students) }

// PerParticipant is the cost per participating student.
func (s Summary) PerParticipant() NOK { return per(s.Actual, s.Participating) }

// Summaries is what each of programs (of institution inst; any, for
// national admins) has cost in its current year (the latest opened up to
// academic): for the institution's admins and leaders, whose overview
// lists the programs. Programs with nothing planned or paid are left out.
func (s *Service) Summaries(ctx context.Context, inst int64, programs []int64, academic int) ([]Summary, error) {
	a := app.ActorFrom(ctx)
	if a == nil {
		return nil, app.Unauthorized()
	}
	if !(a.National || a.System || (inst != 0 && (a.IsAdminOf(inst) || a.Has(app.RoleLeader, inst)))) {
		return nil, app.Forbidden()
	}
	var out []Summary
	for _, id := range programs {
		year, ok, err := s.costs.FindCurrentYear(ctx, id, academic)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		yb, err := s.yearBudget(ctx, id, year)
		if err != nil {
			return nil, err
		}
		if !yb.Planned && yb.Actual == 0 {
			continue
		}
		sm := Summary{ProgramID: id, Year: year, Planned: yb.Planned, Budget: yb.Budget, Actual: yb.Actual}
		if sm.Students, sm.Participating, err = s.costs.CountStudents(ctx, id, year); err != nil {
			return nil, err
		}
		out = append(out, sm)
	}
	return out, nil
}
