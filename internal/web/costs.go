package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/payroll"
	"github.com/mentorhub/mentorhub/internal/program"
)

// The Costs tab (/programs/{id}/costs) and its API: a program year's cost
// plan, what it has cost so far, the cost per student offered and per
// participating student against the seeds' reference (a study credit
// costs the sector about NOK 3,100), and the rates of the faculty's other
// programs side by side.

type costsData struct {
	Program program.Program
	Tab     string
	YearBar *yearBar
	Costs   payroll.Costs
	Rates   payroll.Rates
	Form    map[string]string // the plan as the form shows it
	Done    string
	Problem string
	Errors  map[string]string
}

func (s *Server) costsData(r *http.Request) (*costsData, error) {
	p, err := s.programOf(r)
	if err != nil {
		return nil, err
	}
	d := &costsData{Program: p, Tab: "costs", Errors: map[string]string{}}
	if d.YearBar, err = s.yearBarOf(r, p.ID); err != nil {
		return nil, err
	}
	if d.Costs, err = s.Payroll.Costs(r.Context(), p.ID); err != nil {
		return nil, err
	}
	if d.Rates, _, err = s.Payroll.Rates(r.Context(), p.ID); err != nil {
		return nil, err
	}
	pl := d.Costs.Plan
	if !d.Costs.Planned {
		pl.Hourly = d.Rates.Hourly // the program's rate, to start from
	}
	d.Form = map[string]string{"mentors": strconv.Itoa(pl.Mentors), "mentor_hours": pl.MentorHours.String(), "hourly": pl.Hourly.String(),
		"catering": pl.Catering.String(), "materials": pl.Materials.String(), "coordinator_hours": pl.CoordinatorHours.String(),
		"coordinator_hourly": pl.CoordinatorHourly.String()}
	return d, nil
}

func (s *Server) handleCosts(w http.ResponseWriter, r *http.Request) error {
	d, err := s.costsData(r)
	if err != nil {
		return err
	}
	d.Done = r.URL.Query().Get("done")
	s.render(w, r, http.StatusOK, "programs/costs", d)
	return nil
}

// planFields are the plan form's fields.
var planFields = []string{"mentors", "mentor_hours", "hourly", "catering", "materials", "coordinator_hours", "coordinator_hourly"}

func (s *Server) handleCostsPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	num := func(name string) float64 {
		v := strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(r.PostFormValue(name)), " ", ""), ",", ".")
		v = strings.ReplaceAll(v, "\u00a0", "")
		if v == "" {
			return 0
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return -1 // refused by the service, next to its field
		}
		return f
	}
	mentors := num("mentors")
	in := payroll.PlanInput{Mentors: int(mentors), MentorHours: num("mentor_hours"), Hourly: num("hourly"), Catering: num("catering"),
		Materials: num("materials"), CoordinatorHours: num("coordinator_hours"), CoordinatorHourly: num("coordinator_hourly")}
	if mentors != float64(int(mentors)) {
		in.Mentors = -1
	}
	_, err = s.Payroll.SetPlan(r.Context(), p.ID, in)
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/programs/%d/costs?done=plan", p.ID), http.StatusSeeOther)
		return nil
	}
	e := app.AsError(err)
	if e.Code != app.CodeInvalid {
		return err
	}
	d, derr := s.costsData(r)
	if derr != nil {
		return derr
	}
	pr := printerOf(r)
	for _, f := range planFields {
		d.Form[f] = r.PostFormValue(f)
	}
	for _, det := range e.Details {
		d.Errors[det.Column] = detailText(pr, det)
	}
	d.Problem = errorText(r, err)
	s.render(w, r, http.StatusUnprocessableEntity, "programs/costs", d)
	return nil
}

type costsJSON struct {
	Year                 int         `json:"year"`
	Planned              bool        `json:"planned"`
	Plan                 planJSON    `json:"plan"`
	Paid                 payroll.NOK `json:"paid"`
	Actual               payroll.NOK `json:"actual"`
	Students             int         `json:"students"`
	Participating        int         `json:"participating"`
	PlannedPerStudent    payroll.NOK `json:"planned_per_student"`
	ActualPerStudent     payroll.NOK `json:"actual_per_student"`
	ActualPerParticipant payroll.NOK `json:"actual_per_participant"`
	CreditCost           payroll.NOK `json:"credit_cost"`
	Peers                []peerJSON  `json:"peers"`
	Years                []yearJSON  `json:"years"`
}

type yearJSON struct {
	Year    int         `json:"year"`
	Planned bool        `json:"planned"`
	Budget  payroll.NOK `json:"budget"`
	Actual  payroll.NOK `json:"actual"`
}

type planJSON struct {
	Mentors           int              `json:"mentors"`
	MentorHours       payroll.Quarters `json:"mentor_hours"`
	Hourly            payroll.NOK      `json:"hourly"`
	Catering          payroll.NOK      `json:"catering"`
	Materials         payroll.NOK      `json:"materials"`
	CoordinatorHours  payroll.Quarters `json:"coordinator_hours"`
	CoordinatorHourly payroll.NOK      `json:"coordinator_hourly"`
	Wages             payroll.NOK      `json:"wages"`
	Direct            payroll.NOK      `json:"direct"`
	Indirect          payroll.NOK      `json:"indirect"`
	Total             payroll.NOK      `json:"total"`
}

type peerJSON struct {
	ProgramID int64                  `json:"program_id"`
	Name      string                 `json:"name"`
	Year      int                    `json:"year"`
	Hourly    payroll.NOK            `json:"hourly"`
	PerItem   map[string]payroll.NOK `json:"per_item"`
}

func costsOut(c payroll.Costs) costsJSON {
	pl := c.Plan
	out := costsJSON{Year: c.Year, Planned: c.Planned, Paid: c.Paid, Actual: c.Actual(), Students: c.Students, Participating: c.Participating,
		PlannedPerStudent: c.PlannedPerStudent(), ActualPerStudent: c.ActualPerStudent(), ActualPerParticipant: c.ActualPerParticipant(),
		CreditCost: payroll.CreditCost, Peers: []peerJSON{}, Years: []yearJSON{},
		Plan: planJSON{Mentors: pl.Mentors, MentorHours: pl.MentorHours, Hourly: pl.Hourly, Catering: pl.Catering, Materials: pl.Materials,
			CoordinatorHours: pl.CoordinatorHours, CoordinatorHourly: pl.CoordinatorHourly, Wages: pl.Wages(), Direct: pl.Direct(),
			Indirect: pl.Indirect(), Total: pl.Total()}}
	for _, p := range c.Peers {
		out.Peers = append(out.Peers, peerJSON(p))
	}
	for _, y := range c.Years {
		out.Years = append(out.Years, yearJSON(y))
	}
	return out
}

func (s *Server) apiCosts(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	c, err := s.Payroll.Costs(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, costsOut(c))
	return nil
}

func (s *Server) apiCostsPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "program")
	if err != nil {
		return err
	}
	var in struct {
		Mentors           int     `json:"mentors"`
		MentorHours       float64 `json:"mentor_hours"`
		Hourly            float64 `json:"hourly"`
		Catering          float64 `json:"catering"`
		Materials         float64 `json:"materials"`
		CoordinatorHours  float64 `json:"coordinator_hours"`
		CoordinatorHourly float64 `json:"coordinator_hourly"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if _, err := s.Payroll.SetPlan(r.Context(), id, payroll.PlanInput(in)); err != nil {
		return err
	}
	return s.apiCosts(w, r)
}
