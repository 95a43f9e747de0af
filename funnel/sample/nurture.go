package sample

import (
	"io"
	"math/rand/v2"
	"time"
)

// NurtureFile lists the members of the planted nurture program (issue
// 20): lead_id, occurred_at (the enrollment), activity_type
// (program_enrollment) and campaign (NurtureProgram), read by `funnel
// nurture` as touches besides touches.csv.
const NurtureFile = "nurture.csv"

// NurtureProgram is the planted program's campaign.
const NurtureProgram = "Nurture: Welcome Program"

// nurtureStream is the PCG stream of the nurture planting: its own random
// source, so that the other files are the same bytes with or without it.
const nurtureStream = 0x6e757274757265 // "nurture"

// Planted effect: membership is drawn after the leads' outcomes, a lead
// that reached SQL joining with probability nurtureSQLJoin and one that
// did not with nurtureOtherJoin, in every stratum alike: the odds ratio
// of reaching SQL, members against non-members of a stratum, is
// NurtureOddsRatio = a (1 - b) / (b (1 - a)) in every stratum, what the
// Mantel-Haenszel odds ratio over the strata estimates.
const (
	nurtureOtherJoin = 0.2
	nurtureSQLJoin   = 1.0 / 3
	nurtureEnrollMax = 14 * day // enrollment within two weeks of creation
)

// NurtureOddsRatio is the planted common odds ratio (2).
var NurtureOddsRatio = nurtureSQLJoin * (1 - nurtureOtherJoin) / (nurtureOtherJoin * (1 - nurtureSQLJoin))

var nurtureHeader = []string{"lead_id", "occurred_at", "activity_type", "campaign"}

// NurtureTruth is the planted nurture effect: members of Program were
// drawn after the leads' outcomes (reaching Outcome or a later stage), a
// lead that reached it with probability SQLJoin, one that did not with
// OtherJoin, so that in every stratum (lead_source, industry, month of
// created_at) the odds of reaching it are OddsRatio times as high for
// members as for non-members. The rate ratio this makes varies with a
// stratum's rate (1 + (OddsRatio - 1)(1 - rate of members) ...), so the
// odds ratio is the planted constant.
type NurtureTruth struct {
	File       string   `json:"file"`
	Rows       int      `json:"rows"`
	Program    string   `json:"program"`
	Outcome    string   `json:"outcome"`
	Strata     []string `json:"strata"`
	OddsRatio  float64  `json:"odds_ratio"`
	SQLJoin    float64  `json:"join_probability_with_sql"`
	OtherJoin  float64  `json:"join_probability_without_sql"`
	Definition string   `json:"definition"`
}

// nurtureLead is what the planting needs of a lead, noted as it is
// written.
type nurtureLead struct {
	created int64
	stratum int32 // source, industry and month (noteNurture)
	sql     bool
}

// noteNurture notes the lead just generated for the nurture planting.
func (g *generator) noteNurture(industry int) {
	sql := false
	for _, st := range g.path {
		sql = sql || st >= stSQL
	}
	created := g.times[0]
	t := time.Unix(created, 0).UTC()
	month := t.Year()*12 + int(t.Month()) - 1
	stratum := (int32(month)*nIndustry+int32(industry))*nChannel + int32(g.touchBf[0].ch)
	g.nurtureLeads = append(g.nurtureLeads, nurtureLead{created, stratum, sql})
}

// plantNurture writes NurtureFile from the leads noted by noteNurture and
// records it in truth (Nurture, and its rows in Rows).
func plantNurture(cfg Config, g *generator, truth *Truth, create func(name string) (io.WriteCloser, error)) error {
	rng := rand.New(rand.NewPCG(cfg.Seed, nurtureStream))
	w, err := createRows(create, NurtureFile, nurtureHeader...)
	if err != nil {
		return err
	}
	for i, l := range g.nurtureLeads {
		prob := nurtureOtherJoin
		if l.sql {
			prob = nurtureSQLJoin
		}
		u, lag := rng.Float64(), rng.Int64N(nurtureEnrollMax)
		if u >= prob {
			continue
		}
		w.id('L', i+1, g.leadWidth)
		w.time(min(l.created+lag, g.end-1))
		w.text("program_enrollment")
		w.text(NurtureProgram)
		w.end()
	}
	if err := w.finish(); err != nil {
		return err
	}
	truth.Nurture = &NurtureTruth{File: NurtureFile, Rows: w.rows, Program: NurtureProgram, Outcome: "sql",
		Strata: []string{"lead_source", "industry", "month"}, OddsRatio: NurtureOddsRatio, SQLJoin: nurtureSQLJoin, OtherJoin: nurtureOtherJoin,
		Definition: "the odds of reaching sql (or a later stage) are odds_ratio times as high for members as for non-members of the same lead_source, industry and month of created_at"}
	truth.Rows[NurtureFile] = w.rows
	return nil
}
