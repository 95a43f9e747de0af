package report

import (
	"github.com/funnel-analytics/funnel/content"
	"github.com/funnel-analytics/funnel/funnel"
)

// SheetContent is the sheet of the month's content by funnel stage.
const SheetContent = "Content"

// content adds the Content sheet when there is a content inventory
// (ds.Content) and touches: the touches of the report's month staged as
// `funnel content` stages them (by the inventory item they name, others
// by their activity type), with Options.Content; the month's mix per
// lifecycle stage with its bar chart of shares, the gaps, and the
// inventory items no touch of the month named. Without an inventory the
// sheet is left out: the activity-type rule alone would stage the
// touches by a guess at their names, which `funnel content` shows on
// demand but a monthly report should not present as the team's content.
// The conversion after each content stage is left to `funnel content`: it
// looks past the month's end. The rule, the counts per rule and the
// number of gaps and unused items go in the meta; items unused in the
// month are not a warning (a month need not use every item).
func (b *builder) content() error {
	ds := b.ds
	if ds.Content == nil {
		b.skip("content", "no content inventory (content in the config's inputs, --content, or content.csv in the data folder)")
		return nil
	}
	if ds.Touches == nil {
		b.skip("content", "no touches to stage")
		return nil
	}
	month := *ds // a shallow copy: only its touches differ
	month.Touches = b.monthRows(ds.Touches)
	if month.Touches.Rows == 0 {
		b.skip("content", "no touch in "+b.m.String())
		return nil
	}
	res, err := content.Analyze(&month, b.opts.Content)
	if err != nil {
		return err // content's errors name the file or the package
	}
	sub := res.Report()
	b.add(sub, content.TableMix, "content_mix", SheetContent)
	b.rep.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "Content stage mix per lifecycle stage, " + b.m.String(), Table: "content_mix",
		X: "lifecycle_stage", SeriesBy: "content_stage", Y: "share", XTitle: "lifecycle stage", YTitle: "share of staged touches"})
	b.add(sub, content.TableGaps, "content_gaps", SheetContent)
	b.add(sub, content.TableUnused, "content_unused", SheetContent)
	tg := res.Tags
	b.rep.AddMeta("content_staging_rule", tg.Rule())
	b.rep.AddMeta("content_touches", month.Touches.Rows)
	b.rep.AddMeta("content_staged_by_inventory", tg.ByInventory)
	b.rep.AddMeta("content_staged_by_activity_type", tg.ByActivity)
	b.rep.AddMeta("content_unstaged", tg.Unstaged)
	b.rep.AddMeta("content_gaps", len(res.Gaps))
	b.rep.AddMeta("content_unused_items", len(tg.Unused()))
	return nil
}

// monthRows returns the rows of t whose occurred_at falls in the report's
// month, as a table sharing t's Dict and keeping each row's source line;
// t itself when it has no occurred_at (the analysis then says so).
func (b *builder) monthRows(t *funnel.Table) *funnel.Table {
	at := t.TimeRole(funnel.RoleOccurredAt)
	if at == nil {
		return t
	}
	var rows []int
	for i, ts := range at.Times {
		if b.m.Contains(ts) {
			rows = append(rows, i)
		}
	}
	out := *t
	out.Rows, out.Columns, out.Lines = len(rows), make([]*funnel.Column, len(t.Columns)), nil
	if t.Lines != nil {
		out.Lines = pick(t.Lines, rows)
	}
	for j, c := range t.Columns {
		nc := *c
		nc.Codes, nc.Nums, nc.Bools, nc.Times = pick(c.Codes, rows), pick(c.Nums, rows), pick(c.Bools, rows), pick(c.Times, rows)
		nc.Missing = 0
		for i := range rows {
			if nc.IsNA(i) {
				nc.Missing++
			}
		}
		out.Columns[j] = &nc
	}
	return &out
}

// pick returns s's elements at rows, nil for a nil s.
func pick[T any](s []T, rows []int) []T {
	if s == nil {
		return nil
	}
	out := make([]T, len(rows))
	for k, i := range rows {
		out[k] = s[i]
	}
	return out
}
