package scoring

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// smallDataset is a hand-made set of six leads (as-of day 20):
//
//	lead won_at   won status      industry employees newsletter
//	L1   day 10   1   Closed Won  Software 100       yes
//	L2   -        0   Open        Software NA        no
//	L3   day 30   1   closed won  Finance  50        yes   (won after the as-of date)
//	L4   -        0   Lost        Finance  10        NA
//	L5   day 5    1   Closed Won  Retail   20        no
//	L6   -        NA  NA          Software 30        no
//
// with touches (day): L1 web 2, 9, 10, 11 and demo 5; L2 web 1, 19, 20 and
// email 15; L5 demo 4.5 and web 6; L3 email 25; L9 (no such lead) web 3;
// and stages: L1 SQL at 8 and again at 12, L4 MQL at 3, L5 "sql" at 4.
func smallDataset() *funnel.Dataset {
	ds := funnel.NewDataset()
	nt := funnel.NoTime
	newTable(ds, funnel.Leads, 6).
		text("Lead ID", funnel.RoleLeadID, []string{"L1", "L2", "L3", "L4", "L5", "L6"}).
		times("won_at", "", []int64{day(10, 0), nt, day(30, 0), nt, day(5, 0), nt}).
		flag("won", "", []int8{1, 0, 1, 0, 1, -1}).
		text("status", "", []string{"Closed Won", "Open", "closed won", "Lost", "Closed Won", ""}).
		text("industry", funnel.RoleIndustry, []string{"Software", "Software", "Finance", "Finance", "Retail", "Software"}).
		num("employees", funnel.RoleEmployees, []float64{100, math.NaN(), 50, 10, 20, 30}).
		flag("newsletter", "", []int8{1, 0, 1, -1, 0, 0})
	type touch struct {
		lead string
		day  float64
		typ  string
	}
	touches := []touch{
		{"L1", 2, "web"}, {"L1", 9, "web"}, {"L1", 10, "web"}, {"L1", 11, "web"}, {"L1", 5, "demo"},
		{"L2", 1, "web"}, {"L2", 19, "web"}, {"L2", 20, "web"}, {"L2", 15, "email"},
		{"L5", 4.5, "demo"}, {"L5", 6, "web"}, {"L3", 25, "email"}, {"L9", 3, "web"},
	}
	var lead, typ []string
	var at []int64
	for _, t := range touches {
		lead, typ, at = append(lead, t.lead), append(typ, t.typ), append(at, day(t.day, 0))
	}
	newTable(ds, funnel.Touches, len(touches)).
		text("lead_id", funnel.RoleLeadID, lead).
		times("occurred_at", funnel.RoleOccurredAt, at).
		text("activity_type", funnel.RoleActivityType, typ)
	newTable(ds, funnel.Stages, 4).
		text("entity_id", funnel.RoleEntityID, []string{"L1", "L1", "L4", "L5"}).
		text("stage", funnel.RoleStage, []string{"SQL", "SQL", "MQL", "sql"}).
		times("entered_at", funnel.RoleEnteredAt, []int64{day(8, 0), day(12, 0), day(3, 0), day(4, 0)})
	return ds
}

// designRows returns the design's rows without the intercept.
func designRows(d *Design) [][]float64 {
	var out [][]float64
	for i := 0; i < d.Rows; i++ {
		out = append(out, append([]float64(nil), d.Row(i)[1:]...))
	}
	return out
}

func rowsEqual(a, b [][]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if !near(a[i][j], b[i][j], 1e-12) {
				return false
			}
		}
	}
	return true
}

func TestBuildFeatures(t *testing.T) {
	t.Parallel()
	asOf := day(20, 0)
	feats := []string{"industry", "employees", "newsletter"}
	d2 := func(ago float64) float64 { return math.Exp2(-ago / 5) } // half-life 5 days
	cases := []struct {
		name    string
		cfg     FeatureConfig
		terms   []string
		rows    [][]float64
		y       []float64
		leads   []int32
		dropped int
		after   int    // touches at or after the cutoff
		warn    string // a warning that must be present
	}{
		{
			// Time target: L3 won after the as-of date, so it is negative.
			// Cutoffs 10, 20, 20, 20, 5, 20. Counts before the cutoff:
			// L1 web 2 (days 2, 9), demo 1; L2 web 2 (1, 19), email 1; L5
			// demo 1 (4.5). At or after: L1 web 10, 11; L2 web 20; L5 web 6;
			// L3 email 25.
			"time target, missing zero",
			FeatureConfig{Target: "won_at", AsOf: asOf, Features: feats, Missing: MissingZero},
			[]string{"demo", "email", "web", "industry=Finance", "industry=Retail", "employees", "newsletter=true"},
			[][]float64{
				{1, 0, 2, 0, 0, 100, 1},
				{0, 1, 2, 0, 0, 0, 0},
				{0, 0, 0, 1, 0, 50, 1},
				{0, 0, 0, 1, 0, 10, 0},
				{1, 0, 0, 0, 1, 20, 0},
				{0, 0, 0, 0, 0, 30, 0},
			},
			[]float64{1, 0, 0, 0, 1, 0}, []int32{0, 1, 2, 3, 4, 5}, 0, 5,
			"1 leads converted after the as-of date",
		},
		{
			// --missing drop leaves out L2 (employees) and L4 (newsletter);
			// with L2 goes the only email touch, so there is no email term.
			"missing drop",
			FeatureConfig{Target: "won_at", AsOf: asOf, Features: feats},
			[]string{"demo", "web", "industry=Finance", "industry=Retail", "employees", "newsletter=true"},
			[][]float64{
				{1, 2, 0, 0, 100, 1},
				{0, 0, 1, 0, 50, 1},
				{1, 0, 0, 1, 20, 0},
				{0, 0, 0, 0, 30, 0},
			},
			[]float64{1, 0, 1, 0}, []int32{0, 2, 4, 5}, 2, 4,
			"2 leads with a missing feature value were left out",
		},
		{
			// --missing indicator: employees=(missing) and a (missing) level.
			"missing indicator",
			FeatureConfig{Target: "won_at", AsOf: asOf, Features: []string{"employees", "newsletter"}, Missing: MissingIndicator, ActivityTypes: []string{"web"}},
			[]string{"web", "employees", "employees=(missing)", "newsletter=true", "newsletter=(missing)"},
			[][]float64{
				{2, 100, 0, 1, 0},
				{2, 0, 1, 0, 0},
				{0, 50, 0, 1, 0},
				{0, 10, 0, 0, 1},
				{0, 20, 0, 0, 0},
				{0, 30, 0, 0, 0},
			},
			[]float64{1, 0, 0, 0, 1, 0}, []int32{0, 1, 2, 3, 4, 5}, 0, 5, "",
		},
		{
			// Bool target: L6 has none and is left out; the cutoff is the
			// as-of date (20) for all. Window [13, 20): L2 web 19 and email
			// 15 only. Industry among L1-L5: Software 2, Finance 2 (the
			// reference: first by name on a tie), Retail 1 (folded).
			"bool target, window 7 days",
			FeatureConfig{Target: "won", AsOf: asOf, Window: 7 * 86400, Features: []string{"industry"}, MinLevelCount: 2},
			[]string{"email", "web", "industry=Software", "industry=(other)"},
			[][]float64{
				{0, 0, 1, 0},
				{1, 1, 1, 0},
				{0, 0, 0, 0},
				{0, 0, 0, 0},
				{0, 0, 0, 1},
			},
			[]float64{1, 0, 1, 0, 1}, []int32{0, 1, 2, 3, 4}, 1, 2,
			"cutoff is unknown",
		},
		{
			// Text target with --positive (case-insensitive), decayed counts:
			// cutoff day 20 for all; L1 web at 2, 9, 10, 11 (18, 11, 10, 9
			// days before) and demo at 5 (15 days); L2 web 1, 19 and email 15;
			// L5 demo 4.5 and web 6.
			"text target, decay",
			FeatureConfig{Target: "status", Positive: "CLOSED WON", AsOf: asOf, HalfLife: 5 * 86400},
			[]string{"demo", "email", "web"},
			[][]float64{
				{d2(15), 0, d2(18) + d2(11) + d2(10) + d2(9)},
				{0, d2(5), d2(19) + d2(1)},
				{0, 0, 0},
				{0, 0, 0},
				{d2(15.5), 0, d2(14)},
			},
			[]float64{1, 0, 1, 0, 1}, []int32{0, 1, 2, 3, 4}, 1, 2, "",
		},
		{
			// Stage target: L1 reached SQL first at day 8, L5 ("sql") at 4;
			// log1p of counts before: L1 web 1 (day 2), demo 1 (day 5); L5
			// none. At or after the cutoff: L1 web 9, 10, 11; L2 web 20; L5
			// demo 4.5, web 6; L3 email 25.
			"stage target, log1p",
			FeatureConfig{TargetStage: "SQL", AsOf: asOf, Transform: TransformLog1p},
			[]string{"demo", "email", "web"},
			[][]float64{
				{math.Log(2), 0, math.Log(2)},
				{0, math.Log(2), math.Log(3)},
				{0, 0, 0},
				{0, 0, 0},
				{0, 0, 0},
				{0, 0, 0},
			},
			[]float64{1, 0, 0, 0, 1, 0}, []int32{0, 1, 2, 3, 4, 5}, 0, 7, "",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := BuildFeatures(smallDataset(), c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Design.Names[1:]; !slices.Equal(got, c.terms) {
				t.Errorf("terms %q, want %q", got, c.terms)
			}
			if got := designRows(f.Design); !rowsEqual(got, c.rows) {
				t.Errorf("rows\n%v\nwant\n%v", got, c.rows)
			}
			if !slices.Equal(f.Y, c.y) || !slices.Equal(f.LeadRows, c.leads) || f.RowsDropped != c.dropped {
				t.Errorf("y %v leads %v dropped %d, want %v %v %d", f.Y, f.LeadRows, f.RowsDropped, c.y, c.leads, c.dropped)
			}
			if f.TouchesAfterCutoff != c.after || f.TouchesUnmatched != 1 {
				t.Errorf("touches after cutoff %d unmatched %d, want %d and 1", f.TouchesAfterCutoff, f.TouchesUnmatched, c.after)
			}
			if c.warn != "" && !strings.Contains(strings.Join(f.Warnings, "\n"), c.warn) {
				t.Errorf("warnings %q lack %q", f.Warnings, c.warn)
			}
		})
	}
}

func TestBuildFeaturesEncodings(t *testing.T) {
	t.Parallel()
	f, err := BuildFeatures(smallDataset(), FeatureConfig{Target: "won_at", AsOf: day(20, 0), Features: []string{"industry", "newsletter"}, MinLevelCount: 2, Missing: MissingZero})
	if err != nil {
		t.Fatal(err)
	}
	// industry: Software 3, Finance 2, Retail 1 (< 2: folded); newsletter: false 3, true 2.
	want := []Encoding{
		{Column: "industry", Kind: "categorical", Reference: "Software", Levels: []string{"Finance", OtherLevel}, Other: []string{"Retail"}},
		{Column: "newsletter", Kind: "categorical", Reference: "false", Levels: []string{"true"}},
	}
	for k, e := range f.Encodings {
		w := want[k]
		if e.Column != w.Column || e.Kind != w.Kind || e.Reference != w.Reference || !slices.Equal(e.Levels, w.Levels) || !slices.Equal(e.Other, w.Other) || e.Missing != w.Missing {
			t.Errorf("encoding %+v, want %+v", e, w)
		}
	}
}

// TestBuildFeaturesSplitValues encodes a HubSpot multi-value property.
// Worked by hand: the leads
//
//	lead product            won tier
//	L1   "API;Forecasting"  1   Gold
//	L2   "API"              0   Gold
//	L3   " Forecasting ; "  1   Silver
//	L4   "Billing"          0   Gold
//	L5   ";"                0   Silver  (product: separators only, missing)
//
// hold API in L1, L2; Forecasting in L1, L3; Billing in L4. With ";" each
// value is an indicator, with no reference, in the order of their names.
// tier holds no ";" and keeps its reference, Gold (3 leads).
func TestBuildFeaturesSplitValues(t *testing.T) {
	t.Parallel()
	build := func(split string, missing MissingRule, minCount int) *Features {
		ds := funnel.NewDataset()
		newTable(ds, funnel.Leads, 5).
			text("Lead ID", funnel.RoleLeadID, []string{"L1", "L2", "L3", "L4", "L5"}).
			flag("won", "", []int8{1, 0, 1, 0, 0}).
			text("product", "", []string{"API;Forecasting", "API", " Forecasting ; ", "Billing", ";"}).
			text("tier", "", []string{"Gold", "Gold", "Silver", "Gold", "Silver"})
		f, err := BuildFeatures(ds, FeatureConfig{Target: "won", AsOf: day(20, 0), Features: []string{"product", "tier"},
			SplitValues: split, Missing: missing, MinLevelCount: minCount})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	cases := []struct {
		name  string
		f     *Features
		terms []string
		rows  [][]float64
	}{
		{"split", build(";", MissingZero, 0),
			[]string{InterceptName, "product=API", "product=Billing", "product=Forecasting", "tier=Silver"},
			[][]float64{{1, 0, 1, 0}, {1, 0, 0, 0}, {0, 0, 1, 1}, {0, 1, 0, 0}, {0, 0, 0, 1}}},
		// L5 holds no value: (missing) under --missing indicator.
		{"split, missing indicator", build(";", MissingIndicator, 0),
			[]string{InterceptName, "product=API", "product=Billing", "product=Forecasting", "product=(missing)", "tier=Silver"},
			[][]float64{{1, 0, 1, 0, 0}, {1, 0, 0, 0, 0}, {0, 0, 1, 0, 1}, {0, 1, 0, 0, 0}, {0, 0, 0, 1, 1}}},
		// Billing is in 1 lead (< 2): folded into (other).
		{"split, min level count 2", build(";", MissingZero, 2),
			[]string{InterceptName, "product=API", "product=Forecasting", "product=(other)", "tier=Silver"},
			[][]float64{{1, 1, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 1}, {0, 0, 1, 0}, {0, 0, 0, 1}}},
		// Without the flag, each of the 5 texts is a level of 1 lead; the
		// reference is the first by name (bytes): " Forecasting ; ", as
		// the table holds it, sorts first (a space is below ";" and "A").
		{"no split", build("", MissingZero, 0),
			[]string{InterceptName, "product=;", "product=API", "product=API;Forecasting", "product=Billing", "tier=Silver"},
			[][]float64{{0, 0, 1, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 0, 0, 1}, {0, 0, 0, 1, 0}, {1, 0, 0, 0, 1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !slices.Equal(c.f.Design.Names, c.terms) {
				t.Fatalf("terms %q, want %q", c.f.Design.Names, c.terms)
			}
			if c.rows != nil && !rowsEqual(designRows(c.f.Design), c.rows) {
				t.Errorf("rows %v, want %v", designRows(c.f.Design), c.rows)
			}
		})
	}
	e := build(";", MissingZero, 0).Encodings[0]
	if e.Split != ";" || e.Reference != "" || !slices.Equal(e.Levels, []string{"API", "Billing", "Forecasting"}) {
		t.Errorf("encoding %+v", e)
	}
	// Scoring new leads: each known value sets its indicator; an unknown
	// one (Gizmo) is counted; a missing row sets none.
	ds := funnel.NewDataset()
	newTable(ds, funnel.Leads, 3).text("product", "", []string{"Billing;API;API", "Gizmo;Forecasting", ""})
	c := ds.Leads.Named("product")
	want := [][]float64{{1, 1, 0}, {0, 0, 1}, {0, 0, 0}}
	unknown := 0
	for i, w := range want {
		x := []float64{9, 9, 9}
		if n := e.encode(ds.Leads, c, i, x, &unknown); n != 3 || !slices.Equal(x, w) {
			t.Errorf("row %d: encode %v (%d terms), want %v", i, x, n, w)
		}
	}
	if unknown != 1 {
		t.Errorf("unknown %d, want 1", unknown)
	}
}

func TestBuildFeaturesErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		cfg  FeatureConfig
		want string
	}{
		{FeatureConfig{}, "no target"},
		{FeatureConfig{Target: "nope"}, `no target column "nope"`},
		{FeatureConfig{Target: "status"}, "give --positive VALUE"},
		{FeatureConfig{Target: "won", Features: []string{"region"}}, `no column "region"`},
		{FeatureConfig{Target: "won", Features: []string{"won_at"}}, "holds dates"},
		{FeatureConfig{TargetStage: "Closed"}, `no lead of stages.csv reached stage "Closed" (stages seen: MQL, SQL, sql)`},
		{FeatureConfig{Target: "won", TargetStage: "SQL"}, "not both"},
		{FeatureConfig{Target: "employees"}, "target value 100 is not 0 or 1"},
	} {
		_, err := BuildFeatures(smallDataset(), c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.cfg, err, c.want)
		}
	}
	ds := smallDataset()
	ds.Leads.Columns[0].Codes[3] = ds.Leads.Columns[0].Codes[0] // L4 becomes a second L1
	if _, err := BuildFeatures(ds, FeatureConfig{Target: "won"}); err == nil || !strings.Contains(err.Error(), `lead_id "L1" appears twice, at leads.csv:row 1 and leads.csv:row 4`) {
		t.Errorf("duplicate lead: %v", err)
	}
}

func TestReads(t *testing.T) {
	t.Parallel()
	cfg := FeatureConfig{Target: "Won At", Features: []string{"industry", "Employees"}}
	cases := []struct {
		kind         funnel.TableKind
		role, header string
		roles        []string // of the file; nil: every role of the file is the one asked about
		want         bool
	}{
		{funnel.Leads, funnel.RoleLeadID, "Lead ID", nil, true},
		{funnel.Leads, funnel.RoleAccountID, "Account", nil, false},
		{funnel.Leads, funnel.RoleCreatedAt, "Created", nil, true}, // a time role: the default as-of
		{funnel.Leads, "", "Won At", nil, true},                    // the target, by header
		{funnel.Leads, "", "Notes", nil, true},                     // an attribute may hold times
		{funnel.Leads, funnel.RoleIndustry, "Sector", nil, true},   // a feature, by role
		{funnel.Leads, funnel.RoleEmployees, "Employees", nil, true},
		{funnel.Leads, funnel.RoleRegion, "Region", nil, false},
		{funnel.Leads, funnel.RoleEmail, "Email", nil, false},
		{funnel.Touches, funnel.RoleLeadID, "Lead ID", nil, true},
		{funnel.Touches, funnel.RoleAccountID, "Account", nil, false},
		{funnel.Touches, funnel.RoleOccurredAt, "Date", nil, true},
		{funnel.Touches, funnel.RoleActivityType, "Type", nil, true},
		// channel gives the terms only in a file without activity types
		{funnel.Touches, funnel.RoleChannel, "Channel", []string{funnel.RoleLeadID, funnel.RoleChannel}, true},
		{funnel.Touches, funnel.RoleChannel, "Channel", []string{funnel.RoleActivityType, funnel.RoleChannel}, false},
		{funnel.Touches, funnel.RoleCampaign, "Campaign", nil, false},
		{funnel.Touches, funnel.RoleValue, "Value", nil, false},
		{funnel.Touches, "", "Synced", nil, true},
		{funnel.Stages, funnel.RoleStage, "Stage", nil, true},
		{funnel.Opportunities, funnel.RoleAmount, "Amount", nil, true},
	}
	for _, c := range cases {
		roles := c.roles
		if roles == nil {
			roles = []string{c.role}
		}
		if got := cfg.Reads(c.kind, c.role, c.header, roles); got != c.want {
			t.Errorf("Reads(%s, %q, %q, %q) = %v, want %v", c.kind, c.role, c.header, roles, got, c.want)
		}
	}
}

// chunksOf splits a table into tables of at most n rows (views of its
// slices), as ingest streams them.
func chunksOf(t *funnel.Table, n int) []*funnel.Table {
	var out []*funnel.Table
	for lo := 0; lo < t.Rows; lo += n {
		hi := min(lo+n, t.Rows)
		c := &funnel.Table{Kind: t.Kind, Source: t.Source, Dict: t.Dict, Rows: hi - lo}
		for _, col := range t.Columns {
			cc := *col
			switch col.Kind {
			case funnel.KindText:
				cc.Codes = col.Codes[lo:hi]
			case funnel.KindTime:
				cc.Times = col.Times[lo:hi]
			}
			c.Columns = append(c.Columns, &cc)
		}
		out = append(out, c)
	}
	return out
}

// TestCountTouches checks that counting the touches while they are read
// (a TouchCounter, chunk by chunk) builds the features that the touches
// table builds: the same design, target, as-of, bookkeeping, warnings and
// errors. The reference is BuildFeatures with ds.Touches, whose values
// TestBuildFeatures checks by hand.
func TestCountTouches(t *testing.T) {
	t.Parallel()
	asOf := day(20, 0)
	cases := []struct {
		name string
		cfg  FeatureConfig
	}{
		{"timed target, default as-of", FeatureConfig{Target: "won_at", Features: []string{"industry"}}},
		{"boolean target", FeatureConfig{Target: "won", Features: []string{"employees"}, Missing: MissingIndicator}},
		{"text target", FeatureConfig{Target: "status", Positive: "closed won", Transform: TransformLog1p}},
		{"given as-of, window and decay", FeatureConfig{Target: "won_at", AsOf: asOf, Window: 7 * 86400, HalfLife: 5 * 86400}},
		{"activity types", FeatureConfig{Target: "won_at", ActivityTypes: []string{"web", "nope"}}},
		{"no target column", FeatureConfig{Target: "nope"}},
		{"no feature column", FeatureConfig{Target: "won_at", Features: []string{"nope"}}},
	}
	for _, c := range cases {
		for _, n := range []int{1, 4, 100} {
			ds := smallDataset()
			want, wantErr := BuildFeatures(ds, c.cfg)
			touches := ds.Touches
			ds.Touches = nil
			cfg := c.cfg
			counter := NewTouchCounter(cfg)
			cfg.Counted = counter
			rows := counter.Sink(ds, funnel.Touches)
			if rows == nil {
				t.Fatalf("%s: the TouchCounter takes no touches", c.name)
			}
			latest := funnel.NoTime
			for _, chunk := range chunksOf(touches, n) {
				if err := rows(chunk); err != nil {
					t.Fatal(err)
				}
				latest = max(latest, slices.Max(chunk.Role(funnel.RoleOccurredAt).Times))
			}
			ds.AddStreamed(latest) // as ingest.LoadDataset records it
			got, err := BuildFeatures(ds, cfg)
			if fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Errorf("%s, chunks of %d: error %v, want %v", c.name, n, err, wantErr)
				continue
			}
			if err != nil {
				continue
			}
			got.Design.check()
			if fmt.Sprintf("%+v %v", *got.Design, got.Warnings) != fmt.Sprintf("%+v %v", *want.Design, want.Warnings) ||
				!reflect.DeepEqual(got.Y, want.Y) || !reflect.DeepEqual(got.Cutoffs, want.Cutoffs) || got.AsOf != want.AsOf ||
				!reflect.DeepEqual(got.ActivityTypes, want.ActivityTypes) || !reflect.DeepEqual(got.Encodings, want.Encodings) ||
				[5]int{got.TouchesUsed, got.TouchesAfterCutoff, got.TouchesBeforeWindow, got.TouchesUnmatched, got.TouchesIncomplete} !=
					[5]int{want.TouchesUsed, want.TouchesAfterCutoff, want.TouchesBeforeWindow, want.TouchesUnmatched, want.TouchesIncomplete} {
				t.Errorf("%s, chunks of %d:\n got %+v\nwant %+v", c.name, n, got, want)
			}
		}
	}
}

// TestCountTouchesDeclines lists when the touches must be stored: other
// inputs, a stage target (its stages come after the touches), and a
// window or decay with the as-of not known before every input is read.
func TestCountTouchesDeclines(t *testing.T) {
	t.Parallel()
	ds := smallDataset()
	for _, c := range []struct {
		cfg  FeatureConfig
		kind funnel.TableKind
	}{
		{FeatureConfig{Target: "won_at"}, funnel.Stages},
		{FeatureConfig{TargetStage: "SQL"}, funnel.Touches},
		{FeatureConfig{Target: "won_at", Window: 86400}, funnel.Touches},
		{FeatureConfig{Target: "won_at", HalfLife: 86400}, funnel.Touches},
	} {
		if counter := NewTouchCounter(c.cfg); counter.Sink(ds, c.kind) != nil || counter.counting() {
			t.Errorf("%+v, %s: counts the touches", c.cfg, c.kind)
		}
	}
	// Touches without an activity type: the table's error.
	tab := ds.Touches
	ds.Touches = nil
	cfg := FeatureConfig{Target: "won_at"}
	cfg.Counted = NewTouchCounter(cfg)
	rows := cfg.Counted.Sink(ds, funnel.Touches)
	tab.Columns = tab.Columns[:2]
	rows(tab)
	_, err := BuildFeatures(ds, cfg)
	if want := "scoring: touches.csv needs lead_id, occurred_at and activity_type (or channel) columns to count touches per lead"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	// Counted for the default as-of, read for another: a caller's mistake.
	cfg = FeatureConfig{Target: "won_at"}
	cfg.Counted = NewTouchCounter(cfg)
	cfg.Counted.Sink(ds, funnel.Touches)
	cfg.AsOf = day(20, 0)
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "another as-of") {
			t.Errorf("recovered %v", r)
		}
	}()
	BuildFeatures(ds, cfg)
}
