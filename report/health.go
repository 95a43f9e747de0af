package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
)

// health is how the lead score did on one month's outcomes: the leads
// open at the start of the month (created before it, not converted before
// it), scored with what was known then, against whether they converted in
// the month.
type health struct {
	month       Month
	open        int
	converted   int
	auc         float64 // NaN when the month has no conversion or no open lead that stayed open
	meanProb    float64 // mean predicted probability
	observed    float64 // converted / open
	brier       float64
	calibration []scoring.CalibrationBin
	warnings    []string
}

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
	b.figures.add("model_auc", cur.auc, prev.auc)
	b.figures.add("leads_converted", float64(cur.converted), float64(prev.converted))

	n := 2
	hm := make([]string, n)
	open, converted := make([]int, n), make([]int, n)
	auc, meanP, observed, brier := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i, h := range []*health{cur, prev} {
		hm[i], open[i], converted[i] = h.month.String(), h.open, h.converted
		auc[i], meanP[i], observed[i], brier[i] = h.auc, h.meanProb, h.observed, h.brier
	}
	b.rep.AddTable("model_health", dataframe.New(
		series.New(hm, series.String, "month"),
		series.New(open, series.Int, "open_leads"),
		series.New(converted, series.Int, "converted"),
		series.New(auc, series.Float, "auc"),
		series.New(meanP, series.Float, "mean_probability"),
		series.New(observed, series.Float, "observed_rate"),
		series.New(brier, series.Float, "brier"),
	))
	b.rep.SetSheet("model_health", SheetScoring)
	b.rep.AddTable("calibration", scoring.CalibrationFrame(cur.calibration))
	b.rep.SetSheet("calibration", SheetScoring)
	b.rep.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "Predicted and observed conversion, " + b.m.String(), Table: "calibration",
		X: "bin", Series: []string{"mean_predicted", "observed_rate"}, XTitle: "decile of predicted probability", YTitle: "share converted in the month"})
	b.warn("scoring", cur.warnings)

	top, err := b.topLeads(conv)
	if err != nil {
		return err
	}
	b.rep.AddTable("top_leads", top)
	b.rep.SetSheet("top_leads", SheetScoring)
	b.rep.AddMeta("model_health_rule", "leads created before the month and not converted before it, scored as of the month's start, against conversion within the month")
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
	h := &health{month: m, auc: math.NaN(), meanProb: math.NaN(), observed: math.NaN(), brier: math.NaN()}
	var p, y []float64
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
	}
	h.open = len(y)
	for _, v := range y {
		h.converted += int(v)
	}
	if h.open == 0 {
		h.warnings = append(h.warnings, fmt.Sprintf("no lead was open at the start of %s", m))
		return h, nil
	}
	h.meanProb = mean(p)
	h.observed = float64(h.converted) / float64(h.open)
	h.brier = scoring.Brier(p, y)
	if h.converted > 0 && h.converted < h.open {
		h.auc = scoring.AUC(p, y)
	} else {
		h.warnings = append(h.warnings, fmt.Sprintf("AUC of %s is not defined: %d of %d open leads converted", m, h.converted, h.open))
	}
	h.calibration = scoring.Calibration(p, y, 10)
	return h, nil
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
	var id, grade, reasons []string
	var prob, score []float64
	var mql []bool
	for _, l := range sc.Leads {
		if len(id) == limit {
			break
		}
		if c := conv[l.Row]; c != funnel.NoTime && c < end {
			continue
		}
		if created != nil && created.Times[l.Row] != funnel.NoTime && created.Times[l.Row] >= end {
			continue
		}
		id, grade, reasons = append(id, l.LeadID), append(grade, l.Grade), append(reasons, strings.Join(l.Reasons, ", "))
		prob, score, mql = append(prob, l.Probability), append(score, l.Score), append(mql, l.MQL)
	}
	return dataframe.New(
		series.New(id, series.String, "lead_id"),
		series.New(score, series.Float, "score"),
		series.New(grade, series.String, "grade"),
		series.New(prob, series.Float, "probability"),
		series.New(mql, series.Bool, "mql"),
		series.New(reasons, series.String, "reasons"),
	), nil
}
