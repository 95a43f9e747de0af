package accounts

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
)

// Lookalike settings that are not options.
const (
	// LookalikeHoldoutFolds: one stratified fold in this many (20%) is
	// held out to calibrate the classifier and measure its recall.
	LookalikeHoldoutFolds = 5
	// LookalikeLambda is the l2 penalty of the positive-vs-unlabeled
	// classifier (per row, see scoring.PenaltyL2): small, only to keep estimates
	// finite when a level holds positives only.
	LookalikeLambda = 1e-3
)

// LookalikeResult is the outcome of positive-unlabeled learning (Elkan and
// Noto 2008, "Learning classifiers from only positive and unlabeled
// data"). Accounts that reached the positive outcome are labeled; every
// other account is unlabeled, a mix of negatives and positives not yet
// found. A logistic classifier g(x) = P(labeled | x) is fitted on 80% of
// the accounts; on the held-out 20%, c = mean g(x) over the labeled
// accounts estimates P(labeled | positive), and
//
//	probability(x) = min(1, g(x) / c)
//
// estimates P(positive | x). The held-out recall is the share of held-out
// labeled accounts whose probability reaches the cut-off; a random ranking
// that flags as many held-out accounts has an expected recall of
// FlaggedShare.
type LookalikeResult struct {
	Positives         Outcome
	PositiveAccounts  int
	UnlabeledAccounts int
	// Terms are the classifier's design columns (intercept first): the
	// account columns (text as column=level indicators against the most
	// frequent level, employees and revenue as log10(1+x), a missing
	// number as the mean with a column=(missing) indicator) and the
	// engagement terms log1p(type): touches of each activity type before
	// the account's cutoff (its positive moment, else the as-of time).
	Terms          []string
	Regression     *scoring.Regression
	LabelFrequency float64 // c
	Cutoff         float64
	Seed           uint64
	Holdout        LookalikeHoldout
	// Lookalikes are the unlabeled accounts, most probable first;
	// Labeled the labeled ones, in the same order.
	Lookalikes []Lookalike
	Labeled    []Lookalike
	Warnings   []string
}

// LookalikeHoldout measures the classifier on the held-out accounts.
type LookalikeHoldout struct {
	Accounts, Positives       int
	Flagged, PositivesFlagged int
	// Recall = PositivesFlagged / Positives; FlaggedShare = Flagged /
	// Accounts, the expected recall of a random ranking flagging as many;
	// Lift = Recall / FlaggedShare.
	Recall, FlaggedShare, Lift float64
	// AUC of g(x), labeled against unlabeled held-out accounts.
	AUC float64
}

// Lookalike is one unlabeled account with its probability of being a
// positive, its raw classifier score g(x) and its profile (the values of
// the account columns used). The tagged fields are the columns of the
// lookalikes table.
type Lookalike struct {
	ID          string  `table:"account_id"`
	Probability float64 `table:"probability"`
	Score       float64 `table:"score"`
	Profile     string  `table:"profile"`
	Holdout     bool    `table:"holdout"` // in the held-out fifth
}

// lookalikeColumn is one account column for the classifier, one value per
// account.
type lookalikeColumn struct {
	name    string
	numeric bool
	log     bool      // log10(1+x): sizes
	text    []string  // categorical levels, "" when missing
	nums    []float64 // numbers, NaN when missing
}

// lookalikes fits the positive-unlabeled classifier: it labels the
// accounts that reached the positives, builds the design from the account
// columns and the engagement, fits on four fifths and calibrates and
// measures on the held-out fifth, then ranks the accounts.
func (s *accountSet) lookalikes(accts []Account, cfg Options) (*LookalikeResult, error) {
	pos := cfg.Positives
	if pos == 0 {
		pos = OutcomeHighIntensity
		if s.opps != nil {
			pos = OutcomeWon
		}
	}
	res := &LookalikeResult{Positives: pos, Cutoff: cfg.LookalikeCutoff, Seed: cfg.Seed}
	moments, err := s.outcomeMoments(accts, pos)
	if err != nil {
		return nil, err
	}
	n := len(accts)
	y := make([]float64, n)
	for k, m := range moments {
		if m != funnel.NoTime {
			y[k] = 1
			res.PositiveAccounts++
		}
	}
	res.UnlabeledAccounts = n - res.PositiveAccounts
	if res.PositiveAccounts < LookalikeHoldoutFolds || res.UnlabeledAccounts < LookalikeHoldoutFolds {
		return nil, fmt.Errorf("accounts: lookalikes need at least %d positive (%s) and %d other accounts; have %d and %d",
			LookalikeHoldoutFolds, pos, LookalikeHoldoutFolds, res.PositiveAccounts, res.UnlabeledAccounts)
	}
	cols, err := s.lookalikeColumns(res, cfg.LookalikeFeatures, n)
	if err != nil {
		return nil, err
	}
	var eng engagement
	if !cfg.NoEngagement && s.typeCodes != nil {
		eng = s.engagement(accts, moments)
	}
	if len(cols) == 0 && len(eng.types) == 0 {
		return nil, fmt.Errorf("accounts: lookalikes have no features: give --lookalike-features, or touches with activity types")
	}
	d, err := lookalikeDesign(cols, eng, n)
	if err != nil {
		return nil, err
	}
	res.Terms = d.Names

	// Fit on four fifths, calibrate and measure on the held-out fifth.
	folds := scoring.StratifiedFolds(y, LookalikeHoldoutFolds, cfg.Seed)
	g, err := res.fit(d, y, folds)
	if err != nil {
		return nil, err
	}
	prob := res.holdout(g, y, folds)
	res.rank(accts, cols, y, g, prob, folds)
	return res, nil
}

// lookalikeColumns reads the account columns names (nil means industry,
// region and employees, those of them that exist); a column named
// explicitly must exist.
func (s *accountSet) lookalikeColumns(res *LookalikeResult, names []string, n int) ([]*lookalikeColumn, error) {
	explicit := names != nil
	if !explicit {
		names = []string{funnel.RoleIndustry, funnel.RoleRegion, funnel.RoleEmployees}
	}
	var cols []*lookalikeColumn
	for _, name := range names {
		c, err := s.lookalikeColumn(name, n)
		if err != nil {
			return nil, err
		}
		if c == nil {
			if explicit {
				return nil, fmt.Errorf("accounts: --lookalike-features: no column %q in the accounts or the leads", name)
			}
			continue
		}
		cols = append(cols, c)
	}
	if len(cols) == 0 && !explicit {
		res.warnf("lookalike: neither the accounts nor the leads have industry, region or employees columns; only engagement is used")
	}
	return cols, nil
}

// engagement is the touches per activity type before each account's
// cutoff: types in name order, counts[j][k] the touches of types[j] by
// account k.
type engagement struct {
	types  []string
	counts [][]float64
}

// engagement counts the touches of each account per activity type before
// its cutoff (its outcome moment; all its touches when it has none).
func (s *accountSet) engagement(accts []Account, moments []int64) engagement {
	n := len(accts)
	var types []string
	var counts [][]float64 // per type, per account
	slot := filled(s.dict.Len(), -1)
	for k := range accts {
		cut := moments[k]
		for _, i := range s.touchRows(k) {
			if cut != funnel.NoTime && s.times[i] >= cut {
				break
			}
			c := s.typeCodes[i]
			if c == funnel.NA {
				continue
			}
			if slot[c] < 0 {
				slot[c] = int32(len(types))
				types = append(types, s.dict.String(c))
				counts = append(counts, make([]float64, n))
			}
			counts[slot[c]][k]++
		}
	}
	order := make([]int, len(types))
	for j := range order {
		order[j] = j
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(types[a], types[b]) })
	st, sc := make([]string, len(types)), make([][]float64, len(types))
	for j, o := range order {
		st[j], sc[j] = types[o], counts[o]
	}
	return engagement{types: st, counts: sc}
}

// lookalikeEncoding is how one account column enters the design: a
// number as itself (log10(1+x) for sizes) with missing values at the
// mean, text as indicators of its levels but the most frequent; either
// with a column=(missing) indicator when a value is missing.
type lookalikeEncoding struct {
	col       *lookalikeColumn
	levels    []string // categorical: levels with a term
	reference string
	mean      float64 // numeric: fill-in of missing values
	missing   bool    // a column=(missing) term
}

// encode returns the encoding of c and appends the names of its terms to
// terms.
func encode(c *lookalikeColumn, terms []string) (lookalikeEncoding, []string) {
	e := lookalikeEncoding{col: c}
	if c.numeric {
		sum, m := 0.0, 0
		for _, v := range c.nums {
			if math.IsNaN(v) {
				e.missing = true
				continue
			}
			if c.log {
				v = math.Log10(1 + math.Max(v, 0))
			}
			sum += v
			m++
		}
		if m > 0 {
			e.mean = sum / float64(m)
		}
		name := c.name
		if c.log {
			name = "log10(1+" + c.name + ")"
		}
		terms = append(terms, name)
	} else {
		count := map[string]int{}
		for _, v := range c.text {
			if v == "" {
				e.missing = true
				continue
			}
			count[v]++
		}
		levels := make([]string, 0, len(count))
		for l := range count {
			levels = append(levels, l)
		}
		slices.Sort(levels)
		for _, l := range levels {
			if e.reference == "" || count[l] > count[e.reference] {
				e.reference = l
			}
		}
		for _, l := range levels {
			if l != e.reference {
				e.levels = append(e.levels, l)
				terms = append(terms, c.name+"="+l)
			}
		}
	}
	if e.missing {
		terms = append(terms, c.name+"="+scoring.MissingLevel)
	}
	return e, terms
}

// fill writes the terms of account k into x from column j on and returns
// the column after them.
func (e *lookalikeEncoding) fill(x []float64, j, k int) int {
	c := e.col
	if c.numeric {
		v := c.nums[k]
		if math.IsNaN(v) {
			x[j] = e.mean
		} else {
			if c.log {
				v = math.Log10(1 + math.Max(v, 0))
			}
			x[j] = v
		}
		j++
	} else {
		v := c.text[k]
		for _, l := range e.levels {
			if v == l {
				x[j] = 1
			}
			j++
		}
	}
	if e.missing {
		if (c.numeric && math.IsNaN(c.nums[k])) || (!c.numeric && c.text[k] == "") {
			x[j] = 1
		}
		j++
	}
	return j
}

// lookalikeDesign is the design of the classifier: the intercept, the
// account columns' terms, then log1p of each engagement count.
func lookalikeDesign(cols []*lookalikeColumn, eng engagement, n int) (*scoring.Design, error) {
	var terms []string
	encs := make([]lookalikeEncoding, len(cols))
	for j, c := range cols {
		encs[j], terms = encode(c, terms)
	}
	for _, t := range eng.types {
		terms = append(terms, "log1p("+t+")")
	}
	if err := scoring.CheckTerms(terms); err != nil {
		return nil, err
	}
	d := scoring.NewDesign(terms, n)
	for k := 0; k < n; k++ {
		x := d.Row(k)
		j := 1
		for e := range encs {
			j = encs[e].fill(x, j, k)
		}
		for t := range eng.types {
			x[j] = math.Log1p(eng.counts[t][k])
			j++
		}
	}
	return d, nil
}

// fit fits the classifier g(x) on the accounts outside the held-out fold
// 0 and returns g of every account.
func (r *LookalikeResult) fit(d *scoring.Design, y []float64, folds []int) ([]float64, error) {
	var train []int32
	for k, f := range folds {
		if f != 0 {
			train = append(train, int32(k))
		}
	}
	reg, err := scoring.Logistic(d, y, scoring.LogisticOptions{Penalty: scoring.PenaltyL2, Lambda: LookalikeLambda, Rows: train, VIFLimit: -1})
	if err != nil {
		return nil, fmt.Errorf("lookalike: %w", err)
	}
	r.Regression = reg
	for _, w := range reg.Warnings {
		r.warnf("lookalike: %s", w)
	}
	return reg.Predict(d), nil
}

// holdout estimates the label frequency c on the held-out fold 0, returns
// every account's probability min(1, g / c) and measures the held-out
// recall, lift and AUC.
func (r *LookalikeResult) holdout(g, y []float64, folds []int) []float64 {
	var cSum float64
	var hg, hy []float64
	h := &r.Holdout
	for k, f := range folds {
		if f != 0 {
			continue
		}
		hg, hy = append(hg, g[k]), append(hy, y[k])
		h.Accounts++
		if y[k] == 1 {
			h.Positives++
			cSum += g[k]
		}
	}
	r.LabelFrequency = cSum / float64(h.Positives)
	prob := make([]float64, len(g))
	for k := range prob {
		prob[k] = math.Min(1, g[k]/r.LabelFrequency)
	}
	for k, f := range folds {
		if f != 0 || prob[k] < r.Cutoff {
			continue
		}
		h.Flagged++
		if y[k] == 1 {
			h.PositivesFlagged++
		}
	}
	h.Recall = float64(h.PositivesFlagged) / float64(h.Positives)
	h.FlaggedShare = float64(h.Flagged) / float64(h.Accounts)
	h.Lift = math.NaN()
	if h.Flagged > 0 {
		h.Lift = h.Recall / h.FlaggedShare
	}
	h.AUC = scoring.AUC(hg, hy)
	return prob
}

// rank fills Lookalikes and Labeled with the accounts' probabilities,
// scores and profiles, highest score first (ties by id).
func (r *LookalikeResult) rank(accts []Account, cols []*lookalikeColumn, y, g, prob []float64, folds []int) {
	for k := range accts {
		var parts []string
		for _, c := range cols {
			v := c.text
			if c.numeric {
				s := ""
				if !math.IsNaN(c.nums[k]) {
					s = strconv.FormatFloat(c.nums[k], 'f', -1, 64)
				}
				parts = append(parts, c.name+"="+s)
				continue
			}
			parts = append(parts, c.name+"="+v[k])
		}
		l := Lookalike{
			ID: accts[k].ID, Probability: prob[k], Score: g[k], Profile: strings.Join(parts, ", "), Holdout: folds[k] == 0,
		}
		if y[k] == 1 {
			r.Labeled = append(r.Labeled, l)
		} else {
			r.Lookalikes = append(r.Lookalikes, l)
		}
	}
	byScore := func(a, b Lookalike) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	}
	slices.SortStableFunc(r.Lookalikes, byScore)
	slices.SortStableFunc(r.Labeled, byScore)
}

// lookalikeColumn reads column name per account from the accounts table,
// else from the leads (the first lead of the account with a value); nil
// when neither has it.
func (s *accountSet) lookalikeColumn(name string, n int) (*lookalikeColumn, error) {
	t := s.ds.Accounts
	c := t.Named(name)
	if c == nil {
		t = s.ds.Leads
		if t.Role(funnel.RoleAccountID) == nil {
			return nil, nil
		}
		c = t.Named(name)
	}
	if c == nil {
		return nil, nil
	}
	if c.Kind == funnel.KindTime {
		return nil, fmt.Errorf("accounts: column %q of %s holds dates; lookalike features take numbers, text or yes/no values", name, t.Source)
	}
	lc := &lookalikeColumn{name: name, numeric: c.Kind == funnel.KindNumber}
	lc.log = lc.numeric && (c.Role == funnel.RoleEmployees || c.Role == funnel.RoleRevenue)
	if lc.numeric {
		lc.nums = make([]float64, n)
		for k := range lc.nums {
			lc.nums[k] = math.NaN()
		}
	} else {
		lc.text = make([]string, n)
	}
	ids := t.Role(funnel.RoleAccountID)
	for i, code := range ids.Codes {
		if code == funnel.NA || c.IsNA(i) {
			continue
		}
		k := s.byCode[code]
		if lc.numeric {
			if math.IsNaN(lc.nums[k]) {
				lc.nums[k] = c.Nums[i]
			}
		} else if lc.text[k] == "" {
			lc.text[k] = t.Text(c, i)
		}
	}
	return lc, nil
}

func (r *LookalikeResult) warnf(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}
