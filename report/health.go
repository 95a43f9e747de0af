package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/go-gota/gota/dataframe"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
)

// health is how the lead score did on one month's outcomes: the leads
// open at the start of the month (created before it, not converted before
// it), scored with what was known then, against whether they converted in
// the month.
//
// The model's probability p is not a monthly rate: it was fit on whether
// a lead converted by the as-of date, at any time after its creation (the
// horizon of its training data), and on the sample it averages 0.077 over
// the open leads against 0.0086 converting in a month. Compared like with
// like, the month's expected chance of an open lead of age a (time since
// created_at at the month's start) is the same outcome, converting, over
// the month's span d, read as a cure model (p, whether the lead converts
// at all; the time to convert, F, the distribution of the time from
// created_at to conversion of the leads that converted before the month,
// the model's own positives):
//
//	q = p × (F(a + d) - F(a)) / (1 - p × F(a)),   F(t) = share converted within t of creation
//
// the chance that it converts at an age within the month, given that it
// had not converted by age a. expected_rate (the mean q), expected and
// the calibration deciles compare q with the month's conversions;
// mean_model_probability keeps p, the model's own scale; the AUC ranks
// the open leads by p, as the score does. Without created_at, or before
// any conversion, q is not defined (NA, with a warning).
type health struct {
	Month        Month   `table:"month"`
	Open         int     `table:"open_leads"`
	Converted    int     `table:"converted_in_month"`
	Expected     float64 `table:"expected_in_month"`      // Σ q
	Observed     float64 `table:"observed_rate"`          // converted / open
	ExpectedRate float64 `table:"expected_rate"`          // mean q
	ModelProb    float64 `table:"mean_model_probability"` // mean p
	AUC          float64 `table:"auc"`                    // by p; NaN when the month has no conversion or no open lead that stayed open
	Brier        float64 `table:"brier"`                  // of q
	calibration  []scoring.CalibrationBin
	warnings     []string
}

// HealthRule and HealthCompares state the model_health table's rule and
// what it compares, for the meta.
const (
	HealthRule     = "leads created before the month and not converted before it, scored as of the month's start, against conversion within the month"
	HealthCompares = "observed_rate (share of the open leads converting in the month) against expected_rate, the month's chance by the model: " +
		"p x (F(age + month) - F(age)) / (1 - p x F(age)), with p the model's probability of converting at all (the outcome it was fit on: converted by the as-of date, over its training history), " +
		"F the time from created_at to conversion of the leads converted before the month, age the lead's age at the month's start; " +
		"mean_model_probability is the mean p (not a monthly rate); auc ranks the open leads by p; brier and the calibration deciles are of the month's chance"
)

// scoring adds the Scoring sheet: the model's health on the month's and
// the previous month's outcomes, the month's calibration and the top open
// leads at the month's end, with their reasons.
func (b *builder) scoring() error {
	ds := b.ds
	if ds.Leads == nil {
		b.skip("scoring", "no leads")
		return nil
	}
	if b.opts.Model == nil && b.opts.Fit == nil {
		b.skip("scoring", "no model (scoring: model, or scoring: target or target_stage in the config)")
		return nil
	}
	target := b.target()
	conv, err := scoring.ConversionTimes(ds, target)
	if err != nil {
		return fmt.Errorf("scoring: %w", err)
	}
	cur, err := b.health(b.m, conv)
	if err != nil {
		return err
	}
	prev, err := b.health(b.prev, conv)
	if err != nil {
		return err
	}
	b.figures.add("model_auc", cur.AUC, prev.AUC)
	b.figures.add("leads_converted", float64(cur.Converted), float64(prev.Converted))

	b.rep.AddTable("model_health", funnel.FrameOf([]*health{cur, prev}))
	b.rep.SetSheet("model_health", SheetScoring)
	b.rep.AddTable("calibration", scoring.CalibrationFrame(cur.calibration))
	b.rep.SetSheet("calibration", SheetScoring)
	b.rep.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "Predicted and observed conversion, " + b.m.String(), Table: "calibration",
		X: "bin", Series: []string{"mean_predicted", "observed_rate"}, XTitle: "decile of the month's expected chance", YTitle: "share converting in the month"})
	b.warn("scoring", cur.warnings)

	top, err := b.topLeads(conv)
	if err != nil {
		return err
	}
	b.rep.AddTable("top_leads", top)
	b.rep.SetSheet("top_leads", SheetScoring)
	b.rep.AddMeta("model_health_rule", HealthRule)
	b.rep.AddMeta("model_health_compares", HealthCompares)
	return nil
}

// target returns the model's target as feature settings.
func (b *builder) target() scoring.FeatureConfig {
	if mf := b.opts.Model; mf != nil {
		return scoring.FeatureConfig{Target: mf.Target.Column, Positive: mf.Target.Positive, TargetStage: mf.Target.Stage}
	}
	f := b.opts.Fit.Features
	return scoring.FeatureConfig{Target: f.Target, Positive: f.Positive, TargetStage: f.TargetStage}
}

// model returns the model that scores as of asOf: the saved model, or one
// fitted on the history before asOf. The first fit's description goes to
// the meta.
func (b *builder) model(asOf int64) (*scoring.ModelFile, error) {
	if b.opts.Model != nil {
		if _, ok := b.rep.MetaValue("model"); !ok {
			b.rep.AddMeta("model", "saved model: "+describeTarget(b.opts.Model.Target)+", trained on "+fmt.Sprint(b.opts.Model.Training.Rows)+" leads")
		}
		return b.opts.Model, nil
	}
	cfg := *b.opts.Fit
	cfg.Features.AsOf = asOf
	cfg.CVFolds = 0
	m, err := scoring.Fit(b.ds, cfg)
	if err != nil {
		return nil, fmt.Errorf("scoring: fitting the model as of %s: %w", funnel.FormatTime(asOf, false), err)
	}
	if _, ok := b.rep.MetaValue("model"); !ok {
		b.rep.AddMeta("model", "fitted on the history before each month's start: "+describeTarget(m.File().Target)+
			"; terms: "+strings.Join(m.File().Features.ActivityTypes, ", "))
	}
	return m.File(), nil
}

func describeTarget(t scoring.ModelTarget) string {
	switch {
	case t.Stage != "":
		return "target stage " + t.Stage
	case t.Positive != "":
		return fmt.Sprintf("target %s = %s", t.Column, t.Positive)
	}
	return "target " + t.Column
}

// health scores the leads open at m's start and compares with m's outcomes:
//
//	open: created_at < start (when known) and not converted before start
//	y = converted in [start, end)
//	q = the month's chance of converting by the model (see health)
func (b *builder) health(m Month, conv []int64) (*health, error) {
	start := m.Start.Unix()
	mf, err := b.model(start)
	if err != nil {
		return nil, err
	}
	sc, err := scoring.Score(b.ds, mf, scoring.ScoreOptions{AsOf: start})
	if err != nil {
		return nil, fmt.Errorf("scoring: %w", err)
	}
	created := b.ds.Leads.TimeRole(funnel.RoleCreatedAt)
	h := &health{Month: m, AUC: math.NaN(), ModelProb: math.NaN(), Observed: math.NaN(), Expected: math.NaN(), ExpectedRate: math.NaN(), Brier: math.NaN()}
	var ttc timeToConvert
	if created != nil {
		ttc = timesToConvert(created.Times, conv, start)
	}
	span := m.End.Unix() - start
	var p, q, y []float64
	for _, l := range sc.Leads {
		if created != nil && (created.Times[l.Row] == funnel.NoTime || created.Times[l.Row] >= start) {
			continue
		}
		c := conv[l.Row]
		if c != funnel.NoTime && c < start {
			continue
		}
		v := 0.0
		if m.Contains(c) {
			v = 1
		}
		p, y = append(p, l.Probability), append(y, v)
		if len(ttc) > 0 {
			q = append(q, ttc.monthChance(l.Probability, start-created.Times[l.Row], span))
		}
	}
	h.Open = len(y)
	for _, v := range y {
		h.Converted += int(v)
	}
	if h.Open == 0 {
		h.warnings = append(h.warnings, fmt.Sprintf("no lead was open at the start of %s", m))
		return h, nil
	}
	h.ModelProb = mean(p)
	h.Observed = float64(h.Converted) / float64(h.Open)
	switch {
	case created == nil:
		h.warnings = append(h.warnings, fmt.Sprintf("the leads have no created_at, so the month's expected chance of %s is not known (the model's probability is of converting at all, not in a month)", m))
	case len(ttc) == 0:
		h.warnings = append(h.warnings, fmt.Sprintf("no lead converted before %s, so the time to convert, and the month's expected chance, are not known", m))
	default:
		h.ExpectedRate = mean(q)
		h.Expected = h.ExpectedRate * float64(h.Open)
		h.Brier = scoring.Brier(q, y)
		h.calibration = scoring.Calibration(q, y, 10)
	}
	if h.Converted > 0 && h.Converted < h.Open {
		h.AUC = scoring.AUC(p, y)
	} else {
		h.warnings = append(h.warnings, fmt.Sprintf("AUC of %s is not defined: %d of %d open leads converted", m, h.Converted, h.Open))
	}
	return h, nil
}

// timeToConvert holds, sorted, the times (seconds) from created_at to
// conversion of the leads that converted before a time: the time to
// convert of the model's positives.
type timeToConvert []int64

// timesToConvert returns the time to convert of the leads with a
// created_at that converted before before (a conversion dated before its
// lead's creation counts as 0).
func timesToConvert(created, conv []int64, before int64) timeToConvert {
	var t timeToConvert
	for i, c := range conv {
		if c != funnel.NoTime && c < before && created[i] != funnel.NoTime {
			t = append(t, max(c-created[i], 0))
		}
	}
	slices.Sort(t)
	return t
}

// within returns F(d), the share of the times to convert below d.
func (t timeToConvert) within(d int64) float64 {
	n, _ := slices.BinarySearch(t, d) // the times below d
	return float64(n) / float64(len(t))
}

// monthChance returns q = p × (F(age + span) - F(age)) / (1 - p × F(age)):
// the chance that a lead the model gives probability p of converting at
// all, open at age age, converts within the next span.
func (t timeToConvert) monthChance(p float64, age, span int64) float64 {
	before := t.within(age)
	rest := 1 - p*before // the chance of not having converted by age
	if rest <= 0 {       // p = 1 and every conversion came by age: none is left
		return 0
	}
	return p * (t.within(age+span) - before) / rest
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// topLeads scores the leads still open at the month's end with what was
// known then and lists the best TopLeads.
func (b *builder) topLeads(conv []int64) (dataframe.DataFrame, error) {
	end := b.m.End.Unix()
	mf, err := b.model(end)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	sc, err := scoring.Score(b.ds, mf, scoring.ScoreOptions{AsOf: end})
	if err != nil {
		return dataframe.DataFrame{}, fmt.Errorf("scoring: %w", err)
	}
	limit := b.opts.TopLeads
	if limit <= 0 {
		limit = DefaultTopLeads
	}
	created := b.ds.Leads.TimeRole(funnel.RoleCreatedAt)
	var rows []topLead
	for _, l := range sc.Leads {
		if len(rows) == limit {
			break
		}
		if c := conv[l.Row]; c != funnel.NoTime && c < end {
			continue
		}
		if created != nil && created.Times[l.Row] != funnel.NoTime && created.Times[l.Row] >= end {
			continue
		}
		rows = append(rows, topLead{l.LeadID, l.Score, l.Grade, l.Probability, l.MQL, strings.Join(l.Reasons, ", ")})
	}
	return funnel.FrameOf(rows), nil
}

// topLead is a row of the top_leads table.
type topLead struct {
	ID          string  `table:"lead_id"`
	Score       float64 `table:"score"`
	Grade       string  `table:"grade"`
	Probability float64 `table:"probability"`
	MQL         bool    `table:"mql"`
	Reasons     string  `table:"reasons"`
}
