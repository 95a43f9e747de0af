package report

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// TestBuildABM builds the report of 2026-02 on testdata/accounts/abm
// (accounts' TestTargetShare and TestEventTargets work its figures out
// by hand): the ABM sheet holds target_share from 2026-01 (the first
// month with data) to 2026-02, the February event W2 only, the warning
// of the target share that fell while the touches rose, said once.
func TestBuildABM(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "testdata", "accounts", "abm")
	ds, err := ingest.LoadDataset(map[funnel.TableKind]string{
		funnel.Accounts: filepath.Join(dir, "accounts.csv"), funnel.Leads: filepath.Join(dir, "leads.csv"),
		funnel.Touches: filepath.Join(dir, "touches.csv"), funnel.Opportunities: filepath.Join(dir, "opportunities.csv"),
		funnel.Attendees: filepath.Join(dir, "webinar_attendees.csv"),
	}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := ParseMonth("2026-02", time.UTC)
	rep, err := Build(ds, Options{Month: m})
	if err != nil {
		t.Fatal(err)
	}
	share, ok := rep.Table("target_share")
	if !ok || share.Nrow() != 6 || rep.Sheets["target_share"] != SheetABM {
		t.Fatalf("target_share %v (sheet %q)", share, rep.Sheets["target_share"])
	}
	if got := share.Col("touch_share").Float(); got[0] != 0.6 || got[3] != 1.0/3 {
		t.Errorf("touch shares %v, want 0.6 in 2026-01 and 1/3 in 2026-02 (target rows)", got)
	}
	if v, _ := rep.MetaValue("target_share_window"); v != "2026-01 to 2026-02" {
		t.Errorf("window %v", v)
	}
	ev, ok := rep.Table("event_targets")
	if !ok || ev.Nrow() != 3 || strings.Join(ev.Col("event").Records(), " ") != "W2 W2 W2" {
		t.Errorf("event_targets %v", ev)
	}
	n := 0
	for _, w := range rep.Warnings {
		if strings.Contains(w, "touches rose from 5 in 2026-01 to 6 in 2026-02, but the target accounts' share fell from 60.0% to 33.3%") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the falling share said %d times: %q", n, rep.Warnings)
	}
}
