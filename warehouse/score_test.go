package warehouse

import (
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/scoring"
)

// noSplit is PostgreSQL without a way to split text, as an engine that
// lacks one.
type noSplit struct{ Postgres }

func (noSplit) SplitValues(expr, sep string) string { return "" }

// TestScoreSQLFeatures: a multi-value feature in a dialect that cannot
// split text is an error naming the feature and why; the model's names
// are string literals quoted whole (a quote doubled; a backslash makes an
// escape string); numbers are written to read back as the same double.
func TestScoreSQLFeatures(t *testing.T) {
	t.Parallel()
	mf := &scoring.ModelFile{
		Features: scoring.ModelFeatures{Encodings: []scoring.Encoding{{Column: "products", Kind: "categorical", Levels: []string{"API"}, Split: ";"}}},
		Terms:    []scoring.ModelTerm{{Name: scoring.InterceptName, Estimate: -1}, {Name: "products=API", Estimate: 0.1, Points: 3}},
		Grades:   scoring.ModelGrades{A: 75, B: 50, C: 25},
	}
	if _, err := ScoreSQL(noSplit{}, mf, ScoreOptions{}); err == nil || !strings.Contains(err.Error(), `feature "products": a multi-value column (values split on ";") needs the postgres dialect to split text`) {
		t.Errorf("no split: %v", err)
	}
	sql, err := ScoreSQL(Postgres{}, mf, ScoreOptions{})
	if err != nil || !strings.Contains(sql, `CREATE VIEW "lead_score" AS`) || !strings.Contains(sql, `FROM "leads" AS l`) || !strings.Contains(sql, "vs.v = 'API'") {
		t.Errorf("postgres: %v\n%s", err, sql)
	}
	for in, want := range map[string]string{`it's`: `'it''s'`, `a\b'c`: `E'a\\b''c'`, "nul\x00": `'nul'`} {
		if got := (Postgres{}).String(in); got != want {
			t.Errorf("String(%q) = %s, want %s", in, got, want)
		}
	}
	for v, want := range map[float64]string{0.1: "0.1", -2.5: "(-2.5)", 3.00179222828626e-05: "3.00179222828626e-05"} {
		if got := num(v); got != want {
			t.Errorf("num(%v) = %s, want %s", v, got, want)
		}
	}
}
