package main

import (
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

func TestContentFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newContentCmd, []flagCase[*contentOptions]{
		{name: "defaults", check: func(t *testing.T, o *contentOptions) {
			if o.opts.SegmentBy != "" {
				t.Errorf("defaults %+v", o.opts)
			}
		}},
		{name: "set", args: []string{"--segment-by", " region ", "--content", "inventory.xlsx"},
			check: func(t *testing.T, o *contentOptions) {
				if o.opts.SegmentBy != "region" || *o.inputs.paths[funnel.Content] != "inventory.xlsx" {
					t.Errorf("set %+v", o.opts)
				}
			}},
	})
}

// TestContentRun runs testdata/content (worked by hand in
// content/content_test.go): at lead, tofu is 3 of 5 staged touches by 3
// leads; at mql, 1 of the 2 leads who read mofu content entered sql; the
// one unused item is named with its line.
func TestContentRun(t *testing.T) {
	t.Parallel()
	g := &globalOptions{DataDir: testdata("content")}
	rep := runJSON(t, g, newContentCmd, contentRun)
	row := func(table string, want map[string]float64, keys ...string) {
		t.Helper()
		for _, r := range rep.Tables[table] {
			if r["lifecycle_stage"] == keys[0] && r["content_stage"] == keys[1] {
				wantNumbers(t, table+" "+keys[0]+"/"+keys[1], r, want)
				return
			}
		}
		t.Errorf("%s: no row %v", table, keys)
	}
	row("mix", map[string]float64{"touches": 3, "leads": 3, "share": 0.6}, "lead", "tofu")
	row("conversion", map[string]float64{"leads": 2, "advanced": 1, "rate": 0.5}, "mql", "mofu")
	if u := rep.row(t, "unused", "content", "Unused e-book"); u["stage"] != "tofu" {
		t.Errorf("unused %v", u)
	}
}

// TestAttributeByContentStage credits testdata/content's two conversions
// by content stage (L1: tofu tofu mofu bofu, L4: tofu bofu): linear tofu
// 2/4 + 1/2 = 1, mofu 1/4, bofu 1/4 + 1/2 = 0.75; the costs by stage
// through the inventory's campaigns: mofu 300.
func TestAttributeByContentStage(t *testing.T) {
	t.Parallel()
	g := &globalOptions{DataDir: testdata("content")}
	rep := runJSON(t, g, newAttributeCmd, attributeRun, "--by", "content_stage", "--models", "first_touch,linear_touch")
	wantNumbers(t, "tofu", rep.row(t, "attribution", "content_stage", "tofu"), map[string]float64{"first_touch_conversions": 2, "linear_touch_conversions": 1, "cost": 0})
	wantNumbers(t, "mofu", rep.row(t, "attribution", "content_stage", "mofu"), map[string]float64{"linear_touch_conversions": 0.25, "linear_touch_value": 250, "cost": 300})
	wantNumbers(t, "bofu", rep.row(t, "attribution", "content_stage", "bofu"), map[string]float64{"linear_touch_conversions": 0.75})
}
