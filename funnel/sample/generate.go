package sample

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/funnel-analytics/funnel/funnel/outfile"
)

// Headers of the files, in column order: canonical role names (and
// attribute names) that funnel/ingest binds without flags.
var (
	accountsHeader      = []string{"account_id", "account_name", "industry", "region", "employees", "revenue", "target"}
	leadsHeader         = []string{"lead_id", "account_id", "email", "created_at", "job_title", "seniority", "industry", "region", "employees", "lead_source", "lifecycle_stage", "mql_at", "sql_at", "won", "won_at"}
	touchesHeader       = []string{"lead_id", "account_id", "occurred_at", "activity_type", "channel", "campaign", "converted", "value"}
	stagesHeader        = []string{"entity_id", "stage", "entered_at"}
	opportunitiesHeader = []string{"opportunity_id", "account_id", "lead_id", "created_at", "closed_at", "amount", "won", "stage"}
	costsHeader         = []string{"channel", "campaign", "period", "cost"}
)

// pcgStream is the second word of the PCG state; the seed is the first.
const pcgStream = 0x66756e6e656c // "funnel"

const day = 86400

// Generate writes the export set for cfg: each of Files is opened with
// create, written and closed, truth.json last; the package documentation
// describes the files. It returns the planted truth. The same cfg gives the
// same bytes.
func Generate(cfg Config, create func(name string) (io.WriteCloser, error)) (*Truth, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	g := newGenerator(cfg)
	headers := [][]string{accountsHeader, leadsHeader, touchesHeader, stagesHeader, opportunitiesHeader, costsHeader}
	writers := make([]*rowWriter, 0, len(headers))
	fail := func(err error) (*Truth, error) {
		for _, w := range writers {
			w.closer.Close()
		}
		return nil, err
	}
	for i, h := range headers {
		w, err := createRows(create, Files[i], h...)
		if err != nil {
			return fail(err)
		}
		writers = append(writers, w)
	}
	g.accounts, g.leads, g.touches, g.stages, g.opps, g.costs = writers[0], writers[1], writers[2], writers[3], writers[4], writers[5]
	g.run()
	g.writeCosts()
	var firstErr error
	for _, w := range writers {
		if err := w.finish(); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	writers = nil
	if firstErr != nil {
		return nil, firstErr
	}
	truth := g.truth()
	if err := g.plantWebinars(create, truth); err != nil {
		return nil, err
	}
	if err := plantSignals(cfg, g, truth, create); err != nil {
		return nil, err
	}
	if err := plantContent(cfg, g, truth, create); err != nil {
		return nil, err
	}
	if err := plantNurture(cfg, g, truth, create); err != nil {
		return nil, err
	}
	if err := plantExperiment(cfg, g, truth, create); err != nil {
		return nil, err
	}
	if err := plantSpeed(cfg, g, truth, create); err != nil {
		return nil, err
	}
	if err := plantSocial(cfg, g, truth, create); err != nil {
		return nil, err
	}
	if err := plantTiers(cfg, g, truth, create); err != nil {
		return nil, err
	}
	wc, err := create(TruthFile)
	if err != nil {
		return nil, fmt.Errorf("sample: create %s: %w", TruthFile, err)
	}
	bw := bufio.NewWriter(wc)
	enc := json.NewEncoder(bw)
	enc.SetIndent("", "  ")
	err = enc.Encode(truth)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := wc.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("sample: write %s: %w", TruthFile, err)
	}
	return truth, nil
}

// WriteDir generates the export set for cfg into dir (created if needed),
// each file staged and all put in place together (outfile.Set): a run
// that fails while generating or writing leaves no partial export set and
// does not harm one already there.
func WriteDir(dir string, cfg Config) (*Truth, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	var set outfile.Set
	defer set.Discard()
	truth, err := Generate(cfg, func(name string) (io.WriteCloser, error) {
		return set.Create(filepath.Join(dir, name), nil)
	})
	if err != nil {
		return nil, err
	}
	if err := set.Commit(); err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	return truth, nil
}

// Existing returns the files of Files that dir already holds, in the
// order of Files: what writing a set there would replace.
func Existing(dir string) []string {
	var found []string
	for _, name := range Files {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			found = append(found, name)
		}
	}
	return found
}

// generator holds the state of one Generate call.
type generator struct {
	cfg Config
	rng *rand.Rand

	start, end int64 // the data window [start, end), Unix seconds
	startMonth int   // month index (year*12 + month-1) of start
	endMonth   int   // month index of the last month

	accounts, leads, touches, stages, opps, costs *rowWriter

	accountWidth, leadWidth, oppWidth int

	campaigns []campaign
	evergreen [nChannel]int32     // index of each channel's always-on campaign
	active    [nChannel][][]int32 // per channel and window month: active quarterly campaigns
	onboardID int32               // campaign index of onboarding touches (no cost)

	domains map[string]int

	winnerPathDays float64 // expected days from awareness to customer without skips or recycles

	// cumulative distributions
	channelCum    [2][nActivity][]float64 // [won][type]
	creatingCum   []float64
	onboardingCum []float64

	// per-lead buffers
	counts  [nActivity]int
	path    []int8
	times   []int64
	touchBf []touch
	emails  []string

	// tallies for the truth
	sum          Summary
	asOf         int64
	minEvent     int64
	firstWonDone bool
	icpAccounts  [2]int // accounts in the ideal profile: all, positive
	otherAccts   [2]int

	// for the signals planted after the set (signals.go)
	opportunities []plannedOpp  // every opportunity written, in order
	withLeads     []bool        // by account number: the account has a lead
	trialTouches  []trialTouch  // the trial signups and usage of touches.csv
	nurtureLeads  []nurtureLead // every lead, in order, for the nurture planting (nurture.go)

	experimentLeads []experimentLead // the pool of the planted test (experiment.go)

	// for the lifecycle plantings (speedtolead.go, stagechannel.go): the
	// leads that reached MQL, and the paid-social plan
	lifecycle []lifecycleLead
	social    *socialPlan

	targets []targetAccount // the target accounts, for the tiers (tiers.go)

	attendeePool *attendeePool // the leads the webinars' known attendees are (webinaraccounts.go)
}

type touch struct {
	at       int64
	act      int8
	ch       int8
	campaign int32
	order    int32 // generation order, for a stable sort
}

func newGenerator(cfg Config) *generator {
	g := &generator{
		cfg:      cfg,
		rng:      rand.New(rand.NewPCG(cfg.Seed, pcgStream)),
		domains:  make(map[string]int),
		minEvent: math.MaxInt64,
		asOf:     math.MinInt64,
	}
	endDay := cfg.End
	g.end = endDay.Unix() + day
	y, m, _ := endDay.Date()
	g.endMonth = y*12 + int(m) - 1
	g.startMonth = g.endMonth - cfg.Months + 1
	g.start = monthStart(g.startMonth)
	g.leadWidth = max(7, digits(cfg.Leads))
	g.accountWidth = max(6, digits(cfg.Leads))
	g.oppWidth = max(6, digits(cfg.Leads))
	for won := 0; won < 2; won++ {
		for t := 0; t < nActivity; t++ {
			var w [nChannel]float64
			for c := 0; c < nChannel; c++ {
				w[c] = channelMix[t][c]
				if won == 1 {
					w[c] *= math.Exp(channelLogOdds[c])
				}
			}
			g.channelCum[won][t] = cumulative(w[:])
		}
	}
	g.creatingCum = cumulative(creatingMix[:])
	g.onboardingCum = cumulative(onboardingMix[:])
	for k := range stCustomer {
		g.winnerPathDays += stepMeanDays(k, k+1)
	}
	g.buildCampaigns()
	g.attendeePool = newAttendeePool(g)
	return g
}

// run writes accounts, leads, touches, stages and opportunities.
func (g *generator) run() {
	lead := 0
	for id := 1; lead < g.cfg.Leads; id++ {
		a := g.newAccount(id)
		g.writeAccount(&a)
		n := min(a.committee, g.cfg.Leads-lead)
		g.emails = g.emails[:0]
		won := false
		for range n {
			lead++
			if g.lead(lead, &a) {
				won = true
			}
		}
		g.noteAttendeeAccount(&a, n)
		g.sum.Accounts++
		if n > 0 {
			g.sum.AccountsWithLeads++
		}
		tally := &g.otherAccts
		if a.ideal() {
			tally = &g.icpAccounts
		}
		tally[0]++
		if won {
			tally[1]++
		}
	}
}

// monthStart returns the Unix time of the first second of month index mi.
func monthStart(mi int) int64 {
	return time.Date(mi/12, time.Month(mi%12+1), 1, 0, 0, 0, 0, time.UTC).Unix()
}

// monthOf returns the month index (year*12 + month-1) of Unix time t.
func monthOf(t int64) int {
	y, m, _ := time.Unix(t, 0).UTC().Date()
	return y*12 + int(m) - 1
}

func periodName(mi int) string {
	return time.Date(mi/12, time.Month(mi%12+1), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
}

func digits(n int) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}

// cumulative returns the cumulative distribution of weights w.
func cumulative(w []float64) []float64 {
	c := make([]float64, len(w))
	total := 0.0
	for i := range w {
		total += w[i]
	}
	acc := 0.0
	for i := range w {
		acc += w[i]
		c[i] = acc / total
	}
	c[len(c)-1] = 1
	return c
}

// pick draws an index from a cumulative distribution.
func pick(r *rand.Rand, cum []float64) int {
	u := r.Float64()
	for i, c := range cum {
		if u < c {
			return i
		}
	}
	return len(cum) - 1
}

// poisson draws from Poisson(lambda) by Knuth's product of uniforms (the
// rates here are small).
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	lambda = min(lambda, 200)
	limit := math.Exp(-lambda)
	k := 0
	p := r.Float64()
	for p > limit {
		k++
		p *= r.Float64()
	}
	return k
}

// lognormalSeconds draws exp(mu + sigma*N(0,1)) days as whole seconds (at least a minute).
func lognormalSeconds(r *rand.Rand, mu, sigma float64) int64 {
	d := math.Exp(mu+sigma*r.NormFloat64()) * day
	return max(60, int64(math.Round(min(d, 3650*day))))
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func (g *generator) seen(t int64) {
	if t > g.asOf {
		g.asOf = t
	}
}
