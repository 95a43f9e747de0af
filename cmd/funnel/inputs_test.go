package main

import (
	"slices"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestWithWarnings: what reading said comes first (the dataset's, then
// the files read besides the inputs), then the analysis's; and the merged
// slice is the report's own: appending to it leaves the dataset's backing
// array alone (attribute once appended into it).
func TestWithWarnings(t *testing.T) {
	t.Parallel()
	ds := &funnel.Dataset{Warnings: make([]string, 1, 8)}
	ds.Warnings[0] = "leads.csv: 2 rows skipped"
	in := &inputSet{ds: ds, files: map[funnel.TableKind]string{funnel.Leads: "leads.csv", funnel.Accounts: "accounts.csv"}}
	in.add("prices.csv", []string{"prices.csv: 1 row skipped"})
	in.add("model.json", nil)
	rep := funnel.NewReport("t", "t")
	rep.Warnings = []string{"analysis"}
	in.withWarnings(rep)
	if want := []string{"leads.csv: 2 rows skipped", "prices.csv: 1 row skipped", "analysis"}; !slices.Equal(rep.Warnings, want) {
		t.Errorf("warnings %q, want %q", rep.Warnings, want)
	}
	rep.Warnings = append(rep.Warnings, "later")
	if spare := ds.Warnings[:cap(ds.Warnings)]; spare[1] != "" || len(ds.Warnings) != 1 {
		t.Errorf("the dataset's warnings changed: %q", spare)
	}
	if want := []string{"accounts.csv", "leads.csv", "prices.csv", "model.json"}; !slices.Equal(in.paths(), want) {
		t.Errorf("paths %q, want %q", in.paths(), want)
	}
}
