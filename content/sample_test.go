package content_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/funnel-analytics/funnel/content"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

// TestSamplePlanted runs content on a small sample (content.csv is its
// inventory) and compares with truth.json's content: every touch is staged
// by the inventory; the touches of each content stage, summed over the
// lifecycle stages of the mix, equal those counted from touches.csv here,
// by the campaign -> stage map of the truth (not by the inventory file);
// the unused items are the planted ones; the planted gap (customers
// consume no mofu) is in the gaps table. Exact counts.
func TestSamplePlanted(t *testing.T) {
	dir := t.TempDir()
	cfg := sample.DefaultConfig()
	cfg.Leads = 2000
	truth, err := sample.WriteDir(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ct := truth.Content
	want := map[string]int{}
	f, err := os.Open(filepath.Join(dir, sample.TouchesFile))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(recs[0], "campaign")
	for _, r := range recs[1:] {
		want[ct.Campaigns[r[col]]]++
	}
	if want[""] != 0 {
		t.Fatalf("%d touches of campaigns the truth does not stage", want[""])
	}
	files, err := ingest.FindExports(dir)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := ingest.LoadDataset(files, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := content.Analyze(ds, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Tags.ByInventory != len(recs)-1 || r.Tags.ByActivity != 0 || r.Tags.Unstaged != 0 {
		t.Errorf("staged by inventory %d, activity %d, unstaged %d; want %d, 0, 0", r.Tags.ByInventory, r.Tags.ByActivity, r.Tags.Unstaged, len(recs)-1)
	}
	got := map[string]int{}
	for _, m := range r.Mix {
		got[m.Content] += m.Touches
	}
	for _, s := range []string{"tofu", "mofu", "bofu"} {
		if got[s] != want[s] || want[s] == 0 {
			t.Errorf("%s: %d touches in the mix, %d planted", s, got[s], want[s])
		}
	}
	var unused []string
	for _, it := range r.Tags.Unused() {
		unused = append(unused, it.Key)
	}
	if !slices.Equal(unused, ct.Unused) || len(unused) != sample.UnusedContent {
		t.Errorf("unused %q, planted %q", unused, ct.Unused)
	}
	items := map[string]int{}
	for _, it := range r.Tags.Items {
		items[it.Stage.String()]++
	}
	for s, n := range ct.Items {
		if items[s] != n {
			t.Errorf("%s: %d inventory items, %d planted", s, items[s], n)
		}
	}
	found := map[string]string{}
	for _, g := range r.Gaps {
		if g.Dimension == "lifecycle_stage" {
			found[g.Group] = g.Missing
		}
	}
	for stage, missing := range ct.Gaps {
		if found[stage] != missing {
			t.Errorf("gap at %s: found %q, planted %q (gaps %+v)", stage, found[stage], missing, r.Gaps)
		}
	}
}
