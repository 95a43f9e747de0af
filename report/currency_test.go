package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/velocity"
)

// TestKeyFiguresCurrency: the key figures' money rows (won_amount,
// average_deal) take the currency the opportunities' amounts named
// ("€1000": EUR), and none when they named none (testdata/report/month).
func TestKeyFiguresCurrency(t *testing.T) {
	t.Parallel()
	src := filepath.Join("..", "testdata", "report", "month")
	opps, err := os.ReadFile(filepath.Join(src, "opportunities.csv"))
	if err != nil {
		t.Fatal(err)
	}
	euro := strings.NewReplacer(",1000,", ",€1000,", ",500,", ",€500,", ",800,", ",€800,").Replace(string(opps))
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "opportunities.csv"), []byte(euro), 0o644); err != nil {
		t.Fatal(err)
	}
	m, _ := ParseMonth("2026-10", time.UTC)
	for _, tc := range []struct {
		opportunities, want string
	}{
		{filepath.Join(src, "opportunities.csv"), ""},
		{filepath.Join(dir, "opportunities.csv"), "EUR"},
	} {
		files := map[funnel.TableKind]string{funnel.Opportunities: tc.opportunities}
		for _, k := range []funnel.TableKind{funnel.Leads, funnel.Touches, funnel.Stages} {
			files[k] = filepath.Join(src, k.String()+".csv")
		}
		ds, err := ingest.LoadDataset(files, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Build(ds, Options{Month: m, Velocity: velocity.Options{Order: []string{"mql", "sql"}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := rep.Currency("key_figures", ""); got != tc.want {
			t.Errorf("%s: key figures' money in %q, want %q", tc.opportunities, got, tc.want)
		}
	}
}
