package report

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestContentSheet builds January 2026 of testdata/content (the fixture
// content/content_test.go stages by hand). Of its twelve touches, the
// eleventh (L1, 2025-12-30) is not in the month: eleven touches, 7 staged
// by the inventory, 3 by activity type (L2's /blog/x visit, L3's demo
// request, L5's visit), 1 unstaged (email_click). Mix: (before stages)
// tofu 1 (L5 only: L1's December visit is out), share 1; lead tofu 3,
// mofu 1, bofu 1 (0.6, 0.2, 0.2); mql mofu 2, bofu 1 (2/3, 1/3); sql bofu
// 1. Gaps: (before stages) mofu, bofu; sql mofu; industry Education mofu,
// bofu. Unused: the e-book (content.csv line 6). Without the inventory the
// sheet is left out.
func TestContentSheet(t *testing.T) {
	t.Parallel()
	ds := loadDir(t, filepath.Join("..", "testdata", "content"), funnel.Touches, funnel.Content, funnel.Stages, funnel.Leads)
	m, _ := ParseMonth("2026-01", time.UTC)
	rep, err := Build(ds, Options{Month: m})
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]int{"content_touches": 11, "content_staged_by_inventory": 7,
		"content_staged_by_activity_type": 3, "content_unstaged": 1, "content_gaps": 3, "content_unused_items": 1} {
		if v, _ := rep.MetaValue(k); v != want {
			t.Errorf("meta %s = %v, want %d", k, v, want)
		}
	}
	mix, ok := rep.Table("content_mix")
	if !ok || mix.Nrow() != 12 || rep.Sheets["content_mix"] != SheetContent {
		t.Fatalf("content_mix on %q: %v", rep.Sheets["content_mix"], mix)
	}
	want := map[string][2]float64{"(before stages)/tofu": {1, 1}, "(before stages)/mofu": {0, 0},
		"lead/tofu": {3, 0.6}, "lead/mofu": {1, 0.2}, "lead/bofu": {1, 0.2},
		"mql/tofu": {0, 0}, "mql/mofu": {2, 2.0 / 3}, "mql/bofu": {1, 1.0 / 3}, "sql/bofu": {1, 1}, "sql/mofu": {0, 0}}
	life, stage, touches, share := mix.Col("lifecycle_stage").Records(), mix.Col("content_stage").Records(), mix.Col("touches").Float(), mix.Col("share").Float()
	for i := range life {
		w, ok := want[life[i]+"/"+stage[i]]
		if ok && (touches[i] != w[0] || math.Abs(share[i]-w[1]) > 1e-12) {
			t.Errorf("mix %s/%s: %v touches, share %v; want %v", life[i], stage[i], touches[i], share[i], w)
		}
	}
	gaps, _ := rep.Table("content_gaps")
	if g := strings.Join(gaps.Col("group").Records(), ",") + " " + strings.Join(gaps.Col("missing").Records(), ","); g != "(before stages),sql,Education mofu, bofu,mofu,mofu, bofu" {
		t.Errorf("gaps %s", g)
	}
	unused, _ := rep.Table("content_unused")
	if unused.Nrow() != 1 || unused.Elem(0, 0).String() != "Unused e-book" || !strings.HasSuffix(unused.Col("line").Records()[0], "content.csv:6") {
		t.Errorf("unused %v", unused)
	}
	charts := 0
	for _, c := range rep.Charts {
		if c.Table == "content_mix" && c.Kind == funnel.BarChart && c.SeriesBy == "content_stage" && c.Y == "share" {
			charts++
		}
	}
	if charts != 1 {
		t.Errorf("%d mix charts, want 1", charts)
	}

	ds.Content = nil
	rep, err = Build(ds, Options{Month: m})
	if err != nil {
		t.Fatal(err)
	}
	v, _ := rep.MetaValue("left_out")
	if _, made := rep.Table("content_mix"); made || !strings.Contains(strings.Join(v.([]string), "; "), "content: no content inventory") {
		t.Errorf("without an inventory: sheet made %v, left_out %v", made, v)
	}
}
