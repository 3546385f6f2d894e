package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/mentorhub/mentorhub/internal/people"
)

// yearBar is a program page's year: the one shown, the program's years
// to switch to, and the next one to open.
type yearBar struct {
	Years   []people.Year
	Year    int  // shown
	Current bool // the shown year is the program's current one (forms work on it)
	Next    int  // the year opening the next would open
}

// yearName is how pages name a program year: 2026 is "2026/27".
func yearName(y int) string { return people.YearLabel(y) }

func (s *Server) yearBarOf(r *http.Request, programID int64) (*yearBar, error) {
	ys, err := s.People.Years(r.Context(), programID)
	if err != nil {
		return nil, err
	}
	y, err := s.People.Year(r.Context(), programID)
	if err != nil {
		return nil, err
	}
	b := &yearBar{Years: ys, Year: y}
	for _, x := range ys {
		b.Current = b.Current || x.Current && x.Year == y
		b.Next = x.Year + 1
	}
	return b, nil
}

// handleYearOpen opens the program's next year from its groups page,
// carrying over the continuing mentors when the box is ticked.
func (s *Server) handleYearOpen(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programOf(r)
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.FormValue("year"))
	y, err := s.People.OpenYear(r.Context(), p.ID, year, r.FormValue("carry_mentors") == "true")
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/programs/%d/groups?year=%d&done=year_opened", p.ID, y.Year), http.StatusSeeOther)
	return nil
}
