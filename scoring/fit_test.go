package scoring

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

func TestFitRecoversPlantedWeights(t *testing.T) {
	t.Parallel()
	// 20,000 leads drawn from the planted model (plantedTruth, the weights of
	// ../shared/bench/gen_b2b.py); the fit must recover every weight within
	// 3 standard errors and never count the onboarding touches.
	ds, after := plantedDataset(20000, 11)
	asOf := day(1000, 0) // after every touch
	m, err := Fit(ds, Config{Features: FeatureConfig{Target: "won_at", AsOf: asOf, Features: []string{"industry"}}, CVFolds: 3, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if m.Features.TouchesAfterCutoff != after {
		t.Errorf("touches after cutoff %d, planted %d", m.Features.TouchesAfterCutoff, after)
	}
	// Industries are drawn uniformly; the reference is the most frequent,
	// and the other levels' planted effects are against it.
	pt := plantedTruth
	ref := m.Features.Encodings[0].Reference
	refBeta := pt.indBeta[slices.Index(pt.inds, ref)]
	want := map[string]float64{InterceptName: pt.intercept + refBeta}
	for k, typ := range pt.types {
		want[typ] = pt.beta[k]
	}
	for k, ind := range pt.inds {
		if ind != ref {
			want["industry="+ind] = pt.indBeta[k] - refBeta
		}
	}
	reg := m.Regression
	if len(reg.Terms) != len(want) {
		t.Fatalf("%d terms, want %d", len(reg.Terms), len(want))
	}
	for _, term := range reg.Terms {
		w, ok := want[term.Name]
		if !ok {
			t.Errorf("unexpected term %q", term.Name)
			continue
		}
		if z := (term.Estimate - w) / term.StdError; math.Abs(z) > 3 {
			t.Errorf("%s = %.4f (se %.4f), planted %.2f: %.1f standard errors off", term.Name, term.Estimate, term.StdError, w, z)
		}
	}
	if len(reg.Warnings) != 0 {
		t.Errorf("fit warnings %q", reg.Warnings)
	}
	if m.CV == nil || len(m.CV.Folds) != 3 || math.Abs(m.CV.MeanAUC-m.AUC) > 0.02 {
		t.Errorf("cv %+v, training AUC %v", m.CV, m.AUC)
	}

	// The report carries the meta keys and tables.
	r := m.Report()
	for _, k := range []string{"target", "rows_used", "rows_dropped", "positives", "reference_levels", "penalty", "iterations", "converged",
		"log_likelihood", "null_log_likelihood", "aic", "bic", "mcfadden_r2", "auc", "log_loss", "brier", "points_scaling", "mql_threshold"} {
		if _, ok := r.MetaValue(k); !ok {
			t.Errorf("meta %q missing", k)
		}
	}
	if v, _ := r.MetaValue("reference_levels"); v != "industry="+ref {
		t.Errorf("reference_levels %v", v)
	}
	coef, ok := r.Table("coefficients")
	if !ok || strings.Join(coef.Names(), ",") != "term,estimate,std_error,z,p_value,odds_ratio,ci_low,ci_high,points,vif,note" || coef.Nrow() != 12 {
		t.Errorf("coefficients table %v", coef.Names())
	}
	for _, name := range []string{"signals", "calibration", "lift", "thresholds", "cv"} {
		if _, ok := r.Table(name); !ok {
			t.Errorf("table %q missing", name)
		}
	}
}

func TestModelFileAndScore(t *testing.T) {
	t.Parallel()
	ds, _ := plantedDataset(3000, 3)
	asOf := day(1000, 0)
	m, err := Fit(ds, Config{Features: FeatureConfig{Target: "won_at", AsOf: asOf, Features: []string{"industry"}}})
	if err != nil {
		t.Fatal(err)
	}
	data, err := m.File().Encode()
	if err != nil {
		t.Fatal(err)
	}
	mf, err := DecodeModel(data, "model.json")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := mf.Encode()
	if !bytes.Equal(data, again) {
		t.Error("model file does not survive a round trip")
	}
	sc, err := Score(ds, mf, ScoreOptions{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Leads) != 3000 {
		t.Fatalf("%d scored", len(sc.Leads))
	}
	// A lead that did not convert has the same cutoff (the as-of date) in
	// training and scoring, so the same probability and score.
	byRow := map[int]ScoredLead{}
	for _, l := range sc.Leads {
		byRow[l.Row] = l
	}
	checked := 0
	for k, row := range m.Features.LeadRows {
		if m.Features.Y[k] == 1 {
			continue
		}
		l := byRow[int(row)]
		if !near(l.Probability, m.Regression.Fitted[k], 1e-12) || !near(l.Score, m.Scores[k], 1e-9) || l.Grade != m.Grade(m.Scores[k]) || l.MQL != (m.Scores[k] >= m.Threshold.Cutoff) {
			t.Fatalf("row %d: scored %+v, trained p %v score %v", row, l, m.Regression.Fitted[k], m.Scores[k])
		}
		checked++
	}
	if checked < 2000 {
		t.Errorf("only %d negatives checked", checked)
	}
	for i := 1; i < len(sc.Leads); i++ {
		if sc.Leads[i].Score > sc.Leads[i-1].Score {
			t.Fatal("scores not sorted")
		}
	}
	rep := sc.Report(mf)
	if tab, ok := rep.Table("scores"); !ok || strings.Join(tab.Names(), ",") != "lead_id,probability,score,grade,mql,reasons" {
		t.Errorf("scores table %v", tab.Names())
	}
}

func TestScoreReasons(t *testing.T) {
	t.Parallel()
	// By hand: points 31 per trial, 12 per pricing view, 2 per visit, -9 for
	// industry=Retail, 0.4 per webinar. A lead with 1 trial, 2 pricing views,
	// 3 visits, 1 webinar in Retail: +31, +24, +6, webinar +0.4 rounds to 0
	// (left out), -9.
	terms := []ModelTerm{{Name: InterceptName}, {Name: "trial", Points: 31}, {Name: "pricing", Points: 12}, {Name: "visit", Points: 2}, {Name: "webinar", Points: 0.4}, {Name: "industry=Retail", Points: -9}}
	got := reasons(terms, []float64{1, 1, 2, 3, 1, 1}, 1)
	want := "trial +31, pricing +24, visit +6, industry=Retail -9"
	if strings.Join(got, ", ") != want {
		t.Errorf("reasons %q, want %q", got, want)
	}
	// In steps of 0.5, written with one decimal: webinar +0.4 rounds to
	// +0.5, the fourth positive, left out.
	got = reasons(terms, []float64{1, 1, 2, 3, 1, 1}, 0.5)
	want = "trial +31.0, pricing +24.0, visit +6.0, industry=Retail -9.0"
	if strings.Join(got, ", ") != want {
		t.Errorf("reasons in steps of 0.5 %q, want %q", got, want)
	}
}

func TestDecodeModelErrors(t *testing.T) {
	t.Parallel()
	ds, _ := plantedDataset(500, 4)
	m, err := Fit(ds, Config{Features: FeatureConfig{Target: "won_at", AsOf: day(1000, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	good, _ := m.File().Encode()
	for _, c := range []struct {
		name, data, want string
	}{
		{"not json", "{\n  \"schema\": ,\n}", "m.json: not a funnel model file: line 2, column 13"},
		{"other schema", `{"schema":"x","version":1}`, `not a funnel lead-score model (schema "x"`},
		{"other version", strings.Replace(string(good), `"version": 1`, `"version": 2`, 1), "version 2, this funnel reads version 1"},
		{"renamed term", strings.Replace(string(good), `"name": "webinar"`, `"name": "webinars"`, 1), `is "webinars" but its features define "webinar"`},
		{"unknown field", strings.Replace(string(good), `"schema"`, `"extra": 1, "schema"`, 1), `unknown field "extra"`},
	} {
		_, err := DecodeModel([]byte(c.data), "m.json")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	_, err = DecodeModel([]byte(strings.Replace(string(good), `"version": 1`, `"version": 2`, 1)), "m.json")
	if !errors.Is(err, ErrModelVersion) {
		t.Errorf("version error %v does not wrap ErrModelVersion", err)
	}
	// A model column missing from the leads is a clear error.
	m2, err := Fit(ds, Config{Features: FeatureConfig{Target: "won_at", AsOf: day(1000, 0), Features: []string{"industry"}}})
	if err != nil {
		t.Fatal(err)
	}
	ds2 := funnel.NewDataset()
	newTable(ds2, funnel.Leads, 1).text("lead_id", funnel.RoleLeadID, []string{"X"})
	if _, err := Score(ds2, m2.File(), ScoreOptions{AsOf: day(1000, 0)}); err == nil || !strings.Contains(err.Error(), `leads.csv has no column "industry", which the model uses`) {
		t.Errorf("missing column: %v", err)
	}
}

func FuzzDecodeModel(f *testing.F) {
	ds, _ := plantedDataset(300, 9)
	m, err := Fit(ds, Config{Features: FeatureConfig{Target: "won_at", AsOf: day(1000, 0), Features: []string{"industry"}, MinLevelCount: 70}})
	if err != nil {
		f.Fatal(err)
	}
	good, _ := m.File().Encode()
	f.Add(good)
	f.Add([]byte(`{"schema":"funnel.lead_score","version":1}`))
	f.Add([]byte(`[]`))
	small := smallDataset()
	f.Fuzz(func(t *testing.T, data []byte) {
		mf, err := DecodeModel(data, "fuzz.json")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.json: ") {
				t.Errorf("error without the file name: %v", err)
			}
			return
		}
		// A model that decodes scores or fails cleanly, never panics.
		if _, err := Score(ds, mf, ScoreOptions{AsOf: day(1000, 0)}); err != nil {
			return
		}
		_, _ = Score(small, mf, ScoreOptions{})
	})
}

func FuzzParseOptions(f *testing.F) {
	for _, s := range []string{"none", "log1p", "BINARY", "drop", "zero", "indicator", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if tr, err := ParseTransform(s); err == nil {
			if back, _ := ParseTransform(tr.String()); back != tr {
				t.Errorf("transform %q -> %v -> %v", s, tr, back)
			}
		}
		if m, err := ParseMissing(s); err == nil {
			if back, _ := ParseMissing(m.String()); back != m {
				t.Errorf("missing %q -> %v -> %v", s, m, back)
			}
		}
	})
}
