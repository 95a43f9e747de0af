package funnel

import "testing"

func TestNamedMatchesAsHeadersBind(t *testing.T) {
	t.Parallel()
	tab := &Table{Source: "leads.csv", Columns: []*Column{
		{Name: "Lead ID", Role: RoleLeadID},
		{Name: "won_at"},
		{Name: "Won At"}, // exact beats loose
		{Name: "Employee Count", Role: RoleEmployees},
	}}
	for _, c := range []struct{ name, want string }{
		{"Won At", "Won At"},            // the header, exactly
		{"won_at", "won_at"},            // the header, exactly
		{"Won_At", "won_at"},            // the first header of the same key
		{"WON-AT", "won_at"},            //
		{"lead_id", "Lead ID"},          // the role, exactly
		{"lead id", "Lead ID"},          // the header by key
		{"EMPLOYEES", "Employee Count"}, // the role by key
		{"employee count", "Employee Count"},
	} {
		got := tab.Named(c.name)
		if got == nil || got.Name != c.want {
			t.Errorf("Named(%q) = %v, want %q", c.name, got, c.want)
		}
	}
	for _, name := range []string{"won", "-", "", "lead"} {
		if got := tab.Named(name); got != nil {
			t.Errorf("Named(%q) = %q, want none", name, got.Name)
		}
	}
	if got, want := tab.Headers(), `"Lead ID", "won_at", "Won At", "Employee Count"`; got != want {
		t.Errorf("Headers() = %s, want %s", got, want)
	}
	tab.Header = []string{"Lead ID", "Email", "won_at", "Won At", "Employee Count"} // Email not read
	if got, want := tab.Headers(), `"Lead ID", "Email", "won_at", "Won At", "Employee Count"`; got != want {
		t.Errorf("Headers() with Header = %s, want %s", got, want)
	}
	if got := (&Table{}).Headers(); got != "none" {
		t.Errorf("Headers() of no column = %s", got)
	}
}

func TestClosest(t *testing.T) {
	t.Parallel()
	keys := []string{"data", "inputs", "velocity", "stages", "scoring", "size"}
	for _, c := range []struct{ name, want string }{
		{"velocty", "velocity"},   // one deletion
		{"Velocity", ""},          // a candidate itself (case aside): nothing to suggest
		{"stage", "stages"},       // one insertion
		{"dat", "data"},           //
		{"sise", "size"},          // one substitution
		{"scorign", "scoring"},    // two substitutions (a transposition)
		{"velcoitty", "velocity"}, // 3 edits, 9 letters: within a third
		{"report", ""},            // nothing near
		{"xyz", ""},               //
	} {
		if got := Closest(c.name, keys); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	// Edit distances worked out by hand.
	for _, c := range []struct {
		a, b string
		d    int
	}{{"kitten", "sitting", 3}, {"", "abc", 3}, {"targt", "target", 1}, {"flaw", "lawn", 2}, {"é", "e", 1}} {
		if got := editDistance([]rune(c.a), []rune(c.b)); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

// TestMatcher: rows match by NameKey in any of the columns; a missing
// cell, a column of another kind and an empty list match nothing.
func TestMatcher(t *testing.T) {
	d := NewDict()
	code := func(s string) int32 { return d.Code(s) }
	typ := &Column{Name: "type", Kind: KindText, Codes: []int32{code("Sales Call"), code("email"), NA, code("meeting")}}
	ch := &Column{Name: "channel", Kind: KindText, Codes: []int32{code("web"), code("web"), code("SALES_CALL"), code("web")}}
	num := &Column{Name: "n", Kind: KindNumber, Nums: []float64{1, 2, 3, 4}}
	tab := &Table{Dict: d, Columns: []*Column{typ, ch, num}, Rows: 4}
	m := NewMatcher(tab, []*Column{typ, nil, ch, num}, []string{"sales_call", "Meeting"})
	for i, want := range []bool{true, false, true, true} {
		if got := m.Match(i); got != want {
			t.Errorf("row %d: Match = %v, want %v", i, got, want)
		}
	}
	if NewMatcher(tab, []*Column{typ}, nil).Match(0) {
		t.Error("an empty list matched")
	}
}

// TestKeyHasAny: a key holds a word anywhere in it; none of several, or
// no words at all, is false.
func TestKeyHasAny(t *testing.T) {
	for _, c := range []struct {
		key   string
		words []string
		want  bool
	}{
		{"webinarattended", []string{"download", "webinar"}, true},
		{"pricingpageview", []string{"pricing"}, true},
		{"webvisit", []string{"download", "webinar"}, false},
		{"webvisit", nil, false},
	} {
		if got := KeyHasAny(c.key, c.words...); got != c.want {
			t.Errorf("KeyHasAny(%q, %q) = %v, want %v", c.key, c.words, got, c.want)
		}
	}
}
