package scoring

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// webinarModel is a model of one touch term: 20 points per webinar, no
// offset; MQL at 30; grades A 60, B 40, C 20.
func webinarModel() *ModelFile {
	return &ModelFile{
		Schema: ModelSchema, Version: ModelVersion,
		Target:   ModelTarget{Column: "won_at"},
		Features: ModelFeatures{ActivityTypes: []string{"webinar"}, Transform: "none", Missing: "drop"},
		Terms: []ModelTerm{
			{Name: InterceptName, Status: "estimated", Estimate: -2},
			{Name: "webinar", Status: "estimated", Estimate: 0.5, Points: 20},
		},
		Scaling:   ModelScaling{Factor: 40, PointsScale: 1},
		Threshold: ModelThreshold{Score: 30},
		Grades:    ModelGrades{A: 60, B: 40, C: 20},
	}
}

// threeLeads: A (created day 0) attended webinars on days 40 and 70; B
// (day 10) three on day 95 and was recycled on day 90; C (day 20) three
// on day 50 and was recycled on day 60. As of day 100.
func threeLeads() *funnel.Dataset {
	ds := funnel.NewDataset()
	newTable(ds, funnel.Leads, 3).
		text("lead_id", funnel.RoleLeadID, []string{"A", "B", "C"}).
		times("created_at", funnel.RoleCreatedAt, []int64{day(0, 0), day(10, 0), day(20, 0)})
	newTable(ds, funnel.Touches, 8).
		text("lead_id", funnel.RoleLeadID, []string{"A", "A", "B", "B", "B", "C", "C", "C"}).
		times("occurred_at", funnel.RoleOccurredAt, []int64{day(40, 0), day(70, 0), day(95, 0), day(95, 0), day(95, 0), day(50, 0), day(50, 0), day(50, 0)}).
		text("activity_type", funnel.RoleActivityType, []string{"webinar", "webinar", "webinar", "webinar", "webinar", "webinar", "webinar", "webinar"})
	return ds
}

// TestScoreDecayAndRecyclePenalty works the decay (half-life 30 days)
// and the penalty (15 points) out by hand:
//
//	A: raw 2 x 20 = 40, last touch day 70: 30 days, 40 x 2^-1 = 20; not
//	   recycled: score 20 (C, not MQL)
//	B: raw 60, last touch day 95: 5 days, 60 x 2^(-1/6) = 53.45392308842036;
//	   recycled day 90 but touched since: no penalty (B, MQL)
//	C: raw 60, last touch day 50: 50 days, 60 x 2^(-5/3) = 18.898815748423096;
//	   recycled day 60 with no touch since: 18.898815748423096 - 15 =
//	   3.898815748423096 (D, not MQL)
func TestScoreDecayAndRecyclePenalty(t *testing.T) {
	t.Parallel()
	recycled := map[string]int64{"B": day(90, 0), "C": day(60, 0)}
	s, err := Score(threeLeads(), webinarModel(), ScoreOptions{AsOf: day(100, 0), HalfLife: 30 * funnel.SecondsPerDay, RecyclePenalty: 15, Recycled: recycled})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		raw, days, decayed, penalty, score float64
		recycled                           int64
		grade                              string
		mql                                bool
	}
	wants := map[string]want{
		"A": {40, 30, 20, 0, 20, funnel.NoTime, "C", false},
		"B": {60, 5, 53.45392308842036, 0, 53.45392308842036, day(90, 0), "B", true},
		"C": {60, 50, 18.898815748423096, 15, 3.898815748423096, day(60, 0), "D", false},
	}
	order := []string{}
	for _, l := range s.Leads {
		order = append(order, l.LeadID)
		w := wants[l.LeadID]
		if l.RawScore != w.raw || !near(l.DaysSinceActivity, w.days, 1e-12) || !near(l.DecayedScore, w.decayed, 1e-9) ||
			l.Penalty != w.penalty || !near(l.Score, w.score, 1e-9) || l.RecycledAt != w.recycled || l.Grade != w.grade || l.MQL != w.mql {
			t.Errorf("%s: raw %v days %v decayed %v penalty %v score %v recycled %v grade %s mql %v; want %+v",
				l.LeadID, l.RawScore, l.DaysSinceActivity, l.DecayedScore, l.Penalty, l.Score, l.RecycledAt, l.Grade, l.MQL, w)
		}
	}
	if strings.Join(order, ",") != "B,A,C" {
		t.Errorf("order %v, want B,A,C (by the adjusted score)", order)
	}
	rep := s.Report(webinarModel())
	for _, key := range []string{"decay_half_life", "recycle_penalty", "leads_recycled", "leads_penalized", "score_adjustment"} {
		if _, ok := rep.MetaValue(key); !ok {
			t.Errorf("report meta lacks %s", key)
		}
	}
}

// TestScoreDecayFallsBackToCreatedAt: a lead without touches decays from
// its created_at; without either it is not decayed, with a warning.
func TestScoreDecayFallsBackToCreatedAt(t *testing.T) {
	t.Parallel()
	mf := webinarModel()
	mf.Scaling.Offset = -10 // every lead scores 10 before its touches
	ds := funnel.NewDataset()
	newTable(ds, funnel.Leads, 2).
		text("lead_id", funnel.RoleLeadID, []string{"N", "M"}).
		times("created_at", funnel.RoleCreatedAt, []int64{day(70, 0), funnel.NoTime})
	newTable(ds, funnel.Touches, 1).
		text("lead_id", funnel.RoleLeadID, []string{"X"}).
		times("occurred_at", funnel.RoleOccurredAt, []int64{day(1, 0)}).
		text("activity_type", funnel.RoleActivityType, []string{"webinar"})
	s, err := Score(ds, mf, ScoreOptions{AsOf: day(100, 0), HalfLife: 30 * funnel.SecondsPerDay})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]ScoredLead{}
	for _, l := range s.Leads {
		got[l.LeadID] = l
	}
	if l := got["N"]; l.RawScore != 10 || l.DaysSinceActivity != 30 || l.Score != 5 {
		t.Errorf("N: raw %v days %v score %v, want 10, 30, 5", l.RawScore, l.DaysSinceActivity, l.Score)
	}
	if l := got["M"]; l.Score != 10 || !math.IsNaN(l.DaysSinceActivity) {
		t.Errorf("M: score %v days %v, want 10 and NaN", l.Score, l.DaysSinceActivity)
	}
	if !strings.Contains(strings.Join(s.Warnings, "\n"), "1 leads have no touch before the as-of date and no created_at") {
		t.Errorf("warnings %q", s.Warnings)
	}
}

// sizeModel is a Gamma model of one touch term: exp(10 + 0.1 x webinars).
func sizeModel() *ModelFile {
	return &ModelFile{
		Schema: ModelSchema, Version: ModelVersion, Family: "gamma",
		Target:   ModelTarget{Column: "amount"},
		Features: ModelFeatures{ActivityTypes: []string{"webinar"}, Transform: "none", Missing: "drop"},
		Terms: []ModelTerm{
			{Name: InterceptName, Status: "estimated", Estimate: 10},
			{Name: "webinar", Status: "estimated", Estimate: 0.1},
		},
		Scaling: ModelScaling{PointsScale: 1},
		Amount:  &ModelAmount{Smearing: 1},
	}
}

// TestScoreExpectedValue: a Gamma model of one term, exp(10 + 0.1 x
// webinars), beside the win model: A (2 webinars) expects exp(10.2) =
// 26903.18607429754, B and C (3) exp(10.3) = 29732.618852891435; the
// expected value is P(win) x that, P = 1/(1+exp(2 - 0.5 x webinars)).
func TestScoreExpectedValue(t *testing.T) {
	t.Parallel()
	size := sizeModel()
	s, err := Score(threeLeads(), webinarModel(), ScoreOptions{AsOf: day(100, 0), Amount: size})
	if err != nil {
		t.Fatal(err)
	}
	amount := map[string]float64{"A": 26903.18607429754, "B": 29732.618852891435, "C": 29732.618852891435}
	webinars := map[string]float64{"A": 2, "B": 3, "C": 3}
	var order []string
	for _, l := range s.Leads {
		order = append(order, l.LeadID)
		p := 1 / (1 + math.Exp(2-0.5*webinars[l.LeadID]))
		if !near(l.ExpectedAmount, amount[l.LeadID], 1e-12) || !near(l.ExpectedValue, p*amount[l.LeadID], 1e-12) {
			t.Errorf("%s: expected amount %v value %v, want %v and %v", l.LeadID, l.ExpectedAmount, l.ExpectedValue, amount[l.LeadID], p*amount[l.LeadID])
		}
	}
	if strings.Join(order, ",") != "B,C,A" {
		t.Errorf("order %v, want B,C,A (by expected value, ties in leads order)", order)
	}
	// The deal-size model alone: the expected amount, and no decay.
	alone, err := Score(threeLeads(), size, ScoreOptions{AsOf: day(100, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if l := alone.Leads[0]; l.LeadID != "B" || !near(l.ExpectedAmount, amount["B"], 1e-12) || !math.IsNaN(l.Score) {
		t.Errorf("first lead %+v, want B with %v and no score", l, amount["B"])
	}
	if _, err := Score(threeLeads(), size, ScoreOptions{AsOf: day(100, 0), HalfLife: 86400}); err == nil || !strings.Contains(err.Error(), "deal-size model") {
		t.Errorf("decay of a deal-size model: %v", err)
	}
}

// TestScoreExpectedValueCounted scores TestScoreExpectedValue's models
// with both counting the touches as they are read (Sinks): the leads are
// those the touches table gives. When one counter leaves the touches to
// the table (the deal-size model's decay with the default as-of), both do.
func TestScoreExpectedValueCounted(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		asOf     int64
		halfLife float64 // of the deal-size model, days
		counting bool
	}{{"counted", day(100, 0), 0, true}, {"one declines", 0, 30, false}} {
		size := sizeModel()
		size.Features.HalfLifeDays = c.halfLife
		opts := ScoreOptions{AsOf: c.asOf, Amount: size}
		want, err := Score(threeLeads(), webinarModel(), opts)
		if err != nil {
			t.Fatal(err)
		}
		ds := threeLeads()
		touches := ds.Touches
		ds.Touches = nil
		opts.Counted = NewScoreCounter(webinarModel(), opts)
		opts.AmountCounted = NewScoreCounter(size, ScoreOptions{AsOf: opts.AsOf})
		if rows := Sinks(opts.Counted, opts.AmountCounted)(ds, funnel.Touches); rows != nil {
			if err := rows(touches); err != nil {
				t.Fatal(err)
			}
			ds.AddStreamed(slices.Max(touches.Role(funnel.RoleOccurredAt).Times))
		} else {
			ds.Touches = touches
		}
		if opts.Counted.counting() != c.counting || opts.AmountCounted.counting() != c.counting {
			t.Fatalf("%s: counting %v and %v, want %v", c.name, opts.Counted.counting(), opts.AmountCounted.counting(), c.counting)
		}
		got, err := Score(ds, webinarModel(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Leads, want.Leads) || !reflect.DeepEqual(got.Warnings, want.Warnings) {
			t.Errorf("%s:\n got %+v %q\nwant %+v %q", c.name, got.Leads, got.Warnings, want.Leads, want.Warnings)
		}
	}
}
