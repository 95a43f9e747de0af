package sample

import (
	"io"
	"math/rand/v2"
)

// SalesActivitiesFile holds the planted sales follow-up of `funnel speed`
// (issue 20): a Salesforce Tasks-like export of the sales team's calls,
// emails and meetings with leads (Activity ID, Lead ID, Subject, Type,
// Assigned, Date), besides touches.csv, which stays as it was.
const SalesActivitiesFile = "sales_activities.csv"

// speedStream is the second PCG word of the speed-to-lead planting, a
// random stream of its own, so that the other files do not change.
const speedStream = 0x7370656564 // "speed"

var salesActivitiesHeader = []string{"Activity ID", "Lead ID", "Subject", "Type", "Assigned", "Date"}

// SpeedBins are the delay bins of the planting, the bins of `funnel
// speed` (speed.Bins): under 5 minutes, 5 minutes to 1 hour, 1 hour to 1
// day, 1 day to 1 week, over 1 week, no sales touch.
var SpeedBins = []string{"under 5m", "5m-1h", "1h-1d", "1d-1w", "over 1w", "no sales touch"}

// speedBinEdges are the delays (seconds) the timed bins are drawn from,
// evenly in whole seconds: bin b is [speedBinEdges[b], speedBinEdges[b+1]),
// the last timed bin ending at four weeks.
var speedBinEdges = []int64{0, 5 * 60, 3600, day, 7 * day, 28 * day}

// speedBinWeights are the planted chances of each delay bin (SpeedBins)
// for an MQL that went on to SQL ([1]) and for one that did not ([0]):
// leads that convert were followed up faster.
var speedBinWeights = [2][6]float64{
	{0.05, 0.10, 0.20, 0.25, 0.20, 0.20},
	{0.20, 0.25, 0.25, 0.15, 0.08, 0.07},
}

var (
	salesTypes    = []string{"Call", "Email", "Meeting"}
	salesTypeCum  = []float64{0.55, 0.90, 1}
	salesOwners   = []string{"Alex Kim", "Dana Ruiz", "Sam Patel", "Jordan Lee", "Morgan Chen", "Riley Novak"}
	salesSubjects = map[string][]string{
		"Call":    {"Intro call", "Call: follow-up on demo request", "Left voicemail", "Discovery call"},
		"Email":   {"Email: Thanks for your interest", "Email: Following up", "Email: Resources you asked for"},
		"Meeting": {"Meeting: Discovery", "Meeting: Product walkthrough"},
	}
)

// SpeedTruth is the planted speed-to-lead effect. Every lead that reached
// MQL (its first entry into mql or a later stage, as velocity.Reached
// reads stages.csv) got its first sales touch in sales_activities.csv
// after a delay whose bin was drawn with the chances Weights["sql"] when
// the lead reached SQL and Weights["not_sql"] when it did not, evenly in
// whole seconds within the bin (over 1w: one to four weeks), or no sales
// touch; 0 to 3 follow-ups come later. A touch that would fall at or after
// the sample's as-of is not written: its lead shows no sales touch.
//
// So, by Bayes, the chance of reaching SQL given the delay bin b is
//
//	BayesSQLRate[b] = pi w1[b] / (pi w1[b] + (1 - pi) w0[b]),  pi = SQLBaseRate
//
// before that censoring, and with it, summing each lead's chance of
// landing in b (its weight times the share of the bin that ends before the
// as-of) over the leads:
//
//	SQLRate[b] = sum over SQL leads of P_i(b) / sum over all leads of P_i(b)
//
// the rate `funnel speed` recovers per bin (speed_by_delay's sql_rate),
// with ExpectedLeads[b] = sum of P_i(b). An opportunity is reached only
// after SQL and the delay depends on nothing else, so OpportunityRate[b]
// is the same sum over the leads that reached opportunity.
type SpeedTruth struct {
	File             string               `json:"file"`
	Rows             int                  `json:"rows"`
	Definition       string               `json:"definition"`
	Bins             []string             `json:"bins"`
	Weights          map[string][]float64 `json:"weights"` // "sql", "not_sql" -> chance per bin
	MQLLeads         int                  `json:"mql_leads"`
	SQLLeads         int                  `json:"sql_leads"`
	OpportunityLeads int                  `json:"opportunity_leads"`
	SQLBaseRate      float64              `json:"sql_base_rate"`
	BayesSQLRate     []float64            `json:"bayes_sql_rate"`
	ExpectedLeads    []float64            `json:"expected_leads"`
	SQLRate          []float64            `json:"sql_rate"`
	OpportunityRate  []float64            `json:"opportunity_rate"`
}

// lifecycleLead is what the plantings after the set need of a lead that
// reached MQL: its number, when it first stood at mql or above, and
// whether it reached sql and opportunity (recorded by noteLifecycle).
type lifecycleLead struct {
	id       int32
	mql      int64
	sql, opp bool
}

// noteLifecycle records the lead just generated (number id of account a,
// its path in g.path and g.times) when it reached MQL, and plans its
// paid-social touch (planSocial).
func (g *generator) noteLifecycle(id int, a *account) {
	reach := [nStage]int64{}
	for k := range reach {
		reach[k] = -1
	}
	for j, st := range g.path { // the first time at stage k or above
		for k := int(st); k >= 0 && reach[k] < 0; k-- {
			reach[k] = g.times[j]
		}
	}
	if reach[stMQL] < 0 {
		return
	}
	g.lifecycle = append(g.lifecycle, lifecycleLead{id: int32(id), mql: reach[stMQL], sql: reach[stSQL] >= 0, opp: reach[stOpportunity] >= 0})
	g.planSocial(id, a, &reach)
}

// plantSpeed writes SalesActivitiesFile for the MQL leads of g and records
// the truth (SpeedToLead, and its rows in Rows).
func plantSpeed(cfg Config, g *generator, truth *Truth, create func(name string) (io.WriteCloser, error)) error {
	rng := rand.New(rand.NewPCG(cfg.Seed, speedStream))
	w, err := createRows(create, SalesActivitiesFile, salesActivitiesHeader...)
	if err != nil {
		return err
	}
	limit := g.asOf // sales touches fall strictly before the as-of
	nb := len(SpeedBins)
	st := &SpeedTruth{File: SalesActivitiesFile, Bins: SpeedBins,
		Weights:       map[string][]float64{"sql": speedBinWeights[1][:], "not_sql": speedBinWeights[0][:]},
		ExpectedLeads: make([]float64, nb), SQLRate: make([]float64, nb), OpportunityRate: make([]float64, nb),
		BayesSQLRate: make([]float64, nb)}
	sqlMass, oppMass := make([]float64, nb), make([]float64, nb)
	cum := [2][]float64{cumulative(speedBinWeights[0][:]), cumulative(speedBinWeights[1][:])}
	activity := 0
	row := func(lead int32, at int64) {
		activity++
		typ := salesTypes[pick(rng, salesTypeCum)]
		w.id('T', activity, 8)
		w.id('L', int(lead), g.leadWidth)
		w.text(salesSubjects[typ][rng.IntN(len(salesSubjects[typ]))])
		w.text(typ)
		w.text(salesOwners[rng.IntN(len(salesOwners))])
		w.time(at)
		w.end()
	}
	for _, ld := range g.lifecycle {
		y := 0
		if ld.sql {
			y = 1
			st.SQLLeads++
		}
		if ld.opp {
			st.OpportunityLeads++
		}
		st.MQLLeads++
		p := observedBins(speedBinWeights[y], limit-ld.mql)
		for b := range p {
			st.ExpectedLeads[b] += p[b]
			if ld.sql {
				sqlMass[b] += p[b]
			}
			if ld.opp {
				oppMass[b] += p[b]
			}
		}
		b := pick(rng, cum[y])
		if b == nb-1 {
			continue
		}
		at := ld.mql + speedBinEdges[b] + rng.Int64N(speedBinEdges[b+1]-speedBinEdges[b])
		if at >= limit {
			continue
		}
		row(ld.id, at)
		for range rng.IntN(4) { // follow-ups within two weeks
			if next := at + 1 + rng.Int64N(14*day); next < limit {
				at = next
				row(ld.id, at)
			}
		}
	}
	if err := w.finish(); err != nil {
		return err
	}
	st.Rows = w.rows
	st.SQLBaseRate = ratio(st.SQLLeads, st.MQLLeads)
	for b := range nb {
		pi, w1, w0 := st.SQLBaseRate, speedBinWeights[1][b], speedBinWeights[0][b]
		st.BayesSQLRate[b] = pi * w1 / (pi*w1 + (1-pi)*w0)
		if st.ExpectedLeads[b] > 0 {
			st.SQLRate[b] = sqlMass[b] / st.ExpectedLeads[b]
			st.OpportunityRate[b] = oppMass[b] / st.ExpectedLeads[b]
		}
	}
	st.Definition = "the first sales touch of each MQL lead came after a delay whose bin was drawn with weights.sql when the lead reached SQL, " +
		"weights.not_sql when it did not (evenly in whole seconds within the bin; over 1w: one to four weeks); " +
		"a touch at or after the as-of is not written; sql_rate[b] = sum over SQL leads of P_i(b) / sum over MQL leads of P_i(b), " +
		"P_i(b) the chance of lead i to show delay bin b by the as-of"
	truth.SpeedToLead = st
	truth.Rows[SalesActivitiesFile] = w.rows
	return nil
}

// observedBins returns the chance of each bin of SpeedBins to be what a
// lead shows when its bin is drawn with weights and its delay evenly in
// whole seconds within the bin, a touch at remaining seconds or later
// being none.
func observedBins(weights [6]float64, remaining int64) (p [6]float64) {
	nb := len(weights)
	p[nb-1] = weights[nb-1]
	for b := 0; b < nb-1; b++ {
		lo, hi := speedBinEdges[b], speedBinEdges[b+1]
		in := float64(min(max(remaining-lo, 0), hi-lo)) / float64(hi-lo)
		p[b] = weights[b] * in
		p[nb-1] += weights[b] * (1 - in)
	}
	return p
}
