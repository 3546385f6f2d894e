package demo

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/catalogue"
	"github.com/mentorhub/mentorhub/internal/program"
)

// uib_programs.json holds the demo university's programs, one per model,
// modelled on the seeds' examples; national.csv a national mapping of other
// institutions' programs in the catalogue.csv format.
var (
	//go:embed uib_programs.json
	uibPrograms []byte
	//go:embed national.csv
	nationalCSV []byte
)

// demoProgram is one record of uib_programs.json: the catalogue columns plus
// what a coordinator writes for students and shares with others.
type demoProgram struct {
	UnitCode     string            `json:"unit_code"`
	Purpose      string            `json:"purpose"`
	Expectations string            `json:"expectations"`
	HowToJoin    string            `json:"how_to_join"`
	Contact      string            `json:"contact"`
	Programmes   []string          `json:"programmes"`
	Cohorts      []string          `json:"cohorts"`
	Criteria     map[string]string `json:"criteria"`
	Example      *program.Example  `json:"example"`
	Language     string            `json:"content_language"` // of the texts: nb, nn or en
}

// cell renders a JSON value as a catalogue.csv cell.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, cell(e))
		}
		return strings.Join(parts, "|")
	}
	return fmt.Sprint(v)
}

// seedPrograms creates the demo university's programs through the same
// parser and service a coordinator's import uses, so the demo data is held
// to every rule.
func seedPrograms(ctx context.Context, p *program.Service, inst int64, units map[string]int64, res *Result) error {
	var raw []map[string]any
	if err := json.Unmarshal(uibPrograms, &raw); err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(catalogue.Columns)
	for _, r := range raw {
		line := make([]string, len(catalogue.Columns))
		for i, c := range catalogue.Columns {
			line[i] = cell(r[c])
		}
		w.Write(line)
	}
	w.Flush()
	rows, _, err := catalogue.Parse(&buf)
	if err != nil {
		return err
	}
	for i, row := range rows {
		var extra demoProgram
		b, _ := json.Marshal(raw[i])
		if err := json.Unmarshal(b, &extra); err != nil {
			return err
		}
		pr := program.Program{InstitutionID: inst, UnitID: units[extra.UnitCode], Public: true,
			Purpose: extra.Purpose, Expectations: extra.Expectations, HowToJoin: extra.HowToJoin, Contact: extra.Contact,
			Language: extra.Language}
		pr.ApplyRow(row)
		for k, v := range extra.Criteria {
			if n, err := strconv.Atoi(k); err == nil && n >= 1 && n <= program.Criteria {
				pr.Criteria[n-1].Evidence = v
			}
		}
		for _, code := range extra.Programmes {
			if len(extra.Cohorts) == 0 {
				pr.Served = append(pr.Served, program.Served{ProgrammeCode: code})
			}
			for _, c := range extra.Cohorts {
				pr.Served = append(pr.Served, program.Served{ProgrammeCode: code, Cohort: c})
			}
		}
		if extra.Example != nil {
			pr.IsExample, pr.Example = true, *extra.Example
		}
		created, err := p.Create(ctx, pr)
		if err != nil {
			return fmt.Errorf("%s: %w", row.ProgramID, err)
		}
		res.Programs[created.Code] = created
	}
	return nil
}
