package accounts

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

// accountsDir holds the hand-made account fixtures (see its README.md).
var accountsDir = filepath.Join("..", "testdata", "accounts")

// loadAccounts reads the named inputs of fixture folder dir (leads.csv,
// touches.csv, ...) into one Dataset.
func loadAccounts(t testing.TB, dir string, kinds ...funnel.TableKind) *funnel.Dataset {
	t.Helper()
	files := map[funnel.TableKind]string{}
	for _, k := range kinds {
		files[k] = filepath.Join(accountsDir, dir, k.String()+".csv")
	}
	ds, err := ingest.LoadDataset(files, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// acctTime parses a "YYYY-MM-DD HH:MM:SS" UTC time; "" is funnel.NoTime.
func acctTime(t testing.TB, s string) int64 {
	t.Helper()
	if s == "" {
		return funnel.NoTime
	}
	v, err := time.Parse(time.DateTime, s)
	if err != nil {
		t.Fatal(err)
	}
	return v.Unix()
}

func acctAnalyze(t testing.TB, ds *funnel.Dataset, cfg Options) *Analysis {
	t.Helper()
	a, err := Analyze(ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestAccountsTable checks every row of the accounts table of
// testdata/accounts/basic under the default rule (2 contacts, 1 touch
// each, trailing 30 days, both ends included), worked out by hand:
//
//	A1  L1 01-01 10:00, L2 01-31 10:00: exactly 30 days apart, so both are
//	    in the window at 01-31 10:00 -> high-intensity then.
//	A2  L3 01-01 10:00, L4 01-31 10:00:01 (30 days + 1 s: L3 has left the
//	    window), L3 02-20 09:00 (window from 01-21 09:00 holds L4) ->
//	    high-intensity at 02-20 09:00.
//	A3  one contact (L5) with 10 touches, L6 never touched -> never.
//	A4  L7 and L8 at the same moment 03-01 08:00 -> high-intensity then;
//	    5 touches of 4 types by 3 contacts.
//	A5  an account-level touch (no contact) and L10 -> one contact, never.
//	A6  a lead without touches.
//	A7  L12 (account from the leads) and L13 (account_id on the touch) at
//	    05-20 10:00 -> high-intensity then.
//	L99 is in no account: ignored.
//
// opportunity_within_30d: A1 O1 15 days after its moment (yes), A2 O2 40
// days after (no), A3 O4 18.5 days after its first touch (yes), A4 only
// O3 before its moment (no), A5 O5 116 days after (no).
func TestAccountsTable(t *testing.T) {
	t.Parallel()
	ds := loadAccounts(t, "basic", funnel.Leads, funnel.Touches, funnel.Opportunities)
	a := acctAnalyze(t, ds, Options{})
	type row struct {
		id                              string
		people, engaged, touches, types int
		high                            bool
		since                           string
		opp30, prior, censored          bool
	}
	// Sorted: high-intensity first, then engaged contacts, touches, id.
	want := []row{
		{"A4", 3, 3, 5, 4, true, "2026-03-01 08:00:00", false, true, false},
		{"A2", 2, 2, 3, 2, true, "2026-02-20 09:00:00", false, false, false},
		{"A1", 2, 2, 2, 2, true, "2026-01-31 10:00:00", true, false, false},
		{"A7", 2, 2, 2, 1, true, "2026-05-20 10:00:00", false, false, true},
		{"A3", 2, 1, 10, 2, false, "", true, false, false},
		{"A5", 1, 1, 2, 2, false, "", false, false, false},
		{"A6", 1, 0, 0, 0, false, "", false, false, false},
	}
	if len(a.Accounts) != len(want) {
		t.Fatalf("%d accounts, want %d: %+v", len(a.Accounts), len(want), a.Accounts)
	}
	for i, w := range want {
		g := a.Accounts[i]
		got := row{g.ID, g.People, g.PeopleEngaged, g.Touches, g.ActivityTypes, g.HighIntensity,
			funnel.FormatTime(g.HighIntensitySince, false), g.OpportunityWithin30d, g.PriorOpportunity, g.Censored}
		if got != w {
			t.Errorf("row %d:\n got  %+v\n want %+v", i, got, w)
		}
	}
	// As-of: the second after the latest time in the inputs, O5's created_at
	// (Dataset.DefaultAsOf), so that everything in the data counts.
	if want := acctTime(t, "2026-06-01 00:00:01"); a.AsOf != want {
		t.Errorf("as-of %s, want 2026-06-01 00:00:01", funnel.FormatTime(a.AsOf, false))
	}
	// 25 touch rows: 24 used, L99 unmatched.
	if a.TouchesUsed != 24 || a.TouchesUnmatched != 1 || a.TouchesAfterAsOf != 0 {
		t.Errorf("touches used %d, unmatched %d, after as-of %d; want 24, 1, 0", a.TouchesUsed, a.TouchesUnmatched, a.TouchesAfterAsOf)
	}

	// Quarters: 2026-Q1 active A1 A2 A3 A4 A5, high-intensity at a touch
	// A1 A2 A4 -> 3/5; Q2 active A4 (04-02, when L7 03-05, L8 03-20 and L9
	// are in the window) and A7, both high -> 2/2.
	wantQ := []QuarterIntensity{{"2026-Q1", 5, 3, 0.6}, {"2026-Q2", 2, 2, 1}}
	if len(a.Quarters) != len(wantQ) {
		t.Fatalf("quarters %+v, want %+v", a.Quarters, wantQ)
	}
	for i, w := range wantQ {
		if a.Quarters[i] != w {
			t.Errorf("quarter %d: %+v, want %+v", i, a.Quarters[i], w)
		}
	}

	// Opportunity rates: A4 has prior pipeline and A7 is censored (05-20 +
	// 30 days is after the as-of time); high-intensity A1 (yes), A2 (no)
	// -> 1/2; other A3 (yes), A5 (no) -> 1/2; ratio 1, Katz interval
	// exp(±1.959964 sqrt(1/1 - 1/2 + 1/1 - 1/2)) = exp(±1.959964).
	// R 4.2.2: exp(c(-1, 1) * qnorm(0.975)) = 0.1408635 7.0990714
	oc := a.Opportunities
	if oc == nil {
		t.Fatal("no opportunity comparison")
	}
	if oc.HighIntensity != (RateCount{2, 1, 0.5}) || oc.Other != (RateCount{2, 1, 0.5}) {
		t.Errorf("rates %+v and %+v, want 1 of 2 each", oc.HighIntensity, oc.Other)
	}
	if oc.Censored != 1 || oc.PriorPipeline != 1 {
		t.Errorf("censored %d, prior pipeline %d; want 1 and 1", oc.Censored, oc.PriorPipeline)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"ratio", oc.Ratio, 1}, {"low", oc.Low, 0.1408635}, {"high", oc.High, 7.0990714}} {
		if math.Abs(c.got-c.want) > 1e-6 {
			t.Errorf("%s %.9g, want %.9g", c.name, c.got, c.want)
		}
	}
}

// TestHighIntensityRules varies the rule on testdata/accounts/basic; the
// moments are worked out by hand from the touches listed in
// TestAccountsTable.
func TestHighIntensityRules(t *testing.T) {
	t.Parallel()
	ds := loadAccounts(t, "basic", funnel.Leads, funnel.Touches)
	for _, tc := range []struct {
		name string
		cfg  Options
		want map[string]string // high-intensity accounts and their moments
	}{
		{"default", Options{}, map[string]string{
			"A1": "2026-01-31 10:00:00", "A2": "2026-02-20 09:00:00", "A4": "2026-03-01 08:00:00", "A7": "2026-05-20 10:00:00"}},
		// One second shorter: L1 (01-01 10:00) is out of the window at L2's
		// touch (01-31 10:00), so A1 never qualifies; A2's pair L4 01-31
		// 10:00:01 and L3 02-20 09:00 is 19.9 days apart, still in.
		{"window 30d - 1s", Options{Window: 30*86400 - 1}, map[string]string{
			"A2": "2026-02-20 09:00:00", "A4": "2026-03-01 08:00:00", "A7": "2026-05-20 10:00:00"}},
		// Two touches each: only A4, at 03-20 10:00, when L7 has 03-01 and
		// 03-05 and L8 has 03-01 and 03-20 in the window from 02-18 10:00.
		// A3's L5 has 10 touches but is one contact; A2's L3 touches are
		// 50 days apart.
		{"min touches 2", Options{MinTouches: 2}, map[string]string{"A4": "2026-03-20 10:00:00"}},
		// Three contacts: A4 at 04-02 08:00, when the window from 03-03
		// 08:00 holds L7 (03-05), L8 (03-20) and L9.
		{"min people 3", Options{MinPeople: 3}, map[string]string{"A4": "2026-04-02 08:00:00"}},
		// One contact: each account's first touch by a contact (A5's
		// account-level touch 02-05 15:00 has none; L10 is 02-06 15:00).
		{"min people 1", Options{MinPeople: 1}, map[string]string{
			"A1": "2026-01-01 10:00:00", "A2": "2026-01-01 10:00:00", "A3": "2026-02-01 12:00:00",
			"A4": "2026-03-01 08:00:00", "A5": "2026-02-06 15:00:00", "A7": "2026-05-20 10:00:00"}},
		// As of 2026-02-28: A4 and A7 have no touches yet, A1 and A2 as by default.
		{"as of", Options{AsOf: acctTime(t, "2026-02-28 00:00:00")}, map[string]string{
			"A1": "2026-01-31 10:00:00", "A2": "2026-02-20 09:00:00"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := acctAnalyze(t, ds, tc.cfg)
			got := map[string]string{}
			for _, ac := range a.Accounts {
				if ac.HighIntensity {
					got[ac.ID] = funnel.FormatTime(ac.HighIntensitySince, false)
				} else if ac.HighIntensitySince != funnel.NoTime {
					t.Errorf("%s: since set but not high-intensity", ac.ID)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("high-intensity %v, want %v", got, tc.want)
			}
			for id, w := range tc.want {
				if got[id] != w {
					t.Errorf("%s: since %q, want %q", id, got[id], w)
				}
			}
		})
	}
}

// TestRiskRatio checks the Katz log interval against the formula
// evaluated in R 4.2.2:
//
//	rr <- (a/n1)/(c/n2); rr * exp(c(-1, 1) * qnorm(0.975) * sqrt(1/a - 1/n1 + 1/c - 1/n2))
//
// with a, c + 0.5 and n1, n2 + 1 when a count is 0.
func TestRiskRatio(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, n1, c, n2     int
		ratio, low, high float64
		corrected        bool
	}{
		{1, 2, 1, 2, 1, 0.1408634941, 7.0990713842, false},
		{30, 100, 15, 100, 2, 1.148877813, 3.481658324, false},
		{12, 40, 9, 90, 3, 1.375367052, 6.543707723, false},
		// a = 0: (0.5/11)/(5.5/11) = 1/11, se = sqrt(1/0.5 - 1/11 + 1/5.5 - 1/11) = sqrt(2)
		{0, 10, 5, 10, 1.0 / 11, 0.005686257833, 1.453409791, true},
	} {
		r, lo, hi, corr := RiskRatio(tc.a, tc.n1, tc.c, tc.n2)
		if corr != tc.corrected || math.Abs(r-tc.ratio) > 1e-9 || math.Abs(lo-tc.low) > 1e-6*tc.low || math.Abs(hi-tc.high) > 1e-6*tc.high {
			t.Errorf("RiskRatio(%d, %d, %d, %d) = %.9g [%.9g, %.9g] %v, want %.9g [%.9g, %.9g] %v",
				tc.a, tc.n1, tc.c, tc.n2, r, lo, hi, corr, tc.ratio, tc.low, tc.high, tc.corrected)
		}
	}
	if r, lo, hi, _ := RiskRatio(0, 0, 1, 2); !math.IsNaN(r) || !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("RiskRatio with an empty group = %v [%v, %v], want NaN", r, lo, hi)
	}
}

// TestAccountsErrors checks that bad input is an error, not a panic.
func TestAccountsErrors(t *testing.T) {
	t.Parallel()
	ds := loadAccounts(t, "basic", funnel.Leads, funnel.Touches)
	for _, tc := range []struct {
		name string
		ds   *funnel.Dataset
		cfg  Options
	}{
		{"no touches", &funnel.Dataset{Dict: ds.Dict, Leads: ds.Leads}, Options{}},
		{"min people", ds, Options{MinPeople: -1}},
		{"cutoff", ds, Options{LookalikeCutoff: 1.5}},
		{"won outcome without opportunities", ds, Options{Patterns: true, PatternOutcome: OutcomeWon}},
		{"lookalikes without positives", ds, Options{Lookalike: true}},
		{"unknown campaign column", ds, Options{Targets: []string{"A1"}, CampaignBy: "nope"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Analyze(tc.ds, tc.cfg); err == nil {
				t.Error("no error")
			}
		})
	}
}

// TestAccountsReport checks the report's tables and the accounts table's
// columns, which users script against.
func TestAccountsReport(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		ds      *funnel.Dataset
		cfg     Options
		tables  []string
		columns string
	}{
		{"touches only", loadAccounts(t, "basic", funnel.Leads, funnel.Touches), Options{},
			[]string{"accounts", "quarters"},
			"account_id people people_engaged touches activity_types high_intensity high_intensity_since"},
		{"everything", loadAccounts(t, "basic", funnel.Leads, funnel.Touches, funnel.Opportunities, funnel.Costs),
			Options{Targets: []string{"A1"}, Patterns: true},
			[]string{"accounts", "quarters", "patterns", "abm", "campaign_targets", "target_share"},
			"account_id people people_engaged touches activity_types high_intensity high_intensity_since opportunity_within_30d target"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := acctAnalyze(t, tc.ds, tc.cfg).Report()
			var names []string
			for _, nf := range r.Tables {
				names = append(names, nf.Name)
			}
			if fmt.Sprint(names) != fmt.Sprint(tc.tables) {
				t.Errorf("tables %v, want %v", names, tc.tables)
			}
			df, _ := r.Table(TableAccounts)
			if got := strings.Join(df.Names(), " "); got != tc.columns {
				t.Errorf("accounts columns\n got  %s\n want %s", got, tc.columns)
			}
			if df.Nrow() != 7 { // A1..A7; the target A1 is among them
				t.Errorf("%d account rows, want 7", df.Nrow())
			}
		})
	}
}

// TestReportColumns pins the name and type of every column of every table
// of the report, as the hand-written tables before the tagged result
// structs had them: users script against them, and a tag out of order
// changes them.
func TestReportColumns(t *testing.T) {
	t.Parallel()
	ds, _ := acctSampleDataset(t, sample.Config{Leads: 2000, Seed: 3})
	r := acctAnalyze(t, ds, Options{Patterns: true, Lookalike: true, BacktestAsOf: acctTime(t, "2026-05-01 00:00:00")}).Report()
	want := map[string]string{
		TableAccounts: "account_id:string people:int people_engaged:int touches:int activity_types:int high_intensity:bool " +
			"high_intensity_since:string opportunity_within_30d:bool target:bool",
		TableQuarters:       "quarter:string active_accounts:int high_intensity_accounts:int share:float",
		TablePatterns:       "first:string then:string accounts:int rate:float accounts_first_alone:int rate_first_alone:float lift:float",
		TableLookalikes:     "account_id:string probability:float score:float profile:string holdout:bool",
		TableLookalikeTerms: "term:string estimate:float odds_ratio:float status:string",
		TableABM: "segment:string accounts:int engaged_accounts:int penetration:float contacts_engaged_per_account:float " +
			"touches:int touch_share:float opportunities:int pipeline:float pipeline_share:float won:int lost:int " +
			"win_rate:float average_deal_size:float won_amount:float cost:float cost_per_opportunity:float",
		TableCampaignTargets: "campaign:string engaged_accounts:int target_accounts:int target_share:float below_min_target_share:bool",
		TableTargetShare: "month:string segment:string touches:int segment_touches:int touch_share:float responses:int segment_responses:int " +
			"response_share:float pipeline:float segment_pipeline:float pipeline_share:float total_up_share_down:string",
		TableBacktest:    "group:string accounts:int converted:int conversion_rate:float",
		TableBacktestTop: "rank:int account_id:string probability:float profile:string converted:bool converted_at:string",
	}
	if len(r.Tables) != len(want) {
		t.Errorf("%d tables, want %d", len(r.Tables), len(want))
	}
	for _, nf := range r.Tables {
		var cols []string
		for i, name := range nf.Frame.Names() {
			cols = append(cols, name+":"+string(nf.Frame.Types()[i]))
		}
		if got := strings.Join(cols, " "); got != want[nf.Name] {
			t.Errorf("table %s\n got  %s\n want %s", nf.Name, got, want[nf.Name])
		}
		if nf.Frame.Nrow() == 0 {
			t.Errorf("table %s is empty", nf.Name)
		}
	}
}
