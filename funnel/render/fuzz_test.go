package render

import (
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// FuzzDelimited writes one string cell as CSV and TSV: CSV reads back as
// the guarded value, TSV keeps one line of one field, and no cell that
// starts a formula gets through unguarded.
func FuzzDelimited(f *testing.F) {
	for _, s := range []string{payloadHyperlink, payloadPlus, payloadMinus, payloadAt, payloadTab, "a\nb", `"q"`, "x,y", "\r=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "NaN" || !utf8.ValidString(s) { // gota reads "NaN" as NA
			return
		}
		r := funnel.NewReport("fuzz", "")
		r.AddTable("t", dataframe.New(series.New([]string{s}, series.String, "v")))
		out := render(t, r, CSV, Options{})
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("CSV of %q does not read back: %v", s, err)
		}
		// encoding/csv turns \r\n inside a quoted field into \n
		want := strings.ReplaceAll(GuardFormula(s), "\r\n", "\n")
		if len(recs) != 2 || len(recs[1]) != 1 || recs[1][0] != want {
			t.Fatalf("CSV of %q reads back as %q", s, recs)
		}
		tsv := strings.TrimSuffix(render(t, r, TSV, Options{}), "\n")
		lines := strings.Split(tsv, "\n")
		if len(lines) != 2 || strings.ContainsAny(lines[1], "\t\r") {
			t.Fatalf("TSV of %q: %q", s, tsv)
		}
		if c := lines[1]; c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
			t.Fatalf("TSV of %q starts a formula: %q", s, c)
		}
	})
}
