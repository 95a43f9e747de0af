package report

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/scoring"
)

// TestHealthComparesTheMonthsChance works the model_health table by hand
// on a planted case. The model is an intercept of 0: p = 0.5 for every
// lead, the probability of converting at all.
//
// Leads converted before October, with their time to convert: H1 10
// days, H2 20, H3 40, H4 100; F(t) = share of them under t. Open on
// October 1 (d = 31 days): O1, created 10 days before (F(10) = 0,
// F(41) = 3/4), converts on October 5; O2, created 30 days before
// (F(30) = 2/4, F(61) = 3/4); O3, created 273 days before (F = 1 both).
//
//	q(O1) = 0.5 × 3/4 / 1 = 0.375
//	q(O2) = 0.5 × (3/4 - 2/4) / (1 - 0.5 × 2/4) = 1/6
//	q(O3) = 0
//
// converted 1 of 3 (observed 1/3); expected 0.375 + 1/6 = 0.541667,
// expected_rate 0.180556, mean_model_probability 0.5 (not a monthly
// rate: 0.5 against 1/3 would say the model overshoots); AUC 0.5 (every
// p ties); brier ((0.375 - 1)² + (1/6)² + 0) / 3 = 0.139468.
//
// September (d = 30 days, the same four conversions before it): only O3
// was created before September 1 (O2 on it): open 1, converted 0,
// expected 0, brier 0, AUC not defined.
func TestHealthComparesTheMonthsChance(t *testing.T) {
	t.Parallel()
	leads := `lead_id,created_at,won_at
H1,2026-06-01,2026-06-11
H2,2026-06-01,2026-06-21
H3,2026-06-01,2026-07-11
H4,2026-05-01,2026-08-09
O1,2026-09-21,2026-10-05
O2,2026-09-01,
O3,2026-01-01,
`
	mf := &scoring.ModelFile{
		Schema: scoring.ModelSchema, Version: scoring.ModelVersion,
		Target:   scoring.ModelTarget{Column: "won_at"},
		Features: scoring.ModelFeatures{Transform: "none", Missing: "drop"},
		Terms:    []scoring.ModelTerm{{Name: scoring.InterceptName, Status: "estimated"}},
		Scaling:  scoring.ModelScaling{PointsScale: 1},
	}
	m, _ := ParseMonth("2026-10", time.UTC)
	rep, err := Build(loadLeads(t, leads), Options{Month: m, Model: mf})
	if err != nil {
		t.Fatal(err)
	}
	h, ok := rep.Table("model_health")
	if !ok {
		t.Fatal("no model_health table")
	}
	want := map[string][2]float64{ // column: October, September
		"open_leads":             {3, 1},
		"converted_in_month":     {1, 0},
		"expected_in_month":      {0.375 + 1.0/6, 0},
		"observed_rate":          {1.0 / 3, 0},
		"expected_rate":          {(0.375 + 1.0/6) / 3, 0},
		"mean_model_probability": {0.5, 0.5},
		"auc":                    {0.5, math.NaN()},
		"brier":                  {(0.390625 + 1.0/36) / 3, 0},
	}
	for col, w := range want {
		got := h.Col(col).Float()
		for i := range w {
			if !(near(got[i], w[i], 1e-12) || math.IsNaN(got[i]) && math.IsNaN(w[i])) {
				t.Errorf("%s row %d = %v, want %v", col, i, got[i], w[i])
			}
		}
	}
	if v, _ := rep.MetaValue("model_health_compares"); !strings.Contains(v.(string), "observed_rate (share of the open leads converting in the month) against expected_rate") {
		t.Errorf("model_health_compares = %v", v)
	}

	// Without created_at the month's chance is not known: NA, and said.
	rep, err = Build(loadLeads(t, "lead_id,won_at\nH1,2026-06-11\nO1,2026-10-05\nO2,\n"), Options{Month: m, Model: mf})
	if err != nil {
		t.Fatal(err)
	}
	h, _ = rep.Table("model_health")
	if e := h.Col("expected_rate").Float(); !math.IsNaN(e[0]) || h.Col("open_leads").Float()[0] != 2 {
		t.Errorf("without created_at: expected_rate %v, open %v", e, h.Col("open_leads").Float())
	}
	if w := strings.Join(rep.Warnings, "\n"); !strings.Contains(w, "the leads have no created_at, so the month's expected chance of 2026-10 is not known") {
		t.Errorf("warnings %q", rep.Warnings)
	}
}

// loadLeads loads a leads table from text.
func loadLeads(t *testing.T, text string) *funnel.Dataset {
	t.Helper()
	p := filepath.Join(t.TempDir(), "leads.csv")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := ingest.LoadDataset(map[funnel.TableKind]string{funnel.Leads: p}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
