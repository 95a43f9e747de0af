package content_test

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/content"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// loadFixture reads testdata/content: five inventory items, twelve
// touches of five leads, the stage history of four.
func loadFixture(t *testing.T, kinds ...funnel.TableKind) *funnel.Dataset {
	t.Helper()
	files := map[funnel.TableKind]string{}
	for _, k := range kinds {
		files[k] = filepath.Join("..", "testdata", "content", k.String()+".csv")
	}
	ds, err := ingest.LoadDataset(files, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestAnalyzeByHand checks every table against testdata/content, worked
// by hand. The touches, in file order, staged:
//
//	 1 L1 01-02 item Attribution guide     tofu (inventory)  at lead
//	 2 L1 01-12 campaign Spring Webinar     mofu (inventory)  at mql
//	 3 L1 01-25 url /pricing                bofu (inventory)  at sql
//	 4 L2 01-03 web_visit, url /blog/x      tofu (activity)   at lead
//	 5 L2 01-16 email_click                 none              at mql
//	 6 L2 01-18 item Case study: Northwind  mofu (inventory)  at mql
//	 7 L3 01-04 demo_request                bofu (activity)   at lead
//	 8 L3 01-05 campaign Spring Webinar     mofu (inventory; not the activity's tofu) at lead
//	 9 L4 01-06 item Attribution guide      tofu (inventory)  at lead
//	10 L4 01-08 12:00 url https://example.com/pricing?utm_source=x  bofu (inventory) at mql (entered 01-08)
//	11 L1 2025-12-30 web_visit              tofu (activity)   before stages
//	12 L5 01-07 web_visit                   tofu (activity)   before stages (L5 has no history)
//
// Inventory 7, activity 4, unstaged 1; the ladder lead, mql, sql (mean
// positions 0, 1, 2). Mix at lead: tofu 3 (L1, L2, L4), mofu 1, bofu 1,
// shares 0.6, 0.2, 0.2; at mql mofu 2 of 3, bofu 1 of 3. Conversion:
// lead/tofu L1, L2, L4 all entered mql later (3 of 3); lead/mofu and
// lead/bofu L3 never advanced (0 of 1); mql/mofu L1 entered sql 01-20
// after 01-12, L2 never (1 of 2); mql/bofu L4 entered sql 01-09 (1 of 1);
// sql/bofu L1 (0 of 1). Gaps: before stages (tofu 2: mofu, bofu), sql
// (bofu 1: mofu), industry Education (L5, tofu 1: mofu, bofu). Unused:
// Unused e-book, line 6.
func TestAnalyzeByHand(t *testing.T) {
	t.Parallel()
	ds := loadFixture(t, funnel.Touches, funnel.Content, funnel.Stages, funnel.Leads)
	r, err := content.Analyze(ds, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tg := r.Tags
	wantStages := "tofu mofu bofu tofu - mofu bofu mofu tofu bofu tofu tofu"
	var got []string
	for _, s := range tg.Stage {
		if s == content.None {
			got = append(got, "-")
		} else {
			got = append(got, s.String())
		}
	}
	if g := strings.Join(got, " "); g != wantStages || tg.ByInventory != 7 || tg.ByActivity != 4 || tg.Unstaged != 1 {
		t.Errorf("stages %s (inventory %d, activity %d, unstaged %d); want %s (7, 4, 1)", g, tg.ByInventory, tg.ByActivity, tg.Unstaged, wantStages)
	}
	if strings.Join(r.Ladder, ",") != "lead,mql,sql" {
		t.Errorf("ladder %q", r.Ladder)
	}
	mix := map[string][3]float64{}
	for _, m := range r.Mix {
		mix[m.Lifecycle+"/"+m.Content] = [3]float64{float64(m.Touches), float64(m.Leads), m.Share}
	}
	for k, want := range map[string][3]float64{
		"(before stages)/tofu": {2, 2, 1}, "(before stages)/mofu": {0, 0, 0},
		"lead/tofu": {3, 3, 0.6}, "lead/mofu": {1, 1, 0.2}, "lead/bofu": {1, 1, 0.2},
		"mql/tofu": {0, 0, 0}, "mql/mofu": {2, 2, 2.0 / 3}, "mql/bofu": {1, 1, 1.0 / 3},
		"sql/bofu": {1, 1, 1},
	} {
		g := mix[k]
		if g[0] != want[0] || g[1] != want[1] || math.Abs(g[2]-want[2]) > 1e-12 {
			t.Errorf("mix %s: %v, want %v", k, g, want)
		}
	}
	if len(r.Mix) != 12 {
		t.Errorf("%d mix rows, want 12 (4 lifecycle stages x 3)", len(r.Mix))
	}
	conv := map[string][2]int{}
	for _, c := range r.Conversion {
		conv[c.Lifecycle+"/"+c.Content] = [2]int{c.Leads, c.Advanced}
	}
	wantConv := map[string][2]int{"lead/tofu": {3, 3}, "lead/mofu": {1, 0}, "lead/bofu": {1, 0},
		"mql/mofu": {2, 1}, "mql/bofu": {1, 1}, "sql/bofu": {1, 0}}
	if len(conv) != len(wantConv) {
		t.Errorf("conversion %v, want %v", conv, wantConv)
	}
	for k, want := range wantConv {
		if conv[k] != want {
			t.Errorf("conversion %s: %v, want %v", k, conv[k], want)
		}
	}
	var gaps []string
	for _, g := range r.Gaps {
		gaps = append(gaps, g.Dimension+" "+g.Group+": "+g.Missing)
	}
	if g := strings.Join(gaps, "; "); g != "lifecycle_stage (before stages): mofu, bofu; lifecycle_stage sql: mofu; industry Education: mofu, bofu" {
		t.Errorf("gaps %s", g)
	}
	u := tg.Unused()
	if len(u) != 1 || u[0].Key != "Unused e-book" || !strings.HasSuffix(u[0].Line, "content.csv:6") || len(r.Warnings) != 1 {
		t.Errorf("unused %+v, warnings %q", u, r.Warnings)
	}
}

// TestDefaultRule stages by activity type alone without an inventory:
// touches 1-12 of testdata/content by their activity (web_visit tofu,
// webinar_attended mofu, email_click none, whitepaper_download mofu,
// demo_request bofu).
func TestDefaultRule(t *testing.T) {
	t.Parallel()
	ds := loadFixture(t, funnel.Touches)
	tg, err := content.Tag(ds.Touches, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tg.ByActivity != 11 || tg.Unstaged != 1 || tg.ByInventory != 0 || tg.Items != nil {
		t.Errorf("activity %d, unstaged %d, inventory %d", tg.ByActivity, tg.Unstaged, tg.ByInventory)
	}
	for act, want := range map[string]content.Stage{
		"web_visit": content.ToFu, "Blog Post View": content.ToFu, "webinar_attended": content.MoFu,
		"White Paper Download": content.MoFu, "case_study_view": content.MoFu, "free_trial_signup": content.BoFu,
		"Demo Request": content.BoFu, "pricing_page_view": content.BoFu, "email_click": content.None, "": content.None,
	} {
		if got := content.ByActivity(act); got != want {
			t.Errorf("ByActivity(%q) = %v, want %v", act, got, want)
		}
	}
	for tag, want := range map[string]content.Stage{"ToFu": content.ToFu, "TOP OF FUNNEL": content.ToFu,
		"MoFu": content.MoFu, "middle-of-the-funnel": content.MoFu, "BOFU": content.BoFu, "Decision": content.BoFu} {
		if got, ok := content.ParseStage(tag); !ok || got != want {
			t.Errorf("ParseStage(%q) = %v, %v", tag, got, ok)
		}
	}
	if _, ok := content.ParseStage("hot"); ok {
		t.Error("ParseStage(hot) is a stage")
	}
}

// TestAddStageColumn: the derived column names the stages by Dict code,
// NA for the unstaged touch (row 5), and is found by name.
func TestAddStageColumn(t *testing.T) {
	t.Parallel()
	ds := loadFixture(t, funnel.Touches, funnel.Content)
	if _, err := content.AddStageColumn(ds); err != nil {
		t.Fatal(err)
	}
	c := ds.Touches.Named("content_stage")
	if c == nil || c.Missing != 1 || !c.IsNA(4) || ds.Touches.Text(c, 2) != "bofu" || ds.Touches.Text(c, 7) != "mofu" {
		t.Fatalf("content_stage column %+v", c)
	}
}

// TestStageCosts sums testdata/content/costs.csv by stage: Spring
// Webinar's 300 to mofu; Brand Terms (100) is in no inventory row, left
// out with a warning.
func TestStageCosts(t *testing.T) {
	t.Parallel()
	ds := loadFixture(t, funnel.Touches, funnel.Content, funnel.Costs)
	c, warnings, err := content.StageCosts(ds.Costs, ds.Content)
	if err != nil {
		t.Fatal(err)
	}
	if c.Cost["mofu"] != 300 || c.Cost["tofu"] != 0 || c.Cost["bofu"] != 0 || len(warnings) != 1 || !strings.Contains(warnings[0], `"Brand Terms"`) {
		t.Errorf("costs %v, warnings %q", c.Cost, warnings)
	}
}
