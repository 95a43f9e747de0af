package sample

import (
	"fmt"
	"io"
	"math"
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

// Planted effect: members reach SQL NurtureRateRatio times as often as
// non-members of the same stratum; a lead that did not reach SQL joins
// with probability nurtureOtherJoin.
const (
	NurtureRateRatio = 1.5
	nurtureOtherJoin = 0.2
	nurtureEnrollMax = 14 * day // enrollment within two weeks of creation
)

var nurtureHeader = []string{"lead_id", "occurred_at", "activity_type", "campaign"}

// NurtureTruth is the planted nurture effect. Membership was drawn after
// the leads' outcomes (reaching SQL or a later stage), in each stratum
// (lead_source, industry, month of created_at) with N leads of which K
// reached SQL, p = K/N: a lead that did not with probability b, one that
// did with the probability a that solves
//
//	(R - 1) p a² + (p (1 - R) + q (1 - b + R b)) a - R b q = 0,  q = 1 - p,
//
// so that the expected SQL rate of the stratum's members, a p / (a p +
// b q), is R times that of its non-members, (1 - a) p / ((1 - a) p +
// (1 - b) q): a common rate ratio R, what a Mantel-Haenszel rate ratio
// over the strata estimates.
type NurtureTruth struct {
	File       string   `json:"file"`
	Rows       int      `json:"rows"`
	Program    string   `json:"program"`
	Outcome    string   `json:"outcome"`
	Strata     []string `json:"strata"`
	RateRatio  float64  `json:"rate_ratio"`
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

// memberProbability is a of NurtureTruth for a stratum's SQL share p.
func memberProbability(p, r, b float64) float64 {
	q := 1 - p
	qa, qb, qc := (r-1)*p, p*(1-r)+q*(1-b+r*b), -r*b*q
	if qa == 0 {
		return -qc / qb
	}
	return (-qb + math.Sqrt(qb*qb-4*qa*qc)) / (2 * qa)
}

// plantNurture writes NurtureFile from the leads noted by noteNurture and
// records it in truth (Nurture, and its rows in Rows).
func plantNurture(cfg Config, g *generator, truth *Truth, create func(name string) (io.WriteCloser, error)) error {
	rng := rand.New(rand.NewPCG(cfg.Seed, nurtureStream))
	type count struct{ n, k int }
	strata := map[int32]*count{}
	for _, l := range g.nurtureLeads {
		c := strata[l.stratum]
		if c == nil {
			c = &count{}
			strata[l.stratum] = c
		}
		c.n++
		if l.sql {
			c.k++
		}
	}
	wc, err := create(NurtureFile)
	if err != nil {
		return fmt.Errorf("sample: create %s: %w", NurtureFile, err)
	}
	w := newRowWriter(NurtureFile, wc, nurtureHeader...)
	for i, l := range g.nurtureLeads {
		c := strata[l.stratum]
		prob := nurtureOtherJoin
		if l.sql {
			prob = memberProbability(float64(c.k)/float64(c.n), NurtureRateRatio, nurtureOtherJoin)
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
		return fmt.Errorf("sample: write %s: %w", NurtureFile, err)
	}
	truth.Nurture = &NurtureTruth{File: NurtureFile, Rows: w.rows, Program: NurtureProgram, Outcome: "sql",
		Strata: []string{"lead_source", "industry", "month"}, RateRatio: NurtureRateRatio, OtherJoin: nurtureOtherJoin,
		Definition: "members reach sql (or a later stage) rate_ratio times as often as non-members of the same lead_source, industry and month of created_at"}
	truth.Rows[NurtureFile] = w.rows
	return nil
}
