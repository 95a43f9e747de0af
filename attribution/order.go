package attribution

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// OrderConfig configures ChooseOrder.
type OrderConfig struct {
	MaxOrder     int     // highest order tried; 0 means MaxMarkovOrder
	TestFraction float64 // share of journeys held out; 0 means 0.3
	Seed         uint64  // seed of the split; the same seed gives the same split
}

// OrderChoice is the result of ChooseOrder.
type OrderChoice struct {
	Order int       // the chosen order
	AUC   []float64 // held-out ROC AUC of orders 1..MaxOrder (AUC[k-1])
	// Train and Test are the numbers of journeys in each part of the split.
	Train, Test float64
}

// ChooseOrder picks the Markov order that best predicts conversion out of
// sample, in the spirit of ChannelAttribution's choose_order (which scores
// each order by an in-sample ROC AUC penalized for the number of states;
// here the penalty is replaced by a held-out split).
//
// Every journey goes to the test part with probability TestFraction, by a
// PCG generator seeded with Seed (a path-table row of 3 conversions and 5
// nulls is 8 journeys, split one by one). For each order k the chain is
// fitted on the training journeys; a test journey is scored by the
// probability the fitted chain gives to conversion once the journey has
// taken its path, which depends only on its last state s (its last k
// channels):
//
//	p = n(s -> conversion) / (n(s -> conversion) + n(s -> null))
//
// A last state never seen in training backs off to its last k-1, k-2, ...
// channels, then to the training conversion rate. The order with the
// highest ROC AUC on the test journeys (conversions positive, nulls
// negative, ties counted half) wins; equal AUCs (within 1e-12) go to the
// lower order.
func ChooseOrder(j *Journeys, cfg OrderConfig) (*OrderChoice, error) {
	maxOrder, frac, err := cfg.settle()
	if err != nil {
		return nil, err
	}
	if !j.NullsKnown() {
		return nil, errors.New("choosing the Markov order needs null (non-converting) journeys")
	}
	np := j.NumPaths()
	sp := splitJourneys(j, frac, cfg.Seed)
	res := &OrderChoice{AUC: make([]float64, maxOrder), Train: sp.train, Test: sp.test}
	if sp.baseC == 0 || sp.baseN == 0 {
		return nil, errors.New("choosing the Markov order: the training part has no conversion or no null journey (too few journeys for --auto-order; give --markov-order instead)")
	}
	base := sp.baseC / (sp.baseC + sp.baseN)
	keyBits := uint(64 / MaxMarkovOrder)
	if j.NumChannels()+1 >= 1<<keyBits {
		return nil, fmt.Errorf("choosing the Markov order over %d channels: too many channels", j.NumChannels())
	}
	// suffix key of the last L channels of a path (L <= 4): codes packed
	// with the length in the top bits.
	suffix := func(path []int32, L int) uint64 {
		if L > len(path) {
			L = len(path)
		}
		key := uint64(L)
		for _, c := range path[len(path)-L:] {
			key = key<<keyBits | uint64(c+1)
		}
		return key
	}
	// Conversions and nulls of the training journeys by their last 1 to
	// maxOrder channels.
	type counts struct{ c, n float64 }
	ends := map[uint64]*counts{}
	for p := 0; p < np; p++ {
		if sp.trC[p]+sp.trN[p] == 0 {
			continue
		}
		path := j.Path(p)
		for L := 1; L <= maxOrder && L <= len(path); L++ {
			k := suffix(path, L)
			e := ends[k]
			if e == nil {
				e = &counts{}
				ends[k] = e
			}
			e.c += sp.trC[p]
			e.n += sp.trN[p]
		}
	}
	// Score the test journeys by each order.
	var scored []scoredPath
	for k := 1; k <= maxOrder; k++ {
		scored = scored[:0]
		for p := 0; p < np; p++ {
			if sp.teC[p]+sp.teN[p] == 0 {
				continue
			}
			path := j.Path(p)
			score := base
			for L := min(k, len(path)); L >= 1; L-- {
				if e := ends[suffix(path, L)]; e != nil {
					score = e.c / (e.c + e.n)
					break
				}
			}
			scored = append(scored, scoredPath{score, sp.teC[p], sp.teN[p]})
		}
		auc, err := rocAUC(scored)
		if err != nil {
			return nil, err
		}
		res.AUC[k-1] = auc
		if k == 1 || auc > res.AUC[res.Order-1]+1e-12 {
			res.Order = k
		}
	}
	return res, nil
}

// settle returns the highest order and the test fraction of cfg, with
// their defaults, or an error when either is out of range.
func (cfg OrderConfig) settle() (maxOrder int, frac float64, err error) {
	maxOrder = cfg.MaxOrder
	if maxOrder == 0 {
		maxOrder = MaxMarkovOrder
	}
	if maxOrder < 1 || maxOrder > MaxMarkovOrder {
		return 0, 0, fmt.Errorf("maximum Markov order %d out of 1..%d", maxOrder, MaxMarkovOrder)
	}
	frac = cfg.TestFraction
	if frac == 0 {
		frac = 0.3
	}
	if !(frac > 0 && frac < 1) {
		return 0, 0, fmt.Errorf("test fraction %v out of (0, 1)", frac)
	}
	return maxOrder, frac, nil
}

// journeySplit is the train/test split of ChooseOrder: per distinct path
// its training and test conversions and nulls, the training totals
// (baseC, baseN) and the journeys in each part.
type journeySplit struct {
	trC, trN, teC, teN []float64
	baseC, baseN       float64
	train, test        float64
}

// splitJourneys sends every journey of j to the test part with
// probability frac, by a PCG generator seeded with seed, path by path
// (conversions, then nulls); a fractional count goes whole to one part.
func splitJourneys(j *Journeys, frac float64, seed uint64) *journeySplit {
	rng := rand.New(rand.NewPCG(seed, 0x6d61726b6f76))
	split := func(n float64) (train, test float64) {
		whole := math.Floor(n)
		for i := 0.0; i < whole; i++ {
			if rng.Float64() < frac {
				test++
			} else {
				train++
			}
		}
		if rest := n - whole; rest > 0 {
			if rng.Float64() < frac {
				test += rest
			} else {
				train += rest
			}
		}
		return
	}
	np := j.NumPaths()
	sp := &journeySplit{trC: make([]float64, np), trN: make([]float64, np), teC: make([]float64, np), teN: make([]float64, np)}
	for p := 0; p < np; p++ {
		c, _, n := j.PathCounts(p)
		sp.trC[p], sp.teC[p] = split(c)
		sp.trN[p], sp.teN[p] = split(n)
		sp.baseC += sp.trC[p]
		sp.baseN += sp.trN[p]
		sp.train += sp.trC[p] + sp.trN[p]
		sp.test += sp.teC[p] + sp.teN[p]
	}
	return sp
}

type scoredPath struct {
	score    float64
	pos, neg float64
}

// rocAUC returns the weighted ROC AUC (the Mann-Whitney probability that a
// positive outscores a negative, ties counted half).
func rocAUC(s []scoredPath) (float64, error) {
	slices.SortFunc(s, func(a, b scoredPath) int {
		switch {
		case a.score < b.score:
			return -1
		case a.score > b.score:
			return 1
		}
		return 0
	})
	var P, N, sum, negBelow float64
	for i := 0; i < len(s); {
		k := i
		var gp, gn float64
		for ; k < len(s) && s[k].score == s[i].score; k++ {
			gp += s[k].pos
			gn += s[k].neg
		}
		sum += gp * (negBelow + gn/2)
		negBelow += gn
		P += gp
		N += gn
		i = k
	}
	if P == 0 || N == 0 {
		return 0, errors.New("choosing the Markov order: the test part has no conversion or no null journey (too few journeys for --auto-order; give --markov-order instead)")
	}
	return sum / (P * N), nil
}
