package scoring

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// numericDesign returns a design of one numeric term x with target y.
func numericDesign(x, y []float64) (*Design, []float64) {
	d := NewDesign([]string{"x"}, len(x))
	for i, v := range x {
		d.Set(i, 1, v)
	}
	return d, y
}

// quasiDesign is testdata/cases/fit/0011: industry Software (reference;
// 2 of 5 positive), Finance (2 of 2 positive: quasi-complete separation)
// and Retail (1 of 3 positive).
func quasiDesign() (*Design, []float64) {
	rows := []struct {
		level string
		y     float64
	}{
		{"Finance", 1}, {"Finance", 1}, {"Software", 1}, {"Software", 0}, {"Software", 0},
		{"Retail", 1}, {"Retail", 0}, {"Retail", 0}, {"Software", 0}, {"Software", 1},
	}
	d := NewDesign([]string{"industry=Finance", "industry=Retail"}, len(rows))
	y := make([]float64, len(rows))
	for i, r := range rows {
		switch r.level {
		case "Finance":
			d.Set(i, 1, 1)
		case "Retail":
			d.Set(i, 2, 1)
		}
		y[i] = r.y
	}
	return d, y
}

func TestFirthClosedForms(t *testing.T) {
	t.Parallel()
	// In a saturated model every hat value is 1 per group of rows, so
	// Firth's modified score Σ_g (s_g + 1/2 - (n_g + 1) μ_g) = 0 gives
	// μ_g = (s_g + 1/2) / (n_g + 1): half a positive and half a negative
	// added to each group (Haldane's correction). The standard errors are
	// from (X'WX)^-1 at those μ (as logistf), by hand below. brglm2 0.9
	// (glm method "brglmFit", type "AS_mean", R 4.2.2) gives the same to
	// 1e-12 on both sets.
	cases := []struct {
		name       string
		design     func() (*Design, []float64)
		terms      []string
		est, se    []float64
		iterations int // at most
	}{
		{
			// x = 3 (y 1), 5 (y 0): μ = 3/4 and 1/4, logits ±log 3, so
			// β = (4 log 3, -log 3). w = 3/16 in both rows; X'WX =
			// w [[2, 8], [8, 34]] with determinant 4w², so the variances
			// are 34/(4w) = 136/3 and 2/(4w) = 8/3.
			"two rows", func() (*Design, []float64) { return numericDesign([]float64{3, 5}, []float64{1, 0}) },
			[]string{InterceptName, "x"},
			[]float64{4 * math.Log(3), -math.Log(3)},
			[]float64{math.Sqrt(136.0 / 3), math.Sqrt(8.0 / 3)},
			10,
		},
		{
			// Software 2.5/6, Finance 2.5/3, Retail 1.5/4: intercept
			// log(2.5/3.5), Finance log 5 - log(5/7) = log 7, Retail
			// log(0.6) - log(5/7) = log 0.84. Variance of a group's logit
			// 1/(n μ (1-μ)): Software 1/(5 (5/12)(7/12)) = 144/175,
			// Finance 1/(2 (5/6)(1/6)) = 3.6, Retail 1/(3 (3/8)(5/8)) = 64/45.
			"three levels, one all positive", quasiDesign,
			[]string{InterceptName, "industry=Finance", "industry=Retail"},
			[]float64{math.Log(2.5 / 3.5), math.Log(7), math.Log(0.84)},
			[]float64{math.Sqrt(144.0 / 175), math.Sqrt(3.6 + 144.0/175), math.Sqrt(64.0/45 + 144.0/175)},
			40, // linear convergence: each step overshoots a group by 1/n_g
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, y := c.design()
			reg, err := Logistic(d, y, LogisticOptions{Penalty: PenaltyFirth})
			if err != nil {
				t.Fatal(err)
			}
			if !reg.Converged || reg.Iterations > c.iterations {
				t.Errorf("converged %v after %d iterations, want converged within %d", reg.Converged, reg.Iterations, c.iterations)
			}
			for j, name := range c.terms {
				term := termByName(t, reg, name)
				if !near(term.Estimate, c.est[j], 1e-9) || !near(term.StdError, c.se[j], 1e-9) {
					t.Errorf("%s: estimate %v (se %v), want %v (%v)", name, term.Estimate, term.StdError, c.est[j], c.se[j])
				}
			}
			if len(reg.Warnings) != 0 {
				t.Errorf("warnings %q", reg.Warnings)
			}
		})
	}
}

func TestSeparatedTermsKeepOnlyTheEstimate(t *testing.T) {
	t.Parallel()
	// Complete separation (x = 1..6, y = 0 0 0 1 1 1): the boundary -c + x
	// = 0 lies between 3 and 4, so x diverges to +Inf and the intercept to
	// -Inf; neither has Wald statistics or an odds ratio.
	d, y := numericDesign([]float64{1, 2, 3, 4, 5, 6}, []float64{0, 0, 0, 1, 1, 1})
	reg, err := Logistic(d, y, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for j, want := range []int{-1, +1} {
		term := reg.Terms[j]
		if term.Separated != want {
			t.Errorf("%s: Separated %d, want %d", term.Name, term.Separated, want)
		}
		if math.IsNaN(term.Estimate) || math.IsInf(term.Estimate, 0) || float64(want)*term.Estimate <= 0 {
			t.Errorf("%s: estimate %v, want a finite value of sign %d", term.Name, term.Estimate, want)
		}
		for k, v := range []float64{term.StdError, term.Z, term.PValue, term.OddsRatio, term.CILow, term.CIHigh} {
			if !math.IsNaN(v) {
				t.Errorf("%s: statistic %d is %v, want NaN", term.Name, k, v)
			}
		}
	}

	// Quasi-complete separation (a level whose rows are all positive):
	// only that level diverges; the intercept and the other level keep
	// the maximum-likelihood values of the 2x2 tables, by hand: intercept
	// log(2/3) (Software 2 of 5), se sqrt(1/2 + 1/3); Retail
	// log((1/2)/(2/3)) = log 0.75, se sqrt(1/1 + 1/2 + 1/2 + 1/3).
	d, y = quasiDesign()
	reg, err = Logistic(d, y, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]float64{ // estimate, se, Separated
		InterceptName:      {math.Log(2.0 / 3), math.Sqrt(1.0/2 + 1.0/3), 0},
		"industry=Retail":  {math.Log(0.75), math.Sqrt(1 + 1.0/2 + 1.0/2 + 1.0/3), 0},
		"industry=Finance": {math.NaN(), math.NaN(), +1},
	}
	for name, w := range want {
		term := termByName(t, reg, name)
		if term.Separated != int(w[2]) {
			t.Errorf("%s: Separated %d, want %v", name, term.Separated, w[2])
		}
		if w[2] == 0 && (!near(term.Estimate, w[0], 1e-8) || !near(term.StdError, w[1], 1e-6)) {
			t.Errorf("%s: estimate %v (se %v), want %v (%v)", name, term.Estimate, term.StdError, w[0], w[1])
		}
		if w[2] != 0 && (!math.IsNaN(term.StdError) || !math.IsNaN(term.OddsRatio) || term.Estimate < 10) {
			t.Errorf("%s: estimate %v, se %v, odds ratio %v; want a large estimate and NaN statistics", name, term.Estimate, term.StdError, term.OddsRatio)
		}
	}
}

func TestCollinearIndicatorsMatchR(t *testing.T) {
	t.Parallel()
	// testdata/cases/fit/0015: x2 = 2 x1, and tier=silver equals
	// region=US row by row. R 4.2.2:
	//   glm(won ~ x1 + x2 + region + tier, binomial, d,
	//       control = glm.control(epsilon = 1e-12, maxit = 100))
	// gives NA for x2 and tiersilver, logLik -4.15769961356757.
	x1 := []float64{1, 2, 3, 1, 2, 3, 1, 2}
	us := []float64{0, 1, 0, 1, 0, 1, 1, 0}
	silver := []float64{0, 1, 0, 1, 0, 1, 1, 0}
	y := []float64{1, 0, 1, 0, 1, 0, 1, 0}
	d := NewDesign([]string{"x1", "x2", "region=US", "tier=silver"}, len(y))
	for i := range y {
		d.Set(i, 1, x1[i])
		d.Set(i, 2, 2*x1[i])
		d.Set(i, 3, us[i])
		d.Set(i, 4, silver[i])
	}
	reg, err := Logistic(d, y, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ref := map[string][2]float64{
		InterceptName: {3.149419200546656, 3.08208719091375},
		"x1":          {-0.968926490361604, 1.27565844425158},
		"region=US":   {-2.713056322594773, 1.98483598735732},
	}
	for name, r := range ref {
		term := termByName(t, reg, name)
		if !near(term.Estimate, r[0], 1e-6) || !near(term.StdError, r[1], 1e-6) {
			t.Errorf("%s: %v (se %v), R %v (%v)", name, term.Estimate, term.StdError, r[0], r[1])
		}
	}
	for _, name := range []string{"x2", "tier=silver"} {
		if s := termByName(t, reg, name).Status; s != TermAliased {
			t.Errorf("%s: %v, want aliased", name, s)
		}
	}
	if !near(reg.LogLikelihood, -4.15769961356757, 1e-9) {
		t.Errorf("log-likelihood %v, R -4.15769961356757", reg.LogLikelihood)
	}
}

func TestMoreTermsThanRowsWarns(t *testing.T) {
	t.Parallel()
	// testdata/cases/fit/0016: 4 rows, 7 varying terms and the intercept.
	rows := [][]float64{{1, 0, 3, 2}, {2, 1, 1, 0}, {0, 3, 2, 5}, {4, 2, 0, 1}}
	d := NewDesign([]string{"a", "b", "c", "d", "e", "f", "g"}, len(rows))
	for i, r := range rows {
		for j, v := range r {
			d.Set(i, 1+j, v)
		}
		if i > 0 {
			d.Set(i, 4+i, 1) // one indicator per row but the first
		}
	}
	y := []float64{1, 0, 1, 0}
	for _, p := range []LogisticOptions{{}, {Penalty: PenaltyFirth}} {
		reg, err := Logistic(d, y, p)
		if err != nil {
			t.Fatal(err)
		}
		w := strings.Join(reg.Warnings, "\n")
		if !strings.Contains(w, "the design has 8 terms (with the intercept) for 4 rows: at most 4 can be estimated") {
			t.Errorf("%v: warnings %q", p.Penalty, reg.Warnings)
		}
		aliased := 0
		for _, term := range reg.Terms {
			if term.Status == TermAliased {
				aliased++
			}
			for _, v := range []float64{term.Estimate, term.StdError, term.OddsRatio, term.CILow, term.CIHigh} {
				if math.IsInf(v, 0) {
					t.Errorf("%v: %s has an infinite statistic", p.Penalty, term.Name)
				}
			}
		}
		if aliased != 4 {
			t.Errorf("%v: %d aliased terms, want 4 (rank 4 of 8 columns)", p.Penalty, aliased)
		}
	}
}

func TestLargeEstimateIsCalledOut(t *testing.T) {
	t.Parallel()
	// testdata/cases/fit/0026: x in units of 1e-9 gives an estimate of
	// about 1.3e8 per unit (0.13 per 1e-9); exp of it overflows.
	x := []float64{1e-9, 2e-9, 3e-9, 4e-9, 5e-9, 6e-9, 1e-9, 6e-9}
	d, y := numericDesign(x, []float64{1, 0, 1, 0, 1, 0, 0, 1})
	reg, err := Logistic(d, y, LogisticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	term := termByName(t, reg, "x")
	if !isLarge(term) || !math.IsNaN(term.OddsRatio) || !math.IsNaN(term.CIHigh) || term.CILow != 0 {
		t.Errorf("x: estimate %v, odds ratio %v, ci %v to %v", term.Estimate, term.OddsRatio, term.CILow, term.CIHigh)
	}
	w := strings.Join(reg.Warnings, "\n")
	for _, phrase := range []string{`"x" (estimate 1.34e+08`, `values from 1e-09 to 6e-09`, `odds ratio or its 95% interval of "x"`} {
		if !strings.Contains(w, phrase) {
			t.Errorf("warnings %q lack %q", reg.Warnings, phrase)
		}
	}
}

// edgeLeads returns a dataset of leads with a won flag, created_at one
// month apart from 2024-01-01, and the given numeric and text columns.
func edgeLeads(won []int8, nums map[string][]float64, texts map[string][]string) *funnel.Dataset {
	n := len(won)
	ds := funnel.NewDataset()
	ids := make([]string, n)
	created := make([]int64, n)
	for i := range ids {
		ids[i] = itoa(i + 1)
		created[i] = day(float64(30*i), 0)
	}
	b := newTable(ds, funnel.Leads, n).
		text("lead_id", funnel.RoleLeadID, ids).
		flag("won", "", won).
		times("created_at", funnel.RoleCreatedAt, created)
	for name, v := range nums {
		b.num(name, "", v)
	}
	for name, v := range texts {
		b.text(name, "", v)
	}
	return ds
}

func TestFitRefusesRowsItCannotLearnFrom(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	cases := []struct {
		name     string
		ds       *funnel.Dataset
		features []string
		sentinel error
		msg      string
	}{
		{"all positive", edgeLeads([]int8{1, 1, 1}, map[string][]float64{"x": {3, 5, 1}}, nil), []string{"x"}, ErrNoNegatives,
			`scoring: the target "won" of leads.csv has no negative rows (all 3 leads used are positive), so there is nothing to learn from`},
		{"all negative", edgeLeads([]int8{0, 0, 0}, map[string][]float64{"x": {3, 5, 1}}, nil), []string{"x"}, ErrNoPositives,
			`scoring: the target "won" of leads.csv has no positive rows (all 3 leads used are negative), so there is nothing to learn from`},
		{"single row", edgeLeads([]int8{1}, map[string][]float64{"x": {3}}, nil), []string{"x"}, ErrNoNegatives,
			`scoring: the target "won" of leads.csv has no negative rows (the only lead used is positive), so there is nothing to learn from`},
		{"feature missing everywhere", edgeLeads([]int8{1, 0, 1, 0}, map[string][]float64{"x": {nan, nan, nan, nan}, "z": {1, 2, 3, 4}}, nil), []string{"x", "z"}, ErrNoRows,
			`scoring: no lead of leads.csv is left to fit (4 rows): "x" is missing in 4; --missing zero or indicator keeps leads with missing features`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Fit(c.ds, Config{Features: FeatureConfig{Target: "won", Features: c.features}})
			if !errors.Is(err, c.sentinel) || err.Error() != c.msg {
				t.Errorf("error %v, want %q wrapping %v", err, c.msg, c.sentinel)
			}
		})
	}
}

func TestFitEdgeWarnings(t *testing.T) {
	t.Parallel()
	// Six leads a month apart (created over 5 months), won 1 0 1 0 0 1.
	won := []int8{1, 0, 1, 0, 0, 1}
	ds := edgeLeads(won,
		map[string][]float64{"visits": {3, 3, 3, 3, 3, 3}, "pages": {4, 1, 2, 2, 3, 1}},
		map[string][]string{"region": {"EU", "EU", "EU", "EU", "EU", "EU"}, "empty": {"", "", "", "", "", ""}})
	cfg := Config{
		Features: FeatureConfig{Target: "won", Features: []string{"visits", "region", "pages", "empty"}, Missing: MissingZero},
		Capacity: 1e300, // far more than the 6 leads: passes them all
	}
	m, err := Fit(ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	w := strings.Join(m.Warnings, "\n")
	for _, phrase := range []string{
		`column "region" has the single level "EU" in the rows used, so it adds no term`,
		`column "empty" has no value in the rows used, so it adds no term`,
		`constant terms dropped: "visits" (3 in every row)`,
		// created_at spans 150 days = 4.93 months of 30.4375 days
		`a capacity of 1e+300 leads a month (4.928e+300 over the 4.9 training months) passes every one of the 6 training leads`,
	} {
		if !strings.Contains(w, phrase) {
			t.Errorf("warnings %q lack %q", m.Warnings, phrase)
		}
	}
	if m.Threshold.Above != 6 || m.ThresholdRule != "capacity" {
		t.Errorf("threshold %+v (%s), want every lead above", m.Threshold, m.ThresholdRule)
	}
	// Fewer rows than calibration groups: one group per row, none empty.
	if len(m.Calibration) != 6 || len(m.Lift) != 6 {
		t.Errorf("%d calibration and %d lift groups, want 6", len(m.Calibration), len(m.Lift))
	}
}

func TestTouchFeatureWarnings(t *testing.T) {
	t.Parallel()
	// Six leads; won_at for L1, L3, L6 (days 60, 69, 79); as-of day 100.
	// Every touch is a year before: outside a 30-day window, and 48+
	// half-lives of 7 days old (2^-48 < 2^-20).
	nt := funnel.NoTime
	build := func() *funnel.Dataset {
		ds := funnel.NewDataset()
		newTable(ds, funnel.Leads, 6).
			text("lead_id", funnel.RoleLeadID, []string{"L1", "L2", "L3", "L4", "L5", "L6"}).
			times("won_at", "", []int64{day(60, 0), nt, day(69, 0), nt, nt, day(79, 0)}).
			text("industry", "", []string{"Software", "Retail", "Software", "Retail", "Software", "Retail"})
		newTable(ds, funnel.Touches, 6).
			text("lead_id", funnel.RoleLeadID, []string{"L1", "L2", "L3", "L4", "L5", "L6"}).
			times("occurred_at", funnel.RoleOccurredAt, []int64{day(-364, 0), day(-363, 0), day(-362, 0), day(-361, 0), day(-360, 0), day(-359, 0)}).
			text("activity_type", funnel.RoleActivityType, []string{"webinar", "email_open", "webinar", "webinar", "email_open", "webinar"})
		return ds
	}
	cases := []struct {
		name     string
		cfg      FeatureConfig
		phrase   string
		touchers int // touch terms
	}{
		{"window", FeatureConfig{Window: 30 * funnel.SecondsPerDay}, "no touch was counted, so the model has no touch terms (of the leads' touches, 6 more than --window 30d before it)", 0},
		{"decay", FeatureConfig{HalfLife: 7 * funnel.SecondsPerDay}, `every touch of "email_open", "webinar" is more than 20 half-lives (--decay 7d) before its lead's cutoff`, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := c.cfg
			cfg.Target, cfg.Features, cfg.AsOf = "won_at", []string{"industry"}, day(100, 0)
			f, err := BuildFeatures(build(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.Join(f.Warnings, "\n"), c.phrase) {
				t.Errorf("warnings %q lack %q", f.Warnings, c.phrase)
			}
			if len(f.ActivityTypes) != c.touchers {
				t.Errorf("touch terms %q, want %d", f.ActivityTypes, c.touchers)
			}
		})
	}
}

func TestScoreOutOfRangeLeads(t *testing.T) {
	t.Parallel()
	// A model of one numeric term with 25 points per visit, offset 25:
	// visits 3 scores 50, visits 2000 totals 49975 (far outside 0-100,
	// scored 100), visits 1e308 overflows (25e308 is +Inf) and gets no
	// score. Rounding gaps, 25 - 35 x 0.7 = 0.5 points a visit: 1000 for
	// N2, 1.5 for N3.
	mf := &ModelFile{
		Schema: ModelSchema, Version: ModelVersion,
		Target:   ModelTarget{Column: "won"},
		Features: ModelFeatures{Transform: "none", Missing: "drop", Encodings: []Encoding{{Column: "visits", Kind: "numeric"}}},
		Terms: []ModelTerm{
			{Name: InterceptName, Status: "estimated", Estimate: -2},
			{Name: "visits", Status: "estimated", Estimate: 0.7, Points: 25},
		},
		Scaling:   ModelScaling{Factor: 35, Offset: 25},
		Threshold: ModelThreshold{Score: 25},
		Grades:    ModelGrades{A: 75, B: 50, C: 25},
	}
	ds := funnel.NewDataset()
	newTable(ds, funnel.Leads, 3).
		text("lead_id", funnel.RoleLeadID, []string{"N1", "N2", "N3"}).
		num("visits", "", []float64{1e308, 2000, 3})
	s, err := Score(ds, mf, ScoreOptions{AsOf: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]ScoredLead{}
	for _, l := range s.Leads {
		got[l.LeadID] = l
	}
	if l := got["N1"]; !math.IsNaN(l.Score) || !math.IsNaN(l.Probability) || l.Grade != "" || l.MQL || l.Reasons != nil {
		t.Errorf("N1: %+v, want no score", l)
	}
	if l := got["N2"]; l.Score != 100 || l.total != 49975 || l.Grade != "A" {
		t.Errorf("N2: %+v, want 100 (A), from 49975", l)
	}
	if l := got["N3"]; l.Score != 50 || l.Grade != "B" || !near(l.Probability, 1/(1+math.Exp(-0.1)), 1e-12) {
		t.Errorf("N3: %+v, want 50 (B), probability 1/(1+exp(-0.1))", l)
	}
	w := strings.Join(s.Warnings, "\n")
	for _, phrase := range []string{
		"1 leads have values too large for the model's arithmetic and get no score (NA), first leads.csv",
		"1 leads score more than 1000 points outside the training range 0-100 (lead N2 scores 4.998e+04)",
		"points: rounding each term's points to steps of 1 moves scores up to 1000.0 points from the scaled linear predictor (2 of 2 leads more than 1 point off)",
		"points: scores are clamped to 0-100: leads above 100: 1 (up to 49975), scored 100",
	} {
		if !strings.Contains(w, phrase) {
			t.Errorf("warnings %q lack %q", s.Warnings, phrase)
		}
	}
}
