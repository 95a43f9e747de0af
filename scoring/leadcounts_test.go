package scoring

import "testing"

// TestLeadCounts adds touches across the byte's limit: whole counts are
// exact at every size (a lead with 1,000 touches of a type is rare but
// real: a bot, an inbox rule), and decayed counts keep their fractions.
func TestLeadCounts(t *testing.T) {
	t.Parallel()
	wants := []int{0, 1, 7, 254, 255, 256, 1000} // touches of lead i
	c := newLeadCounts(len(wants), false)
	for lead, n := range wants {
		for range n {
			c.add(lead, 1)
		}
	}
	for lead, n := range wants {
		if got := c.at(lead); got != float64(n) {
			t.Errorf("lead %d: count %v, want %d", lead, got, n)
		}
	}
	if len(c.more) != 3 { // the leads at 255 or more: 255, 256 and 1000
		t.Errorf("%d leads in the overflow map, want 3", len(c.more))
	}
	d := newLeadCounts(2, true)
	d.add(1, 0.5)
	d.add(1, 0.25)
	if d.at(0) != 0 || d.at(1) != 0.75 { // 0.5 + 0.25, exact in binary
		t.Errorf("decayed counts %v %v, want 0 0.75", d.at(0), d.at(1))
	}
}
