package funnel

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int64
		err  bool
	}{
		{"90d", 90 * 86400, false},
		{"7", 7 * 86400, false}, // a bare number is days
		{"12h", 12 * 3600, false},
		{"2w", 14 * 86400, false},
		{"1.5d", 129600, false},
		{"30m", 1800, false},
		{"45s", 45, false},
		{" 3D ", 3 * 86400, false},
		{"", 0, true},
		{"d", 0, true},
		{"-1d", 0, true},
		{"NaNd", 0, true},
		{"1e20w", 0, true},
		{"ten days", 0, true},
	} {
		got, err := ParseDuration(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

// TestFormatDays: the values are worked out by hand (129600 s = 1.5 days)
// and read back by ParseDuration.
func TestFormatDays(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{
		{0, "none"},
		{30 * 86400, "30d"},
		{129600, "1.5d"},
		{12 * 3600, "0.5d"},
	} {
		got := FormatDays(tc.in)
		if got != tc.want {
			t.Errorf("FormatDays(%d) = %q; want %q", tc.in, got, tc.want)
		}
		if tc.in == 0 {
			continue
		}
		if back, err := ParseDuration(got); err != nil || back != tc.in {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d", got, back, err, tc.in)
		}
	}
}

func TestActivityRole(t *testing.T) {
	for _, tc := range []struct {
		roles []string
		want  string
	}{
		{[]string{RoleActivityType, RoleChannel}, RoleActivityType},
		{[]string{RoleActivityType}, RoleActivityType},
		{[]string{RoleChannel}, RoleChannel},
		{nil, RoleChannel}, // the caller finds no channel column either
	} {
		has := func(r string) bool { return slices.Contains(tc.roles, r) }
		if got := ActivityRole(has); got != tc.want {
			t.Errorf("ActivityRole(%v) = %q; want %q", tc.roles, got, tc.want)
		}
	}
}

func TestDaysAndFormat(t *testing.T) {
	t.Parallel()
	// 2024-02-28 12:00 to 2024-03-01 00:00 UTC crosses the leap day: 1.5 days.
	a, b := int64(1709121600), int64(1709251200)
	if got := Days(a, b); got != 1.5 {
		t.Errorf("Days = %v, want 1.5", got)
	}
	if got := FormatTime(a, false); got != "2024-02-28 12:00:00" {
		t.Errorf("FormatTime = %q", got)
	}
	if got := FormatTime(b, true); got != "2024-03-01" {
		t.Errorf("FormatTime(dateOnly) = %q", got)
	}
	if got := FormatTime(NoTime, false); got != "" {
		t.Errorf("FormatTime(NoTime) = %q", got)
	}
}

func TestDict(t *testing.T) {
	t.Parallel()
	d := NewDict()
	if d.Code("a") != 0 || d.Code("b") != 1 || d.Code("a") != 0 || d.Code(string([]byte("b"))) != 1 || d.Code("c") != 2 {
		t.Fatal("codes are not assigned in order of first appearance")
	}
	if c, ok := d.Lookup("c"); !ok || c != 2 {
		t.Errorf("Lookup(c) = %d, %v", c, ok)
	}
	if _, ok := d.Lookup("zz"); ok || d.Len() != 3 {
		t.Errorf("Lookup added a string: Len %d", d.Len())
	}
	if d.String(NA) != "" || d.String(1) != "b" {
		t.Errorf("String: %q %q", d.String(NA), d.String(1))
	}
}

func TestTableAccessors(t *testing.T) {
	t.Parallel()
	d := NewDict()
	tb := &Table{Kind: Leads, Source: "leads.csv", Rows: 2, Dict: d, Lines: []int32{2, 4}, Columns: []*Column{
		{Name: "Lead ID", Role: RoleLeadID, Kind: KindText, Codes: []int32{d.Code("L1"), NA}},
		{Name: "Employees", Role: RoleEmployees, Kind: KindNumber, Nums: []float64{120, math.NaN()}},
		{Name: "Converted", Kind: KindBool, Bools: []int8{1, -1}},
		{Name: "Create Date", Role: RoleCreatedAt, Kind: KindTime, Times: []int64{1709121600, NoTime}},
	}}
	if tb.Role(RoleLeadID).Name != "Lead ID" || tb.Named("Converted").Kind != KindBool || tb.Named(RoleEmployees).Name != "Employees" || tb.Has(RoleRegion) {
		t.Error("Role/Named/Has")
	}
	for i, c := range tb.Columns {
		if c.IsNA(0) || !c.IsNA(1) {
			t.Errorf("column %d: IsNA wrong", i)
		}
	}
	got := fmt.Sprint(tb.Text(tb.Columns[0], 0), "|", tb.Text(tb.Columns[1], 0), "|", tb.Text(tb.Columns[2], 0), "|", tb.Text(tb.Columns[3], 0), "|", tb.Text(tb.Columns[1], 1))
	if got != "L1|120|true|2024-02-28 12:00:00|" {
		t.Errorf("Text = %q", got)
	}
	if tb.Where(1) != "leads.csv:4" {
		t.Errorf("Where = %q", tb.Where(1))
	}
	ds := NewDataset()
	ds.Set(tb)
	if ds.Table(Leads) != tb || ds.LatestTime() != 1709121600 {
		t.Error("Dataset Set/Table/LatestTime")
	}
}

func TestReport(t *testing.T) {
	t.Parallel()
	r := NewReport("fit", "Weights")
	r.AddMeta("rows", 10)
	r.AddMeta("auc", 0.8)
	r.AddMeta("rows", 12) // replaces in place
	if len(r.Meta) != 2 || r.Meta[0].Value != 12 {
		t.Errorf("meta %v", r.Meta)
	}
	r.AddTable("coefficients", dataframe.New(series.New([]string{"a"}, series.String, "term")))
	if _, ok := r.Table("coefficients"); !ok {
		t.Error("table missing")
	}
	r.Warnf("%d dropped", 3)
	r.Alertf("slower")
	if r.Warnings[0] != "3 dropped" || r.Alerts[0] != "slower" {
		t.Error("warnings/alerts")
	}
	defer func() {
		if recover() == nil {
			t.Error("a table added twice must panic (a programming mistake)")
		}
	}()
	r.AddTable("coefficients", dataframe.New(series.New([]string{"b"}, series.String, "term")))
}

func ExampleParseDuration() {
	sec, _ := ParseDuration("90d")
	fmt.Println(sec, Days(0, sec))
	// Output: 7776000 90
}

func TestDictGrowKeepsCodes(t *testing.T) {
	t.Parallel()
	d := NewDict()
	d.Code("a")
	d.Code("b")
	d.Grow(1000)
	d.Grow(0)
	if c, ok := d.Lookup("b"); !ok || c != 1 || d.Code("c") != 2 || d.String(0) != "a" || d.Len() != 3 {
		t.Errorf("Grow changed the codes: b=%d ok=%v len=%d", c, ok, d.Len())
	}
}

func TestSnakeCase(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Lead Source", "lead_source"},
		{"  Opportunity -> Customer ", "opportunity_customer"},
		{"MQL", "mql"},
		{"Région Sud", "région_sud"},
		{"--", "x"},
	} {
		if got := SnakeCase(tc.in, "x"); got != tc.want {
			t.Errorf("SnakeCase(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDatasetLatestTimeCountsStreamedInputs(t *testing.T) {
	t.Parallel()
	// A stored table's latest time is 100; inputs streamed past the
	// Dataset report theirs with AddStreamed (NoTime: none).
	ds := NewDataset()
	ds.Set(&Table{Kind: Touches, Rows: 2, Columns: []*Column{{Name: "occurred_at", Kind: KindTime, Times: []int64{100, NoTime}}}})
	for _, c := range []struct {
		streamed, latest, asOf int64
	}{
		{NoTime, 100, 101},
		{50, 100, 101},
		{200, 200, 201},
		{150, 200, 201}, // the latest of every streamed input
	} {
		ds.AddStreamed(c.streamed)
		if got, asOf := ds.LatestTime(), ds.DefaultAsOf(); got != c.latest || asOf != c.asOf {
			t.Errorf("after AddStreamed(%d): LatestTime %d, DefaultAsOf %d; want %d, %d", c.streamed, got, asOf, c.latest, c.asOf)
		}
	}
	// A streamed input alone, dated before 1970 (negative Unix seconds).
	var only Dataset
	if only.AddStreamed(-5); only.LatestTime() != -5 {
		t.Errorf("LatestTime %d, want -5", only.LatestTime())
	}
}
