package attribution

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
)

// MaxMarkovOrder is the highest Markov order.
const MaxMarkovOrder = 4

// DefaultMaxMarkovStates and DefaultMaxMarkovChannels are the default
// MarkovLimits: the model solves the chain once per channel, each solve
// over its states, so the work grows with their product.
const (
	DefaultMaxMarkovStates   = 50000
	DefaultMaxMarkovChannels = 1000
)

// MarkovLimits bounds the Markov chain a model may build: more states (at
// the order asked) or more channels than these is ErrTooManyStates,
// before any solve.
type MarkovLimits struct {
	States   int // channel states of the chain; 0 means DefaultMaxMarkovStates
	Channels int // channels of the journeys; 0 means DefaultMaxMarkovChannels
}

// settle returns the limits with their defaults.
func (l MarkovLimits) settle() MarkovLimits {
	if l.States <= 0 {
		l.States = DefaultMaxMarkovStates
	}
	if l.Channels <= 0 {
		l.Channels = DefaultMaxMarkovChannels
	}
	return l
}

// denseEdgesMax is the largest chain whose transitions are counted in a
// dense matrix (8 MiB) rather than a map.
const denseEdgesMax = 1024

// chain is the Markov graph of a set of journeys at one order.
//
// States follow ChannelAttribution: a journey of channels c_1 ... c_n is
// read, at order k, as the states (c_1..c_k), (c_2..c_k+1), ...,
// (c_n-k+1..c_n) (one state, the whole path, when n <= k); consecutive
// equal states are merged (so at order 1 "a > a > b" is a -> b). Every
// journey adds one transition (start) -> first state, one between each pair
// of consecutive states, and ends in (conversion) or (null). State 0 is
// (start).
type chain struct {
	order    int
	states   [][]int32        // channels of each state; states[0] (start) is empty
	index    map[uint64]int32 // states of 2+ channels by packed key
	single   []int32          // states of one channel by channel code, -1 when none
	keyBits  uint
	sc       sparseChain
	count    []float64 // transitions per CSR edge
	conv     []float64 // transitions to (conversion) per state
	null     []float64 // transitions to (null) per state
	value    []float64 // conversion value of the journeys ending at each state
	out      []float64 // all transitions out of each state
	byChan   [][]int32 // states containing each channel
	pathConv float64   // total conversions
	pathVal  float64   // total conversion value
}

// buildChain builds the order-k chain of the distinct paths of j, with
// per-path conversions conv, value and nulls null (nil: the journeys' own),
// within limits lim (settled).
func buildChain(j *Journeys, order int, lim MarkovLimits, conv, value, null []float64) (*chain, error) {
	if order < 1 || order > MaxMarkovOrder {
		return nil, fmt.Errorf("Markov order %d out of 1..%d", order, MaxMarkovOrder)
	}
	if conv == nil {
		conv, value, null = j.pathConv, j.pathValue, j.pathNull
	}
	nch := j.NumChannels()
	if nch > lim.Channels {
		return nil, fmt.Errorf("%w: %d channels, at most %d (raise --max-markov-channels, or use --by with fewer levels)",
			ErrTooManyStates, nch, lim.Channels)
	}
	keyBits := uint(bits.Len(uint(nch + 1)))
	if keyBits*uint(order) > 64 {
		return nil, fmt.Errorf("Markov order %d over %d channels: too many channels", order, nch)
	}
	ch := &chain{order: order, index: map[uint64]int32{}, keyBits: keyBits, single: make([]int32, nch)}
	for i := range ch.single {
		ch.single[i] = -1
	}
	ch.states = append(ch.states, nil)
	ch.conv, ch.null, ch.value, ch.out = []float64{0}, []float64{0}, []float64{0}, []float64{0}
	// First pass: the state sequence of every path with an outcome.
	seqs := make([]int32, 0, len(j.pathSeq))
	weights := make([]float64, 0, j.NumPaths())
	starts := make([]int, 1, j.NumPaths()+1)
	for p := 0; p < j.NumPaths(); p++ {
		c, v, n := conv[p], value[p], null[p]
		if c+n <= 0 {
			continue
		}
		ch.pathConv += c
		ch.pathVal += v
		seqs = ch.pathStates(j.Path(p), seqs)
		if len(ch.states)-1 > lim.States {
			return nil, fmt.Errorf("%w: the order-%d chain has more than %d states (raise --max-markov-states, or lower --markov-order)",
				ErrTooManyStates, order, lim.States)
		}
		starts = append(starts, len(seqs))
		weights = append(weights, c+n)
		last := seqs[len(seqs)-1]
		ch.conv[last] += c
		ch.null[last] += n
		ch.value[last] += v
		ch.out[last] += c + n
	}
	// Second pass: count transitions, in a dense matrix when the chain is
	// small, else in a map.
	ns := len(ch.states)
	var dense []float64
	var edges map[uint64]float64
	if ns <= denseEdgesMax {
		dense = make([]float64, ns*ns)
	} else {
		edges = map[uint64]float64{}
	}
	for k, w := range weights {
		prev := int32(0)
		for _, s := range seqs[starts[k]:starts[k+1]] {
			if dense != nil {
				dense[int(prev)*ns+int(s)] += w
			} else {
				edges[uint64(prev)<<32|uint64(s)] += w
			}
			ch.out[prev] += w
			prev = s
		}
	}
	// CSR, rows in state order, columns sorted.
	var keys []uint64
	if dense != nil {
		for i, x := range dense {
			if x != 0 {
				keys = append(keys, uint64(i/ns)<<32|uint64(i%ns))
			}
		}
	} else {
		keys = make([]uint64, 0, len(edges))
		for k := range edges {
			keys = append(keys, k)
		}
		slices.Sort(keys)
	}
	ch.sc = sparseChain{n: ns, rowStart: make([]int32, ns+1), col: make([]int32, len(keys)), p: make([]float64, len(keys))}
	ch.count = make([]float64, len(keys))
	for e, k := range keys {
		from, to := int32(k>>32), int32(uint32(k))
		ch.sc.rowStart[from+1]++
		ch.sc.col[e] = to
		if dense != nil {
			ch.count[e] = dense[int(from)*ns+int(to)]
		} else {
			ch.count[e] = edges[k]
		}
		ch.sc.p[e] = ch.count[e] / ch.out[from]
	}
	for s := 0; s < ns; s++ {
		ch.sc.rowStart[s+1] += ch.sc.rowStart[s]
	}
	ch.sc.visits = ch.out
	ch.byChan = make([][]int32, nch)
	for s := 1; s < ns; s++ {
		for i, c := range ch.states[s] {
			if !slices.Contains(ch.states[s][:i], c) {
				ch.byChan[c] = append(ch.byChan[c], int32(s))
			}
		}
	}
	return ch, nil
}

// pathStates appends the state ids of path (windows of ch.order channels,
// consecutive duplicates merged), adding new states.
func (ch *chain) pathStates(path []int32, dst []int32) []int32 {
	k := ch.order
	windows := len(path) - k + 1
	if windows < 1 {
		windows, k = 1, len(path)
	}
	last := int32(-1)
	for i := 0; i < windows; i++ {
		w := path[i : i+k]
		var s int32
		var ok bool
		var key uint64
		if k == 1 {
			s = ch.single[w[0]]
			ok = s >= 0
		} else {
			for _, c := range w {
				key = key<<ch.keyBits | uint64(c+1)
			}
			s, ok = ch.index[key]
		}
		if !ok {
			s = int32(len(ch.states))
			if k == 1 {
				ch.single[w[0]] = s
			} else {
				ch.index[key] = s
			}
			ch.states = append(ch.states, slices.Clone(w))
			ch.conv = append(ch.conv, 0)
			ch.null = append(ch.null, 0)
			ch.value = append(ch.value, 0)
			ch.out = append(ch.out, 0)
		}
		if s != last {
			dst = append(dst, s)
			last = s
		}
	}
	return dst
}

// rates returns the right-hand sides of the absorbing solve: per state the
// probability of converting next, and the expected value gained next
// (the conversion probability times the mean value of the journeys that
// convert from that state):
//
//	r_s = conv_s / out_s,   u_s = (conv_s / out_s) (value_s / conv_s) = value_s / out_s
func (ch *chain) rates() [][]float64 {
	n := len(ch.states)
	r := make([]float64, n)
	u := make([]float64, n)
	for s := 0; s < n; s++ {
		if ch.out[s] > 0 {
			r[s] = ch.conv[s] / ch.out[s]
			u[s] = ch.value[s] / ch.out[s]
		}
	}
	return [][]float64{r, u}
}

// MarkovResult is the Markov model's attribution.
type MarkovResult struct {
	Credit
	Order int
	// RemovalEffect[c] = 1 - P(conversion | c removed) / P(conversion), and
	// RemovalEffectValue the same for the expected conversion value.
	RemovalEffect      []float64
	RemovalEffectValue []float64
	// ConversionProbability is P(conversion) from (start); ExpectedValue the
	// expected conversion value of a journey from (start).
	ConversionProbability float64
	ExpectedValue         float64
	// States is the number of channel states of the chain (without start,
	// conversion and null).
	States int
	names  []string
	ch     *chain
}

// MarkovModel attributes the journeys' conversions by the removal effects
// of an order-k Markov chain (k = 1..4), computed exactly by solving the
// absorbing chain rather than by simulation.
//
// With x_s the probability of reaching (conversion) from state s,
// x = (I - Q)^-1 r (Q the transitions among channel states, r_s the
// probability of converting next from s), and x^(-c) the same with every
// state that contains channel c removed (its transitions go to (null)):
//
//	RE_c       = 1 - x^(-c)_start / x_start
//	conv_c     = RE_c / Σ_d RE_d × total conversions
//
// Values: y = (I - Q)^-1 u with u_s = P(s -> conversion) × the mean value
// of the journeys converting from s, so y_start is the expected value of a
// journey; REV_c = 1 - y^(-c)_start / y_start and value_c = REV_c / Σ REV ×
// total value. These are the quantities ChannelAttribution's markov_model
// estimates by simulation (its removal effects are the share of simulated
// conversions that visit c).
//
// A chain over the default MarkovLimits is ErrTooManyStates;
// MarkovModelLimits takes other limits.
func MarkovModel(j *Journeys, order int) (*MarkovResult, error) {
	return markovModel(j, order, MarkovLimits{}, 0)
}

// MarkovModelLimits is MarkovModel within limits lim (zero fields: the
// defaults).
func MarkovModelLimits(j *Journeys, order int, lim MarkovLimits) (*MarkovResult, error) {
	return markovModel(j, order, lim, 0)
}

// markovModel is MarkovModelLimits solving blocks of up to denseMax states
// by dense LU (0: denseBlockMax); tests compare the two solvers with it.
func markovModel(j *Journeys, order int, lim MarkovLimits, denseMax int) (*MarkovResult, error) {
	ch, err := buildChain(j, order, lim.settle(), nil, nil, nil)
	if err != nil {
		return nil, err
	}
	ch.sc.denseMax = denseMax
	if ch.pathConv <= 0 {
		return nil, ErrNoConversions
	}
	rhs := ch.rates()
	full, err := ch.sc.solve(nil, rhs, nil)
	if err != nil {
		return nil, err
	}
	nch := j.NumChannels()
	res := &MarkovResult{
		Credit:                Credit{Model: Markov, Conversions: make([]float64, nch), Value: make([]float64, nch)},
		Order:                 order,
		RemovalEffect:         make([]float64, nch),
		RemovalEffectValue:    make([]float64, nch),
		ConversionProbability: full[0][0],
		ExpectedValue:         full[1][0],
		States:                len(ch.states) - 1,
		names:                 j.channels,
		ch:                    ch,
	}
	keep := make([]bool, len(ch.states))
	sumRE, sumREV := 0.0, 0.0
	for c := 0; c < nch; c++ {
		if len(ch.byChan[c]) == 0 {
			continue // a channel only on journeys without outcome
		}
		for i := range keep {
			keep[i] = true
		}
		for _, s := range ch.byChan[c] {
			keep[s] = false
		}
		x, err := ch.sc.solve(keep, rhs, full)
		if err != nil {
			return nil, err
		}
		res.RemovalEffect[c] = 1 - x[0][0]/full[0][0]
		if full[1][0] > 0 {
			res.RemovalEffectValue[c] = 1 - x[1][0]/full[1][0]
		}
		sumRE += res.RemovalEffect[c]
		sumREV += res.RemovalEffectValue[c]
	}
	for c := 0; c < nch; c++ {
		if sumRE > 0 {
			res.Conversions[c] = res.RemovalEffect[c] / sumRE * ch.pathConv
		}
		if sumREV > 0 {
			res.Value[c] = res.RemovalEffectValue[c] / sumREV * ch.pathVal
		}
	}
	if err := checkSums(&res.Credit, ch.pathConv, ch.pathVal); err != nil {
		return nil, err
	}
	return res, nil
}

// Transition is one transition of a Markov chain: its states (a channel,
// channels joined by " > " at higher orders, or "(start)", "(conversion)",
// "(null)"), the observed number of transitions and its probability.
type Transition struct {
	From        string  `table:"from"`
	To          string  `table:"to"`
	Count       float64 `table:"transitions"`
	Probability float64 `table:"probability"`
}

// Transitions returns the chain's transition matrix, rows in order of the
// states' first appearance, (start) first; each row's probabilities sum to 1.
func (r *MarkovResult) Transitions() []Transition {
	ch := r.ch
	name := func(s int) string {
		if s == 0 {
			return "(start)"
		}
		parts := make([]string, len(ch.states[s]))
		for i, c := range ch.states[s] {
			parts[i] = r.names[c]
		}
		return strings.Join(parts, " > ")
	}
	var out []Transition
	for s := 0; s < len(ch.states); s++ {
		from := name(s)
		for e := ch.sc.rowStart[s]; e < ch.sc.rowStart[s+1]; e++ {
			out = append(out, Transition{from, name(int(ch.sc.col[e])), ch.count[e], ch.sc.p[e]})
		}
		if ch.conv[s] > 0 {
			out = append(out, Transition{from, "(conversion)", ch.conv[s], ch.conv[s] / ch.out[s]})
		}
		if ch.null[s] > 0 {
			out = append(out, Transition{from, "(null)", ch.null[s], ch.null[s] / ch.out[s]})
		}
	}
	return out
}
