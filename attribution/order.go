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
	maxOrder := cfg.MaxOrder
	if maxOrder == 0 {
		maxOrder = MaxMarkovOrder
	}
	if maxOrder < 1 || maxOrder > MaxMarkovOrder {
		return nil, fmt.Errorf("maximum Markov order %d out of 1..%d", maxOrder, MaxMarkovOrder)
	}
	frac := cfg.TestFraction
	if frac == 0 {
		frac = 0.3
	}
	if !(frac > 0 && frac < 1) {
		return nil, fmt.Errorf("test fraction %v out of (0, 1)", frac)
	}
	if !j.NullsKnown() {
		return nil, errors.New("choosing the Markov order needs null (non-converting) journeys")
	}
	np := j.NumPaths()
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x6d61726b6f76))
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
	trC, trN := make([]float64, np), make([]float64, np)
	teC, teN := make([]float64, np), make([]float64, np)
	res := &OrderChoice{AUC: make([]float64, maxOrder)}
	var baseC, baseN float64
	for p := 0; p < np; p++ {
		c, _, n := j.PathCounts(p)
		trC[p], teC[p] = split(c)
		trN[p], teN[p] = split(n)
		baseC += trC[p]
		baseN += trN[p]
		res.Train += trC[p] + trN[p]
		res.Test += teC[p] + teN[p]
	}
	if baseC == 0 || baseN == 0 {
		return nil, errors.New("choosing the Markov order: the training part has no conversion or no null journey (too few journeys for --auto-order; give --order instead)")
	}
	base := baseC / (baseC + baseN)
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
	type counts struct{ c, n float64 }
	ends := map[uint64]*counts{}
	for p := 0; p < np; p++ {
		if trC[p]+trN[p] == 0 {
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
			e.c += trC[p]
			e.n += trN[p]
		}
	}
	var scored []scoredPath
	for k := 1; k <= maxOrder; k++ {
		scored = scored[:0]
		for p := 0; p < np; p++ {
			if teC[p]+teN[p] == 0 {
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
			scored = append(scored, scoredPath{score, teC[p], teN[p]})
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
		return 0, errors.New("choosing the Markov order: the test part has no conversion or no null journey (too few journeys for --auto-order; give --order instead)")
	}
	return sum / (P * N), nil
}
