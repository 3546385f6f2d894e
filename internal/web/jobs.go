package web

import (
	"net/http"
	"strconv"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/jobs"
)

// The job queue's page: the newest jobs of each group (queued, running,
// failed, finished) with their progress, and a retry button. Jobs are
// the whole installation's (cleanups span every institution), so the
// page is for national admins.

// jobsPerGroup bounds each group's list: the page is for a glance, the
// rows are kept a week (failed) or a day (finished) by River anyway.
const jobsPerGroup = 50

type jobGroup struct {
	Name jobs.Group
	Jobs []jobs.Job
}

type jobsData struct {
	Groups []jobGroup
}

// requireNational lets national admins through.
func requireNational(r *http.Request) error {
	a := actorOf(r)
	if a == nil {
		return app.Unauthorized()
	}
	if !a.National {
		return app.Forbidden()
	}
	return nil
}

func (s *Server) handleAdminJobs(w http.ResponseWriter, r *http.Request) error {
	if err := requireNational(r); err != nil {
		return err
	}
	var d jobsData
	for _, g := range jobs.Groups {
		list, err := s.Jobs.List(r.Context(), g, jobsPerGroup)
		if err != nil {
			return err
		}
		d.Groups = append(d.Groups, jobGroup{Name: g, Jobs: list})
	}
	pg := s.page(r, printerOf(r).T("title.admin.jobs"), d)
	if id := r.URL.Query().Get("retried"); id != "" {
		pg.Notice = &noticeData{Kind: "success", Text: printerOf(r).T("jobs.retried", "ID", id)}
	}
	s.renderPage(w, r, http.StatusOK, "admin/jobs", pg)
	return nil
}

func (s *Server) handleAdminJobRetry(w http.ResponseWriter, r *http.Request) error {
	if err := requireNational(r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return app.Invalid("error.invalid", "give the job's id")
	}
	job, err := s.Jobs.Retry(r.Context(), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/jobs?retried="+strconv.FormatInt(job.ID, 10), http.StatusSeeOther)
	return nil
}
