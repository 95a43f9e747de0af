package velocity

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

func TestIsLostAndWonLast(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"Closed Lost": true, "Closed - Lost": true, "closedlost": true, "CLOSED_LOST": true, "Lost": true,
		"Disqualified": true, "Unqualified": true, "Closed - Not Converted": true, "Canceled": true,
		"Out-Sold": true, "Closed Lost - No Budget": true,
		"Closed Won": false, "Closed - Converted": false, "Negotiation/Review": false, "Lead": false,
	} {
		if got := IsLost(name); got != want {
			t.Errorf("IsLost(%q) = %v, want %v", name, got, want)
		}
	}
	got := wonLast([]string{"Closed Won", "Prospecting", "Closed - Converted", "Proposal"})
	if want := []string{"Prospecting", "Proposal", "Closed Won", "Closed - Converted"}; !reflect.DeepEqual(got, want) {
		t.Errorf("wonLast = %v, want %v", got, want)
	}
}

// analyzeExport reads a stages export of testdata/velocity/exports as
// `funnel velocity` does (a table) and analyses it.
func analyzeExport(t *testing.T, name string, opts Options) *Result {
	t.Helper()
	ds := funnel.NewDataset()
	tab, warns, err := ingest.Load("../testdata/velocity/exports/"+name, funnel.Stages, ds.Dict, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) > 0 {
		t.Fatalf("%s: ingest warnings %q", name, warns)
	}
	ds.Stages = tab
	res, err := Analyze(ds, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

type exitWant struct {
	from string
	lost int
}

func checkExits(t *testing.T, res *Result, want []exitWant) {
	t.Helper()
	total := 0
	for _, w := range want {
		total += w.lost
	}
	if res.LostExits != total || len(res.Exits) != len(want) {
		t.Fatalf("lost exits %d in %d rows %+v, want %d in %d", res.LostExits, len(res.Exits), res.Exits, total, len(want))
	}
	for i, w := range want {
		e := res.Exits[i]
		if e.From != w.from || e.Lost != w.lost || math.Abs(e.Share-float64(w.lost)/float64(total)) > 1e-12 {
			t.Errorf("exits row %d = %+v, want %s %d (share %d/%d)", i, e, w.from, w.lost, w.lost, total)
		}
	}
}

// TestHubSpotWideLostExit: a HubSpot deals export with a "Date entered"
// column per stage, Closed Won and Closed Lost last. Worked by hand from
// hubspot_deals.csv (dates only, so whole days):
//
//	9001 AS 01-02 QTB 01-09 PS 01-16 DMBI 01-23 CS 01-30 CW 02-06  won
//	9002 AS 01-03 QTB 01-10 CL 01-17                                lost from QTB
//	9003 AS 01-04 CL 01-05                                          lost from AS
//	9004 AS 01-08 QTB 01-15 PS 01-29 CL 02-12                       lost from PS
//	9005 AS 02-01 QTB 02-08 PS 02-15 DMBI 02-22                     open
//	9006 AS 02-05 QTB 02-12 PS 02-19 DMBI 02-26 CS 03-04 CL 03-11   lost from CS
//
// The ladder is the columns' without Closed Lost: no Closed Won -> Closed
// Lost pair, no skip (before, every lost deal skipped the stages between
// its last one and Closed Lost). QTB -> PS in January: 9001 7 days, 9004
// 14 days: mean 10.5, p90 7 + 0.9*7 = 13.3. Exits: AS, QTB, PS, CS one
// each, share 1/4. Conversion, January AS: 9001..9004 entered, 9003 lost
// before advancing: 3 of 4.
func TestHubSpotWideLostExit(t *testing.T) {
	t.Parallel()
	res := analyzeExport(t, "hubspot_deals.csv", Options{})
	ladder := []string{"Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Decision Maker Bought-In", "Contract Sent", "Closed Won"}
	if !reflect.DeepEqual(res.Ladder.Stages, ladder) || res.Ladder.Source != LadderWide {
		t.Fatalf("ladder %v (%s), want %v from the wide columns", res.Ladder.Stages, res.Ladder.Source, ladder)
	}
	if !reflect.DeepEqual(res.LostStages, []string{"Closed Lost"}) {
		t.Errorf("lost stages %v", res.LostStages)
	}
	if res.Skipped != 0 || res.Recycles != 0 || res.Transitions != 15 {
		t.Errorf("skipped %d recycles %d transitions %d, want 0 0 15", res.Skipped, res.Recycles, res.Transitions)
	}
	v := velocityRow(t, res, "2024-01", "Qualified To Buy", "Presentation Scheduled")
	if v.Transitions != 2 || math.Abs(v.MeanDays-10.5) > 1e-12 || math.Abs(v.P90Days-13.3) > 1e-9 {
		t.Errorf("January QTB -> PS = %+v, want 2, mean 10.5, p90 13.3", v)
	}
	checkExits(t, res, []exitWant{{"Appointment Scheduled", 1}, {"Qualified To Buy", 1}, {"Presentation Scheduled", 1},
		{"Decision Maker Bought-In", 0}, {"Contract Sent", 1}, {"Closed Won", 0}})
	if c := conversionRow(t, res, "2024-01", "Appointment Scheduled"); c.Entered != 4 || c.Advanced != 3 || c.StillOpen != 0 {
		t.Errorf("conversion %+v, want January AS 4 entered, 3 advanced, 0 open", c)
	}
}

// TestOpportunityHistoryLostExit: a Salesforce Opportunity History report
// (one row per stage change, To Stage and Edit Date). Worked by hand from
// salesforce_opportunity_history.csv:
//
//	01 Prospecting 01-02, Qualification 01-09, Proposal 01-16, Negotiation 01-23, Closed Won 02-06
//	02 Prospecting 01-03, Qualification 01-10, Negotiation 01-24 (Proposal skipped), Closed Lost 02-14
//	03 Prospecting 01-04, Qualification 01-18, Closed Lost 01-25
//	04 Prospecting 01-08, Qualification 01-15, Proposal 01-22, Negotiation 02-05, Closed Won 02-19
//	05 Prospecting 02-01, Closed Lost 02-02
//	06 Prospecting 02-05, Qualification 02-12, Proposal 02-20
//
// The observed ladder is the five open and won stages, Closed Won last;
// Closed Lost is an exit from Negotiation (02), Qualification (03) and
// Prospecting (05). January Prospecting -> Qualification: 7, 7, 14, 7:
// mean 8.75, median 7, p90 7 + 0.7*7 = 11.9. One skip (02, January, on
// Qualification -> Proposal). Negotiation -> Closed Won, February: 14, 14.
func TestOpportunityHistoryLostExit(t *testing.T) {
	t.Parallel()
	res := analyzeExport(t, "salesforce_opportunity_history.csv", Options{})
	ladder := []string{"Prospecting", "Qualification", "Proposal/Price Quote", "Negotiation/Review", "Closed Won"}
	if !reflect.DeepEqual(res.Ladder.Stages, ladder) || res.Layout != Long {
		t.Fatalf("ladder %v (%s), want %v", res.Ladder.Stages, res.Layout, ladder)
	}
	if res.Skipped != 1 || res.Transitions != 12 {
		t.Errorf("skipped %d transitions %d, want 1 and 12", res.Skipped, res.Transitions)
	}
	v := velocityRow(t, res, "2024-01", "Prospecting", "Qualification")
	if v.Transitions != 4 || v.MeanDays != 8.75 || v.MedianDays != 7 || math.Abs(v.P90Days-11.9) > 1e-9 {
		t.Errorf("January Prospecting -> Qualification = %+v", v)
	}
	if v := velocityRow(t, res, "2024-01", "Qualification", "Proposal/Price Quote"); v.Skipped != 1 {
		t.Errorf("January Qualification -> Proposal skipped %d, want 1", v.Skipped)
	}
	if v := velocityRow(t, res, "2024-02", "Negotiation/Review", "Closed Won"); v.Transitions != 2 || v.MeanDays != 14 {
		t.Errorf("February Negotiation -> Closed Won = %+v, want 2 at 14 days", v)
	}
	checkExits(t, res, []exitWant{{"Prospecting", 1}, {"Qualification", 1}, {"Proposal/Price Quote", 0},
		{"Negotiation/Review", 1}, {"Closed Won", 0}})
}

// TestLeadHistory: a Salesforce Lead History report: every field change of
// four leads, statuses among them. Worked by hand from
// salesforce_lead_history.csv:
//
//	AbcD Created. 01-02 09:00; Open -> Working 01-05 09:00; owner; Working -> Converted 01-12 09:00
//	AbcE Created. 01-03 12:00; owner; Open -> Working 01-04 12:00; revenue $12,000.00 -> $15,000.00;
//	     Working -> Closed - Not Converted 01-10 12:00 (lost)
//	AbcF Created. 02-01 08:00; Open -> Working 02-03 08:00
//	AbcG no Created. row: Open -> Working 02-06 09:00; Working -> Converted 02-16 16:00
//
// The ladder has the lead statuses only; AbcD, AbcE and AbcF start in Open
// at creation, AbcG's Open is not entered (its creation is not known).
// Open -> Working: January 3 and 1 days (mean 2, p90 1 + 0.9*2 = 2.8),
// February 2 days. Working -> Converted: January 7 days, February 10 days
// 7 hours = 10.291666... days. AbcE exits from Working.
func TestLeadHistory(t *testing.T) {
	t.Parallel()
	res := analyzeExport(t, "salesforce_lead_history.csv", Options{})
	ladder := []string{"Open - Not Contacted", "Working - Contacted", "Closed - Converted"}
	if !reflect.DeepEqual(res.Ladder.Stages, ladder) {
		t.Fatalf("ladder %v, want %v", res.Ladder.Stages, ladder)
	}
	if res.Entries != 10 || res.Entities != 4 {
		t.Errorf("entries %d entities %d, want 10 (7 status rows, 3 starts) and 4", res.Entries, res.Entities)
	}
	for _, c := range []struct {
		period, from, to string
		n                int
		mean, p90        float64
	}{
		{"2024-01", "Open - Not Contacted", "Working - Contacted", 2, 2, 2.8},
		{"2024-02", "Open - Not Contacted", "Working - Contacted", 1, 2, 2},
		{"2024-01", "Working - Contacted", "Closed - Converted", 1, 7, 7},
		{"2024-02", "Working - Contacted", "Closed - Converted", 1, 10 + 7.0/24, 10 + 7.0/24},
	} {
		v := velocityRow(t, res, c.period, c.from, c.to)
		if v.Transitions != c.n || math.Abs(v.MeanDays-c.mean) > 1e-9 || math.Abs(v.P90Days-c.p90) > 1e-9 {
			t.Errorf("%s %s -> %s = %+v, want %d, mean %g, p90 %g", c.period, c.from, c.to, v, c.n, c.mean, c.p90)
		}
	}
	checkExits(t, res, []exitWant{{"Open - Not Contacted", 0}, {"Working - Contacted", 1}, {"Closed - Converted", 0}})
	all := strings.Join(res.Warnings, "\n")
	for _, want := range []string{`kept the 7 rows of field "Lead Status"`, `dropped 3 rows of other fields: "Lead Owner" (2), "Annual Revenue" (1)`,
		"3 records start in their first Old Value", "1 record has no known creation time"} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings %q lack %q", res.Warnings, want)
		}
	}
}

// TestLeadHistoryCreatedFromLeads: the leads give AbcG's creation, 02-04
// 09:00: it starts in Open then, 2 days before its move to Working, so
// February Open -> Working has 2 transitions of 2 days. --stage-field
// naming a field that is not there is an error listing the fields.
func TestLeadHistoryCreatedFromLeads(t *testing.T) {
	t.Parallel()
	ds := funnel.NewDataset()
	tab, _, err := ingest.Load("../testdata/velocity/exports/salesforce_lead_history.csv", funnel.Stages, ds.Dict, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ds.Stages = tab
	ds.Leads = buildTable(t, funnel.Leads, "leads.csv", ds.Dict, []col{
		{"Lead ID", funnel.RoleLeadID, funnel.KindText}, {"Created Date", funnel.RoleCreatedAt, funnel.KindTime},
	}, [][]string{{"00Q5e000001AbcG", "2024-02-04 09:00:00"}})
	res, err := Analyze(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v := velocityRow(t, res, "2024-02", "Open - Not Contacted", "Working - Contacted"); v.Transitions != 2 || v.MeanDays != 2 {
		t.Errorf("February Open -> Working = %+v, want 2 at 2 days", v)
	}
	_, err = Analyze(ds, Options{StageField: "Rating"})
	if err == nil || !strings.Contains(err.Error(), `no row of field "Rating"`) || !strings.Contains(err.Error(), `"Lead Status" (7)`) {
		t.Errorf("--stage-field Rating: %v", err)
	}
	// --stage-field picks another field: the owner's changes.
	res, err = Analyze(ds, Options{StageField: "Lead Owner"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Ann Admin", "Raj Sales"}; !reflect.DeepEqual(res.Ladder.Stages, want) {
		t.Errorf("owner ladder %v, want %v", res.Ladder.Stages, want)
	}
}

// TestHubSpotPropertyHistory: HubSpot property history (Record ID,
// Property, Value, Timestamp; no old value): only the lifecyclestage rows
// are entries. 1: lead 01-01, mql 01-04 (3 days), customer 01-20 (16
// days: the lifecycle restricted to the stages present has no sql); 2: lead
// 01-02, mql 01-03 (1 day). The hs_analytics_source and amount rows are
// dropped.
func TestHubSpotPropertyHistory(t *testing.T) {
	t.Parallel()
	ds := funnel.NewDataset()
	b, err := ingest.Bind("history.csv", funnel.Stages, []string{"Record ID", "Property", "Value", "Timestamp", "Source"}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{b.Roles[0], b.Roles[2], b.Roles[3]}; !reflect.DeepEqual(got, []string{funnel.RoleEntityID, funnel.RoleStage, funnel.RoleEnteredAt}) {
		t.Fatalf("roles %q", b.Roles)
	}
	ds.Stages = buildTable(t, funnel.Stages, "history.csv", ds.Dict, []col{
		{"Record ID", funnel.RoleEntityID, funnel.KindText}, {"Property", "", funnel.KindText},
		{"Value", funnel.RoleStage, funnel.KindText}, {"Timestamp", funnel.RoleEnteredAt, funnel.KindTime},
	}, [][]string{
		{"1", "lifecyclestage", "lead", "2024-01-01 00:00:00"},
		{"1", "hs_analytics_source", "ORGANIC_SEARCH", "2024-01-01 00:00:00"},
		{"1", "lifecyclestage", "marketingqualifiedlead", "2024-01-04 00:00:00"},
		{"1", "amount", "12000", "2024-01-05 00:00:00"},
		{"1", "lifecyclestage", "customer", "2024-01-20 00:00:00"},
		{"2", "lifecyclestage", "lead", "2024-01-02 00:00:00"},
		{"2", "lifecyclestage", "marketingqualifiedlead", "2024-01-03 00:00:00"},
	})
	res, err := Analyze(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"name", "mql", "customer"}; !reflect.DeepEqual(res.Ladder.Stages, want) {
		t.Fatalf("ladder %v, want %v", res.Ladder.Stages, want)
	}
	if v := velocityRow(t, res, "2024-01", "name", "mql"); v.Transitions != 2 || v.MeanDays != 2 {
		t.Errorf("name -> mql = %+v, want 2 at mean 2", v)
	}
	if v := velocityRow(t, res, "2024-01", "mql", "customer"); v.Transitions != 1 || v.MeanDays != 16 {
		t.Errorf("mql -> customer = %+v, want 1 at 16", v)
	}
	if res.Skipped != 0 || res.LostStages != nil || !strings.Contains(strings.Join(res.Warnings, "\n"), `dropped 2 rows of other fields`) {
		t.Errorf("skipped %d lost %v warnings %q", res.Skipped, res.LostStages, res.Warnings)
	}
}

// TestLostExitRules: the exits of a small long table, worked by hand.
//
//	A: mql 01-01, Disqualified 01-05, mql 01-10, sql 01-20
//	B: Disqualified 01-02 (no rung before it)
//	C: mql 01-03, Closed Lost 01-04, Disqualified 01-06
//
// Inferred: the ladder is the lifecycle's mql, sql; exits: (none) 1 (B),
// mql 2 (A, C; C's Disqualified right after Closed Lost is no second
// exit). A's mql -> sql is 10 days (from its latest mql); its second mql
// is no recycle (the exit is looked through: mql again). January mql:
// 3 entries, 1 advanced (A's second), none open.
//
// With --stage-order mql,sql,Disqualified, Disqualified is a rung as asked and
// Closed Lost the only exit (C from mql): A skips sql (mql -> Disqualified)
// and recycles to mql; C skips sql into Disqualified after its exit.
func TestLostExitRules(t *testing.T) {
	t.Parallel()
	ds := funnel.NewDataset()
	ds.Stages = buildTable(t, funnel.Stages, "stages.csv", ds.Dict, []col{
		{"entity_id", funnel.RoleEntityID, funnel.KindText}, {"stage", funnel.RoleStage, funnel.KindText},
		{"entered_at", funnel.RoleEnteredAt, funnel.KindTime},
	}, [][]string{
		{"A", "mql", "2024-01-01"}, {"A", "Disqualified", "2024-01-05"}, {"A", "mql", "2024-01-10"}, {"A", "sql", "2024-01-20"},
		{"B", "Disqualified", "2024-01-02"},
		{"C", "mql", "2024-01-03"}, {"C", "Closed Lost", "2024-01-04"}, {"C", "Disqualified", "2024-01-06"},
	})
	res, err := Analyze(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Ladder.Stages, []string{"mql", "sql"}) || !reflect.DeepEqual(res.LostStages, []string{"Disqualified", "Closed Lost"}) {
		t.Fatalf("ladder %v lost %v", res.Ladder.Stages, res.LostStages)
	}
	checkExits(t, res, []exitWant{{NoStage, 1}, {"mql", 2}, {"sql", 0}})
	if v := velocityRow(t, res, "2024-01", "mql", "sql"); v.Transitions != 1 || v.MeanDays != 10 || v.Recycles != 0 || v.Skipped != 0 {
		t.Errorf("mql -> sql = %+v, want 1 at 10 days, no recycle or skip", v)
	}
	if c := conversionRow(t, res, "2024-01", "mql"); c.Entered != 3 || c.Advanced != 1 || c.StillOpen != 0 {
		t.Errorf("conversion mql = %+v, want 3 entered, 1 advanced, 0 open", c)
	}

	res, err = Analyze(ds, Options{Order: []string{"mql", "sql", "Disqualified"}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.LostStages, []string{"Closed Lost"}) {
		t.Fatalf("lost %v, want Closed Lost only", res.LostStages)
	}
	checkExits(t, res, []exitWant{{"mql", 1}, {"sql", 0}, {"Disqualified", 0}})
	if v := velocityRow(t, res, "2024-01", "mql", "sql"); v.Skipped != 2 || v.Recycles != 1 {
		t.Errorf("mql -> sql = %+v, want 2 skips and 1 recycle", v)
	}
}

// TestStageHistoryUnchangedRows: an Opportunity History row whose stage
// did not change (From Stage = To Stage: the amount changed on 1/12) is no
// entry: the deal's Qualification entry of 1/9 stands, so the figures of
// TestOpportunityHistoryLostExit hold (12 transitions; read as an entry it
// would add a 13th, Prospecting -> Qualification again).
func TestStageHistoryUnchangedRows(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../testdata/velocity/exports/salesforce_opportunity_history.csv")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b) + `"Acme - 50 seats","0065e00000AAA01","Qualification","Qualification","$13,000.00","3/29/2024","1/12/2024"` + "\n"
	path := filepath.Join(t.TempDir(), "history.csv")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	ds := funnel.NewDataset()
	if ds.Stages, _, err = ingest.Load(path, funnel.Stages, ds.Dict, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := Analyze(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Transitions != 12 || res.Skipped != 1 {
		t.Errorf("transitions %d skipped %d, want 12 and 1", res.Transitions, res.Skipped)
	}
	want := `history.csv: stage history ("From Stage", "To Stage"): 1 row whose stage did not change (another field did) is no new entry`
	if !slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.HasSuffix(w, want) }) {
		t.Errorf("warnings %q", res.Warnings)
	}
}
