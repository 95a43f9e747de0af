package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/go-gota/gota/dataframe"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
)

// health is how the lead score did on one month's outcomes: the leads
// open at the start of the month (created before it, not converted before
// it), scored with what was known then, against whether they converted in
// the month.
type health struct {
	Month       Month   `table:"month"`
	Open        int     `table:"open_leads"`
	Converted   int     `table:"converted"`
	AUC         float64 `table:"auc"` // NaN when the month has no conversion or no open lead that stayed open
	MeanProb    float64 `table:"mean_probability"`
	Observed    float64 `table:"observed_rate"` // converted / open
	Brier       float64 `table:"brier"`
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
	b.figures.add("model_auc", cur.AUC, prev.AUC)
	b.figures.add("leads_converted", float64(cur.Converted), float64(prev.Converted))

	b.rep.AddTable("model_health", funnel.FrameOf([]*health{cur, prev}))
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
	h := &health{Month: m, AUC: math.NaN(), MeanProb: math.NaN(), Observed: math.NaN(), Brier: math.NaN()}
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
	h.Open = len(y)
	for _, v := range y {
		h.Converted += int(v)
	}
	if h.Open == 0 {
		h.warnings = append(h.warnings, fmt.Sprintf("no lead was open at the start of %s", m))
		return h, nil
	}
	h.MeanProb = mean(p)
	h.Observed = float64(h.Converted) / float64(h.Open)
	h.Brier = scoring.Brier(p, y)
	if h.Converted > 0 && h.Converted < h.Open {
		h.AUC = scoring.AUC(p, y)
	} else {
		h.warnings = append(h.warnings, fmt.Sprintf("AUC of %s is not defined: %d of %d open leads converted", m, h.Converted, h.Open))
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
