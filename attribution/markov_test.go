package attribution

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// addPaths adds aggregated paths given as channel-name lists.
func addPaths(j *Journeys, rows ...struct {
	path             []string
	conv, val, nulls float64
}) {
	for _, r := range rows {
		codes := make([]int32, len(r.path))
		for i, n := range r.path {
			codes[i] = j.Channel(n)
		}
		j.AddPath(codes, r.conv, r.val, r.nulls)
	}
}

type pathRow = struct {
	path             []string
	conv, val, nulls float64
}

// TestMarkovByHand solves a three-path chain by hand:
//
//	a > b   1 conversion (value 30), 1 null
//	a       1 conversion (value 50), 2 nulls
//	b       1 conversion (value 10)
//
// Transitions: start->a 5/6, start->b 1/6; a->b 2/5, a->conv 1/5,
// a->null 2/5; b->conv 2/3, b->null 1/3. P(conv): x_b = 2/3,
// x_a = 2/5·2/3 + 1/5 = 7/15, x_start = 5/6·7/15 + 1/6·2/3 = 1/2.
// Without a: x_start = 1/6·2/3 = 1/9, RE_a = 1 - 2/9 = 7/9; without b:
// x_a = 1/5, x_start = 1/6, RE_b = 2/3. Conversions 3·(7/9)/(13/9) = 21/13
// and 18/13. Values: mean value converting from a 50, from b 20;
// y_b = 2/3·20 = 40/3, y_a = 2/5·40/3 + 1/5·50 = 46/3, y_start = 15
// (= 90/6); without a 20/9, REV_a = 23/27; without b 25/3, REV_b = 4/9;
// value 90·23/35 and 90·12/35.
func TestMarkovByHand(t *testing.T) {
	t.Parallel()
	rows := []pathRow{
		{[]string{"a", "b"}, 1, 30, 1},
		{[]string{"a"}, 1, 50, 2},
		{[]string{"b"}, 1, 10, 0},
	}
	// Repeated channels merge at order 1: a > a > b is the chain a -> b.
	repeated := []pathRow{
		{[]string{"a", "a", "b"}, 1, 30, 1},
		{[]string{"a", "a"}, 1, 50, 2},
		{[]string{"b", "b", "b"}, 1, 10, 0},
	}
	for name, rs := range map[string][]pathRow{"plain": rows, "repeated channels": repeated} {
		j := NewJourneys("channel")
		addPaths(j, rs...)
		r, err := MarkovModel(j, 1)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			got, want float64
			what      string
		}{
			{r.ConversionProbability, 0.5, "P(conv)"},
			{r.ExpectedValue, 15, "E[value]"},
			{r.RemovalEffect[0], 7.0 / 9, "RE a"},
			{r.RemovalEffect[1], 2.0 / 3, "RE b"},
			{r.Conversions[0], 21.0 / 13, "conversions a"},
			{r.Conversions[1], 18.0 / 13, "conversions b"},
			{r.RemovalEffectValue[0], 23.0 / 27, "REV a"},
			{r.RemovalEffectValue[1], 4.0 / 9, "REV b"},
			{r.Value[0], 90 * 23.0 / 35, "value a"},
			{r.Value[1], 90 * 12.0 / 35, "value b"},
		}
		for _, w := range want {
			if !scalar.EqualWithinAbs(w.got, w.want, 1e-12) {
				t.Errorf("%s: %s = %v, want %v", name, w.what, w.got, w.want)
			}
		}
	}
}

// TestMarkovOrder2States: at order 2 a path is read as its windows of two
// channels (ChannelAttribution's convention), a shorter path as one state,
// and equal consecutive windows merge.
func TestMarkovOrder2States(t *testing.T) {
	t.Parallel()
	j := NewJourneys("channel")
	addPaths(j,
		pathRow{[]string{"a", "b", "c"}, 1, 5, 0},
		pathRow{[]string{"b"}, 0, 0, 1},
		pathRow{[]string{"a", "a", "a", "b"}, 0, 0, 2},
	)
	r, err := MarkovModel(j, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []Transition{
		{"(start)", "a > b", 1, 1.0 / 4},
		{"(start)", "b", 1, 1.0 / 4},
		{"(start)", "a > a", 2, 2.0 / 4},
		{"a > b", "b > c", 1, 1.0 / 3},
		{"a > b", "(null)", 2, 2.0 / 3},
		{"b > c", "(conversion)", 1, 1},
		{"b", "(null)", 1, 1},
		{"a > a", "a > b", 2, 1},
	}
	got := r.Transitions()
	if len(got) != len(want) {
		t.Fatalf("transitions %v, want %v", got, want)
	}
	for i := range want {
		if got[i].From != want[i].From || got[i].To != want[i].To || got[i].Count != want[i].Count ||
			!scalar.EqualWithinAbs(got[i].Probability, want[i].Probability, 1e-15) {
			t.Errorf("transition %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	// P(conv) = 1/4 · 1/3 + 2/4 · 1 · 1/3 = 1/4; removing a, b or c each
	// kills the only converting path: every removal effect is 1, so each
	// channel gets a third of the conversion.
	for c := 0; c < 3; c++ {
		if !scalar.EqualWithinAbs(r.RemovalEffect[c], 1, 1e-15) || !scalar.EqualWithinAbs(r.Conversions[c], 1.0/3, 1e-15) {
			t.Errorf("channel %d: RE %v, conversions %v", c, r.RemovalEffect[c], r.Conversions[c])
		}
	}
	if !scalar.EqualWithinAbs(r.ConversionProbability, 0.25, 1e-15) {
		t.Errorf("P(conv) %v", r.ConversionProbability)
	}
}

// TestMarkovNoNulls: without null journeys every journey converts; the
// removal effect of a channel is the share of journeys through it.
// Paths: a (2 conv), a > b (1), c (1): RE_a = 3/4, RE_b = 1/4, RE_c = 1/4;
// conversions 4·(3/4)/(5/4) = 2.4, 0.8, 0.8.
func TestMarkovNoNulls(t *testing.T) {
	t.Parallel()
	j := NewJourneys("channel")
	j.SetNullsKnown(false)
	addPaths(j,
		pathRow{[]string{"a"}, 2, 0, 0},
		pathRow{[]string{"a", "b"}, 1, 0, 0},
		pathRow{[]string{"c"}, 1, 0, 0},
	)
	r, err := MarkovModel(j, 1)
	if err != nil {
		t.Fatal(err)
	}
	for c, want := range []float64{2.4, 0.8, 0.8} {
		if !scalar.EqualWithinAbs(r.Conversions[c], want, 1e-12) {
			t.Errorf("channel %d: %v, want %v", c, r.Conversions[c], want)
		}
		if r.Value[c] != 0 || r.RemovalEffectValue[c] != 0 {
			t.Errorf("channel %d: value %v, REV %v without any value", c, r.Value[c], r.RemovalEffectValue[c])
		}
	}
	res, err := Attribute(j, Config{Models: []Model{Markov}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 2 || !strings.HasPrefix(res.Warnings[0], "no null (non-converting) journeys") ||
		!strings.HasPrefix(res.Warnings[1], "the conversions carry no value") {
		t.Errorf("warnings %q, want one about null journeys and one about value", res.Warnings)
	}
}

func TestMarkovErrors(t *testing.T) {
	t.Parallel()
	j := NewJourneys("channel")
	addPaths(j, pathRow{[]string{"a"}, 0, 0, 4})
	if _, err := MarkovModel(j, 1); !errors.Is(err, ErrNoConversions) {
		t.Errorf("no conversions: %v", err)
	}
	for _, order := range []int{0, 5} {
		if _, err := MarkovModel(j, order); err == nil {
			t.Errorf("order %d: no error", order)
		}
	}
}

// TestMarkovLimits: a chain one state or one channel over its limit is
// ErrTooManyStates naming the limit and its flag; at the limit it is
// solved. The planted sets: 224 channels give 50,176 ordered pairs, and
// 50,001 distinct two-step paths are 50,001 order-2 states (each path one
// state); 1,001 one-step paths are 1,001 channels.
func TestMarkovLimits(t *testing.T) {
	t.Parallel()
	pairs := NewJourneys("channel")
	codes := make([]int32, 224)
	for i := range codes {
		codes[i] = pairs.Channel(fmt.Sprint("c", i))
	}
	for n := 0; n <= DefaultMaxMarkovStates; n++ {
		pairs.AddPath([]int32{codes[n/224], codes[n%224]}, 1, 0, 1)
	}
	_, err := MarkovModel(pairs, 2)
	if !errors.Is(err, ErrTooManyStates) || !strings.Contains(err.Error(), "more than 50000 states (raise --max-markov-states") {
		t.Errorf("50,001 states: %v", err)
	}
	many := NewJourneys("channel")
	for i := 0; i <= DefaultMaxMarkovChannels; i++ {
		many.AddPath([]int32{many.Channel(fmt.Sprint("c", i))}, 1, 0, 1)
	}
	_, err = MarkovModel(many, 1)
	if !errors.Is(err, ErrTooManyStates) || !strings.Contains(err.Error(), "1001 channels, at most 1000 (raise --max-markov-channels") {
		t.Errorf("1,001 channels: %v", err)
	}
	// a > b > c > d at order 2: states ab, bc, cd.
	j := NewJourneys("channel")
	addPaths(j, pathRow{[]string{"a", "b", "c", "d"}, 1, 0, 1})
	if r, err := MarkovModelLimits(j, 2, MarkovLimits{States: 3, Channels: 4}); err != nil || r.States != 3 {
		t.Errorf("at the limits: %v", err)
	}
	if _, err := MarkovModelLimits(j, 2, MarkovLimits{States: 2}); !errors.Is(err, ErrTooManyStates) {
		t.Errorf("3 states over a limit of 2: %v", err)
	}
	if _, err := MarkovModelLimits(j, 2, MarkovLimits{Channels: 3}); !errors.Is(err, ErrTooManyStates) {
		t.Errorf("4 channels over a limit of 3: %v", err)
	}
}
