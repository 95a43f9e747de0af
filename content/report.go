package content

import (
	"github.com/funnel-analytics/funnel/funnel"
)

// Names of the tables of the `funnel content` report.
const (
	TableMix        = "mix"
	TableConversion = "conversion"
	TableGaps       = "gaps"
	TableUnused     = "unused"
)

// InventoryRule says, for the meta, how touches are staged with an
// inventory.
const InventoryRule = "by the inventory item the touch's item, url or campaign names (the most specific first); other touches " + DefaultRule

// Rule says how the touches were staged: InventoryRule with an
// inventory, else DefaultRule.
func (tg *Tags) Rule() string {
	if tg.Items != nil {
		return InventoryRule
	}
	return DefaultRule + " (no content inventory)"
}

// unusedRow is a row of the unused table.
type unusedRow struct {
	Key     string `table:"content"`
	KeyRole string `table:"matched_by"`
	Stage   string `table:"stage"`
	Format  string `table:"format"`
	Segment string `table:"segment"`
	Line    string `table:"line"`
}

// Report returns the `funnel content` report: the tables mix (the main
// one), conversion (with a stage history), gaps and, with an inventory,
// unused; the staging rule and counts in the meta.
func (r *Result) Report() *funnel.Report {
	rep := funnel.NewReport("content", "Content by funnel stage")
	tg := r.Tags
	rep.AddMeta("staging_rule", tg.Rule())
	if tg.Items != nil {
		rep.AddMeta("inventory_items", len(tg.Items))
		rep.AddMeta("inventory_joined_on", tg.Joined)
	}
	rep.AddMeta("touches_staged_by_inventory", tg.ByInventory)
	rep.AddMeta("touches_staged_by_activity_type", tg.ByActivity)
	rep.AddMeta("touches_unstaged", tg.Unstaged)
	if r.Ladder != nil {
		rep.AddMeta("lifecycle_stages", r.Ladder)
		rep.AddMeta("advanced", "a later entry, after the lead's first touch of the content stage at the lifecycle stage, into a stage further along the lifecycle stages (ordered by their mean position in the leads' histories; lost stages left out)")
	} else {
		rep.AddMeta("conversion", "needs a stage history (stages input)")
	}
	if r.SegmentBy != "" {
		rep.AddMeta("segment_by", r.SegmentBy)
	}
	rep.AddMeta("gaps", len(r.Gaps))
	for _, w := range r.Warnings {
		rep.Warnf("%s", w)
	}
	rep.AddTable(TableMix, funnel.FrameOf(r.Mix))
	if r.Ladder != nil {
		rep.AddTable(TableConversion, funnel.FrameOf(r.Conversion))
	}
	rep.AddTable(TableGaps, funnel.FrameOf(r.Gaps))
	if tg.Items != nil {
		var rows []unusedRow
		for _, it := range tg.Unused() {
			rows = append(rows, unusedRow{it.Key, it.KeyRole, it.Stage.String(), it.Format, it.Segment, it.Line})
		}
		rep.AddTable(TableUnused, funnel.FrameOf(rows))
	}
	return rep
}
