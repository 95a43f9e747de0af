package sample

import (
	"io"
	"math/rand/v2"
	"time"
)

// ExperimentFile is the planted A/B test of `funnel test` (issue 20):
// lead_id, account_id, assigned_at (the lead's created_at), group (control
// or treatment), a row per lead of the test.
const ExperimentFile = "experiment.csv"

// experimentStream is the PCG stream of the test's planting: its own
// random source, so that the other files are the same bytes with or
// without it.
const experimentStream = 0x6578706572696d // "experim"

// Planted design of the test: the leads created in the last
// ExperimentWeeks weeks of the data are its pool; each is in the control
// with probability experimentArmShare whatever its outcome, and in the
// treatment with a probability that depends on its outcome (reached SQL,
// leads.csv's sql_at), chosen so that the treatment's expected SQL rate is
// the pool's times 1 + ExperimentUplift; the rest are not in the test.
const (
	ExperimentWeeks    = 16
	ExperimentUplift   = 0.25
	experimentArmShare = 0.4
)

var experimentHeader = []string{"lead_id", "account_id", "assigned_at", "group"}

// experimentLead is a lead of the test's pool, noted while the leads are
// generated.
type experimentLead struct {
	id, account int32
	created     int64
	sql         bool
}

// ExperimentTruth is the planted test. The pool's leads reached SQL at
// PoolRate; the control's expected rate is PoolRate and the treatment's
// PoolRate (1 + RelativeUplift): Uplift = PoolRate x RelativeUplift. Arms
// holds the counts written (units, and those that reached SQL), what
// `funnel test --group group --target sql_at` reads.
type ExperimentTruth struct {
	File           string                   `json:"file"`
	Rows           int                      `json:"rows"`
	Group          string                   `json:"group"`
	Control        string                   `json:"control"`
	Treatment      string                   `json:"treatment"`
	Outcome        string                   `json:"outcome"`
	Unit           string                   `json:"unit"`
	From           string                   `json:"from"` // first day of the pool's creation dates
	PoolLeads      int                      `json:"pool_leads"`
	PoolRate       float64                  `json:"pool_rate"`
	ControlRate    float64                  `json:"control_rate"`
	TreatmentRate  float64                  `json:"treatment_rate"`
	Uplift         float64                  `json:"uplift"`
	RelativeUplift float64                  `json:"relative_uplift"`
	Arms           map[string]ExperimentArm `json:"arms"`
}

// ExperimentArm counts an arm's leads and those that reached SQL.
type ExperimentArm struct {
	Units       int `json:"units"`
	Conversions int `json:"conversions"`
}

// experimentFrom is the first second of the test's pool.
func (g *generator) experimentFrom() int64 { return g.end - ExperimentWeeks*7*day }

// noteExperimentLead records lead id, just generated, when it is of the
// test's pool.
func (g *generator) noteExperimentLead(id int, a *account) {
	created := g.times[0]
	if created < g.experimentFrom() {
		return
	}
	el := experimentLead{id: int32(id), account: int32(a.id), created: created}
	for _, s := range g.path {
		if s == stSQL {
			el.sql = true
			break
		}
	}
	g.experimentLeads = append(g.experimentLeads, el)
}

// plantExperiment writes ExperimentFile from the pool and records it in
// truth (Experiment, and its rows in Rows).
func plantExperiment(cfg Config, g *generator, truth *Truth, create func(name string) (io.WriteCloser, error)) error {
	rng := rand.New(rand.NewPCG(cfg.Seed, experimentStream))
	pool := g.experimentLeads
	et := &ExperimentTruth{File: ExperimentFile, Group: "group", Control: "control", Treatment: "treatment",
		Outcome: "reached SQL (sql_at of leads.csv)", Unit: "lead", RelativeUplift: ExperimentUplift,
		From: time.Unix(g.experimentFrom(), 0).UTC().Format(time.DateOnly), PoolLeads: len(pool),
		Arms: map[string]ExperimentArm{"control": {}, "treatment": {}}}
	sql := 0
	for _, el := range pool {
		if el.sql {
			sql++
		}
	}
	if len(pool) > 0 {
		et.PoolRate = float64(sql) / float64(len(pool))
	}
	et.ControlRate, et.TreatmentRate = et.PoolRate, et.PoolRate*(1+ExperimentUplift)
	et.Uplift = et.TreatmentRate - et.ControlRate
	// P(treatment | sql) = c x odds ratio, P(treatment | not) = c, with c
	// such that the treatment's expected size is the control's.
	oddsRatio := 1.0
	if p, q := et.ControlRate, et.TreatmentRate; p > 0 && q < 1 {
		oddsRatio = (q / (1 - q)) / (p / (1 - p))
	}
	c := experimentArmShare / (et.PoolRate*oddsRatio + 1 - et.PoolRate)
	w, err := createRows(create, ExperimentFile, experimentHeader...)
	if err != nil {
		return err
	}
	for _, el := range pool {
		treat := c
		if el.sql {
			treat = c * oddsRatio
		}
		u := rng.Float64()
		arm := ""
		switch {
		case u < treat:
			arm = "treatment"
		case u < treat+experimentArmShare:
			arm = "control"
		default:
			continue
		}
		w.id('L', int(el.id), g.leadWidth)
		w.id('A', int(el.account), g.accountWidth)
		w.time(el.created)
		w.text(arm)
		w.end()
		a := et.Arms[arm]
		a.Units++
		if el.sql {
			a.Conversions++
		}
		et.Arms[arm] = a
	}
	if err := w.finish(); err != nil {
		return err
	}
	et.Rows = w.rows
	truth.Experiment = et
	truth.Rows[ExperimentFile] = w.rows
	return nil
}
