package scoring

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// ScoreOptions controls Score.
type ScoreOptions struct {
	// AsOf is the time touches are counted up to (exclusive); 0 means the
	// latest timestamp in the inputs.
	AsOf int64
	// Grades overrides the model's grade cuts: three descending scores,
	// the lowest of grades A, B and C.
	Grades []float64

	// Counted, when set, holds the touches counted while they were read
	// (see NewScoreCounter), in place of ds.Touches.
	Counted *TouchCounter

	// HalfLife (seconds; 0 = none) decays a win model's scores with the
	// time since each lead's last activity; RecyclePenalty (points; 0 =
	// none) holds back the leads of Recycled (lead_id -> the time of its
	// latest recycle before AsOf, from velocity.LastRecycles) without an
	// activity since. See adjustScores.
	HalfLife       int64
	RecyclePenalty float64
	Recycled       map[string]int64

	// Amount, when set, is a deal-size model scored beside the win model:
	// each lead gets its ExpectedAmount and ExpectedValue = Probability x
	// ExpectedAmount, and the leads are ranked by expected value.
	// AmountCounted, when set, holds its touches counted while they were
	// read (NewScoreCounter(Amount, ScoreOptions{AsOf: AsOf}), fed with
	// Counted by Sinks), in place of ds.Touches.
	Amount        *ModelFile
	AmountCounted *TouchCounter
}

// scoreFeatures are the feature settings of the model file, as of
// opts.AsOf; each lead's latest touch is noted only for opts' decay or
// recycle penalty (adjustScores).
func scoreFeatures(mf *ModelFile, opts ScoreOptions) FeatureConfig {
	transform, _ := ParseTransform(mf.Features.Transform)
	missing, _ := ParseMissing(mf.Features.Missing)
	return FeatureConfig{
		AsOf:          opts.AsOf,
		Window:        int64(math.Round(mf.Features.WindowDays * funnel.SecondsPerDay)),
		HalfLife:      int64(math.Round(mf.Features.HalfLifeDays * funnel.SecondsPerDay)),
		Transform:     transform,
		ActivityTypes: mf.Features.ActivityTypes,
		Missing:       missing,
		trackLast:     opts.adjusts(),
	}
}

// NewScoreCounter returns the TouchCounter of scoring with mf under opts:
// every lead's cutoff is opts.AsOf. It leaves the touches to the table
// when the counts could depend on inputs read later: with the default
// as-of (AsOf 0) and a model window or decay. Score must then be called
// with the same as-of, decay and recycle penalty.
func NewScoreCounter(mf *ModelFile, opts ScoreOptions) *TouchCounter {
	return &TouchCounter{start: func(ds *funnel.Dataset) *touchCounter {
		cfg := scoreFeatures(mf, opts)
		if len(mf.Features.ActivityTypes) == 0 || (cfg.AsOf == 0 && (cfg.Window != 0 || cfg.HalfLife != 0)) {
			return nil
		}
		n := ds.Leads.Rows
		cut := cfg.AsOf
		if cut == 0 { // the default as-of is later than every touch
			cut = math.MaxInt64
		}
		cutoff, keep := make([]int64, n), make([]bool, n)
		for i := range cutoff {
			cutoff[i], keep[i] = cut, true
		}
		leadsAfterAsOf(ds.Leads, cut, keep)
		k := newTouchCounter(cfg, cutoff, keep)
		k.asOf = cfg.AsOf
		k.byID, k.indexErr = leadIndex(ds.Leads)
		return k
	}}
}

// ScoredLead is one lead's score.
type ScoredLead struct {
	LeadID      string
	Row         int // leads-table row
	Probability float64
	Score       float64
	Grade       string
	MQL         bool
	// Reasons are the top three positive contributions in points and the
	// largest negative one, e.g. "trial_signup +31".
	Reasons []string
	// With ScoreOptions.HalfLife or RecyclePenalty (see adjustScores):
	// RawScore is the model's score, DaysSinceActivity the days since
	// the lead's last activity (NaN: none known), DecayedScore the
	// decayed score, RecycledAt the lead's latest recycle (NoTime: none)
	// and Penalty the points taken off; Score is what remains.
	RawScore, DaysSinceActivity, DecayedScore, Penalty float64
	RecycledAt                                         int64
	// ExpectedAmount is a deal-size model's exp(x'b) x smearing (and
	// ExpectedValue = Probability x ExpectedAmount with
	// ScoreOptions.Amount); NaN otherwise.
	ExpectedAmount, ExpectedValue float64

	total float64 // the points total, Score before clamping to 0-100
}

// Scoring is the outcome of Score.
type Scoring struct {
	Leads []ScoredLead // by score, highest first (ties in leads order)
	AsOf  int64
	// RowsAfterAsOf counts the leads created at or after AsOf, which are
	// not scored: they did not exist yet.
	RowsAfterAsOf int
	Warnings      []string

	opts                ScoreOptions // as given to Score, for Report
	lastTouch           []int64      // each lead's latest touch before AsOf (adjustScores)
	recycled, penalized int          // leads recycled and penalized (adjustScores)
}

// Score scores the leads of ds with a model file: each lead's touches
// before the as-of time (within the model's window, decayed and
// transformed as in training) and its column values, encoded as in
// training, give the probability and the points score. Unknown levels
// are scored as the reference (or (other)) and counted in a warning; a
// column the model needs that the leads lack is an error.
func Score(ds *funnel.Dataset, mf *ModelFile, opts ScoreOptions) (*Scoring, error) {
	leads := ds.Leads
	if leads == nil {
		return nil, fmt.Errorf("scoring: scoring needs the leads (--leads)")
	}
	if len(opts.Grades) != 0 && (len(opts.Grades) != 3 || !slices.IsSortedFunc(opts.Grades, func(a, b float64) int { return cmp.Compare(b, a) })) {
		return nil, fmt.Errorf("scoring: --grades takes three descending scores (the lowest of A, B and C), got %v", opts.Grades)
	}
	if err := checkScoreOptions(mf, opts); err != nil {
		return nil, err
	}
	cfg := scoreFeatures(mf, opts)
	cfg.Counted = opts.Counted
	sc := &Scoring{AsOf: opts.AsOf, opts: opts}
	if sc.AsOf == 0 {
		sc.AsOf = ds.DefaultAsOf() // touches counted while read included
	}
	cols, encs, err := modelColumns(leads, mf)
	if err != nil {
		return nil, err
	}
	keep := make([]bool, leads.Rows)
	for i := range keep {
		keep[i] = true
	}
	if sc.RowsAfterAsOf = leadsAfterAsOf(leads, sc.AsOf, keep); sc.RowsAfterAsOf > 0 {
		sc.Warnings = append(sc.Warnings, afterAsOfWarning(sc.RowsAfterAsOf, sc.AsOf))
	}
	typeCounts, err := sc.modelTouchCounts(ds, mf, cfg, keep)
	if err != nil {
		return nil, err
	}
	grades := [3]float64{mf.Grades.A, mf.Grades.B, mf.Grades.C}
	if len(opts.Grades) == 3 {
		grades = [3]float64{opts.Grades[0], opts.Grades[1], opts.Grades[2]}
	}
	unknown, missingValues, out := sc.scoreLeads(leads, keep, mf, cfg, grades, typeCounts, cols, encs)
	sc.Warnings = append(sc.Warnings, out.warnings(orStep(mf.Scaling.PointsScale))...)
	sc.Warnings = append(sc.Warnings, separatedTerms(mf)...)
	if unknown > 0 {
		sc.Warnings = append(sc.Warnings, fmt.Sprintf("%d values were levels the model did not see in training; they were scored as the reference level (or (other))", unknown))
	}
	if missingValues > 0 {
		sc.Warnings = append(sc.Warnings, fmt.Sprintf("%d leads have missing values in the model's columns; they were scored with 0 (numbers) or the reference level (text)", missingValues))
	}
	if opts.adjusts() {
		sc.adjustScores(leads, mf, grades)
	}
	if opts.Amount != nil {
		if err := sc.addAmounts(ds, opts.Amount); err != nil {
			return nil, err
		}
	}
	if mf.IsAmount() || opts.Amount != nil {
		sc.sortByValue()
		return sc, nil
	}
	slices.SortFunc(sc.Leads, func(a, b ScoredLead) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(b.total, a.total); c != 0 { // ties at 100 (or 0) by their points
			return c
		}
		return cmp.Compare(a.Row, b.Row)
	})
	return sc, nil
}

// modelColumns returns the leads columns of the model's encodings and a
// copy of the encodings (whose level indexes scoring builds); a column
// the leads lack, or whose kind the model cannot take, is an error.
func modelColumns(leads *funnel.Table, mf *ModelFile) ([]*funnel.Column, []Encoding, error) {
	cols := make([]*funnel.Column, len(mf.Features.Encodings))
	encs := make([]Encoding, len(mf.Features.Encodings))
	copy(encs, mf.Features.Encodings)
	for k, e := range encs {
		c := leads.Named(e.Column)
		if c == nil {
			return nil, nil, fmt.Errorf("scoring: %s has no column %q, which the model uses (columns: %s)", leads.Source, e.Column, leads.Headers())
		}
		if e.Kind == "numeric" && c.Kind != funnel.KindNumber {
			return nil, nil, fmt.Errorf("scoring: column %q of %s holds %s values, but the model takes it as a number", e.Column, leads.Source, c.Kind)
		}
		if c.Kind == funnel.KindTime {
			return nil, nil, fmt.Errorf("scoring: column %q of %s holds dates, but the model takes it as levels", e.Column, leads.Source)
		}
		cols[k] = c
	}
	return cols, encs, nil
}

// modelTouchCounts returns the touch counts before sc.AsOf of each lead
// kept, one per activity type of the model (nil for a type without a
// touch, or for every type when no touches were given), and adds the
// warnings of the counting to sc.
func (sc *Scoring) modelTouchCounts(ds *funnel.Dataset, mf *ModelFile, cfg FeatureConfig, keep []bool) ([]*leadCounts, error) {
	cutoff := make([]int64, ds.Leads.Rows)
	for i := range cutoff {
		cutoff[i] = sc.AsOf
	}
	var counts []*leadCounts
	var types []string
	if len(mf.Features.ActivityTypes) > 0 || sc.opts.adjusts() {
		if ds.Touches == nil && !cfg.Counted.counting() {
			sc.Warnings = append(sc.Warnings, "the model counts touches but no touches were given: every touch count is 0")
		} else {
			if sc.AsOf == funnel.NoTime {
				return nil, fmt.Errorf("scoring: no timestamp in the inputs to take as the as-of date; give --as-of")
			}
			f := &Features{}
			var err error
			counts, types, err = touchCounts(ds, cfg, cutoff, keep, f)
			if err != nil {
				return nil, err
			}
			sc.Warnings = append(sc.Warnings, f.Warnings...)
			sc.lastTouch = f.lastTouch
			if f.TouchesUsed == 0 && len(mf.Features.ActivityTypes) > 0 {
				sc.Warnings = append(sc.Warnings, noTouchCounted(f, cfg))
			}
		}
	}
	// Touch counts by the model's activity types.
	typeCounts := make([]*leadCounts, len(mf.Features.ActivityTypes))
	for t, name := range mf.Features.ActivityTypes {
		if k := slices.Index(types, name); k >= 0 {
			typeCounts[t] = counts[k]
		}
	}
	return typeCounts, nil
}

// scoreLeads sets sc.Leads, in leads order, of the leads kept: each
// lead's terms (its touch
// counts by the model's activity types, typeCounts, and its values of
// cols encoded by encs), probability, score, grade (cuts grades) and
// reasons. It returns the number of values of levels the model did not
// see, of leads with a missing value, and the outliers.
func (sc *Scoring) scoreLeads(leads *funnel.Table, keep []bool, mf *ModelFile, cfg FeatureConfig, grades [3]float64, typeCounts []*leadCounts, cols []*funnel.Column, encs []Encoding) (unknown, missingValues int, out outliers) {
	n := leads.Rows
	ids := leads.Role(funnel.RoleLeadID)
	p := len(mf.Terms)
	x := make([]float64, p)
	sc.Leads = make([]ScoredLead, 0, n-sc.RowsAfterAsOf)
	for i := 0; i < n; i++ {
		if !keep[i] {
			continue
		}
		x[0] = 1
		for t := range typeCounts {
			c := 0.0
			if typeCounts[t] != nil {
				c = typeCounts[t].at(i)
			}
			x[1+t] = cfg.Transform.apply(c)
		}
		j := 1 + len(typeCounts)
		na := false
		for k, c := range cols {
			na = na || c.IsNA(i)
			j += encs[k].encode(leads, c, i, x[j:], &unknown)
		}
		if na && cfg.Missing != MissingIndicator {
			missingValues++
		}
		// eta the linear predictor; gap the points total less the
		// scaled linear predictor (separated terms have no points).
		eta, score, gap := 0.0, -mf.Scaling.Offset, 0.0
		for j, t := range mf.Terms {
			eta += t.Estimate * x[j]
			if j > 0 {
				score += t.Points * x[j]
				if t.Separated == 0 {
					gap += (t.Points - mf.Scaling.Factor*t.Estimate) * x[j]
				}
			}
		}
		mu, _, _ := logistic(eta, 0)
		l := ScoredLead{Row: i, Probability: mu, Score: tidyTotal(score), RecycledAt: funnel.NoTime, ExpectedAmount: math.NaN(), ExpectedValue: math.NaN()}
		if ids != nil && ids.Codes[i] != funnel.NA {
			l.LeadID = leads.Dict.String(ids.Codes[i])
		} else {
			l.LeadID = strconv.Itoa(i + 1)
		}
		if mf.IsAmount() {
			l.Probability, l.Score, l.ExpectedAmount = math.NaN(), math.NaN(), math.Exp(eta)*mf.Amount.Smearing
			sc.Leads = append(sc.Leads, l)
			continue
		}
		if out.check(&l, leads, eta, gap) {
			l.Grade, l.MQL = gradeOf(grades, l.Score), l.Score >= mf.Threshold.Score
			l.Reasons = reasons(mf.Terms, x, orStep(mf.Scaling.PointsScale))
		}
		sc.Leads = append(sc.Leads, l)
	}
	return unknown, missingValues, out
}

// reasons returns the top three positive contributions (points x value)
// and the largest negative one, each rounded to the model's points step
// (whole points for step 1); terms whose contribution rounds to 0 are
// left out.
func reasons(terms []ModelTerm, x []float64, step float64) []string {
	type contrib struct {
		name string
		v    float64
	}
	var pos, neg []contrib
	for j := 1; j < len(terms); j++ {
		v := math.Round(terms[j].Points*x[j]/step) * step
		switch {
		case v > 0:
			pos = append(pos, contrib{terms[j].Name, v})
		case v < 0:
			neg = append(neg, contrib{terms[j].Name, v})
		}
	}
	slices.SortStableFunc(pos, func(a, b contrib) int { return cmp.Compare(b.v, a.v) })
	slices.SortStableFunc(neg, func(a, b contrib) int { return cmp.Compare(a.v, b.v) })
	var out []string
	dec := stepDecimals(step)
	for k := 0; k < len(pos) && k < 3; k++ {
		out = append(out, fmt.Sprintf("%s %+.*f", pos[k].name, dec, pos[k].v))
	}
	if len(neg) > 0 {
		out = append(out, fmt.Sprintf("%s %+.*f", neg[0].name, dec, neg[0].v))
	}
	return out
}

// Report returns the `funnel score` report: meta and the table scores.
func (s *Scoring) Report(mf *ModelFile) *funnel.Report {
	if mf.IsAmount() {
		return s.amountReport(mf)
	}
	r := funnel.NewReport("score", "Lead scores")
	target := mf.Target.Column
	if mf.Target.Stage != "" {
		target = "stage " + mf.Target.Stage
	}
	r.AddMeta("target", target)
	r.AddMeta("as_of", funnel.FormatTime(s.AsOf, false))
	r.AddMeta("leads_scored", len(s.Leads))
	if s.RowsAfterAsOf > 0 {
		r.AddMeta("rows_after_as_of", s.RowsAfterAsOf)
	}
	mql := 0
	for _, l := range s.Leads {
		if l.MQL {
			mql++
		}
	}
	r.AddMeta("mql", mql)
	r.AddMeta("mql_threshold", mf.Threshold.Score)
	r.AddMeta("points_scaling", mf.Scaling.Formula)
	r.AddMeta("model_fingerprint", mf.Fingerprint)
	s.adjustMeta(r)
	n := len(s.Leads)
	id, grade, why := make([]string, n), make([]string, n), make([]string, n)
	prob, score := make([]float64, n), make([]float64, n)
	flag := make([]bool, n)
	for k, l := range s.Leads {
		id[k], grade[k], why[k] = l.LeadID, l.Grade, strings.Join(l.Reasons, ", ")
		prob[k], score[k], flag[k] = l.Probability, l.Score, l.MQL
	}
	var t funnel.FrameBuilder
	t.Strings("lead_id", id)
	t.Floats("probability", prob)
	s.adjustColumns(&t)
	t.Floats("score", score)
	t.Strings("grade", grade)
	t.Bools("mql", flag)
	s.amountColumns(&t)
	t.Strings("reasons", why)
	r.AddTable("scores", t.Frame())
	r.Warnings = append(r.Warnings, s.Warnings...)
	return r
}
