package web

import (
	"bytes"
	"io"
	"net/http"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/org"
)

// maxUpload bounds an uploaded file (the parsers bound rows and, for XLSX,
// the unpacked size).
const maxUpload = 20 << 20

type importData struct {
	Kind     string // "catalogue" or "populations"
	Errors   []app.Detail
	Warnings []string
	Result   any
}

func (s *Server) handleImportForm(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a == nil {
		return app.Unauthorized()
	}
	if !a.IsAdminOf(a.InstitutionID) {
		return app.Forbidden()
	}
	s.render(w, r, http.StatusOK, "admin/import", importData{})
	return nil
}

// uploaded reads the "file" field of a multipart form; the middleware has
// bounded the body to maxUploadBody already.
func uploaded(r *http.Request) ([]byte, error) {
	f, _, err := r.FormFile("file")
	if err != nil {
		if lim := stateOf(r).tooLarge; lim > 0 {
			return nil, errTooLarge(lim)
		}
		return nil, app.Invalid("import.no_file", "choose a file to upload")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUpload+1))
	if err != nil || len(data) > maxUpload {
		return nil, app.Invalid("import.too_large", "the file is larger than 20 MiB")
	}
	return data, nil
}

// importResult renders the import page with what happened: the counts, or
// every bad line.
func (s *Server) importResult(w http.ResponseWriter, r *http.Request, d importData, err error) error {
	if err != nil {
		e := app.AsError(err)
		if e.Code != app.CodeInvalid {
			return err
		}
		d.Errors = pageDetails(r, e)
		s.render(w, r, http.StatusUnprocessableEntity, "admin/import", d)
		return nil
	}
	s.render(w, r, http.StatusOK, "admin/import", d)
	return nil
}

func (s *Server) handleImportCatalogue(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) == nil {
		return app.Unauthorized()
	}
	d := importData{Kind: "catalogue"}
	data, err := uploaded(r)
	if err != nil {
		return s.importResult(w, r, d, err)
	}
	end, err := s.enterImport(r)
	if err != nil {
		return err
	}
	defer end()
	rows, warnings, err := catalogue.Parse(bytes.NewReader(data))
	d.Warnings = warningTexts(printerOf(r), warnings)
	if err != nil {
		return s.importResult(w, r, d, err)
	}
	res, err := s.Programs.Import(r.Context(), rows)
	d.Result = res
	return s.importResult(w, r, d, err)
}

func (s *Server) handleImportPopulations(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a == nil {
		return app.Unauthorized()
	}
	d := importData{Kind: "populations"}
	data, err := uploaded(r)
	if err != nil {
		return s.importResult(w, r, d, err)
	}
	end, err := s.enterImport(r)
	if err != nil {
		return err
	}
	defer end()
	pops, warnings, err := catalogue.ParsePopulations(bytes.NewReader(data))
	d.Warnings = warningTexts(printerOf(r), warnings)
	if err != nil {
		return s.importResult(w, r, d, err)
	}
	rows := make([]org.PopulationRow, 0, len(pops))
	for _, p := range pops {
		rows = append(rows, org.PopulationRow{Line: p.Line, ProgrammeCode: p.ProgrammeCode, ProgrammeName: p.ProgrammeName, Unit: p.Unit, Cohort: p.Cohort, Students: p.Students})
	}
	res, err := s.Org.ImportPopulations(r.Context(), a.InstitutionID, rows)
	d.Result = res
	return s.importResult(w, r, d, err)
}
