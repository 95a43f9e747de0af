package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/render/golden")

// goldenDir holds the expected output of each renderer for richReport.
var goldenDir = filepath.Join("..", "..", "testdata", "render", "golden")

// metaOnlyReport has meta but no tables (csv and tsv write the meta).
func metaOnlyReport() *funnel.Report {
	r := funnel.NewReport("size", "Market size")
	r.AddMeta("segments", 12)
	r.AddMeta("market_size", 1523.25)
	r.AddMeta("basis", "-employees")
	return r
}

func TestGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file   string
		report func() *funnel.Report
		format Format
		opts   Options
	}{
		{"report.txt", richReport, Table, Options{}},
		{"report_color.txt", richReport, Table, Options{Color: true}},
		{"report_width60.txt", richReport, Table, Options{Width: 60, Table: "channels"}},
		{"report.csv", richReport, CSV, Options{}},
		{"report_velocity.csv", richReport, CSV, Options{Table: "velocity"}},
		{"report.tsv", richReport, TSV, Options{}},
		{"report.json", richReport, JSON, Options{}},
		{"report.md", richReport, Markdown, Options{}},
		{"report_velocity.md", richReport, Markdown, Options{Table: "velocity"}},
		{"meta_only.csv", metaOnlyReport, CSV, Options{}},
		{"meta_only.json", metaOnlyReport, JSON, Options{}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, tc.report(), tc.format, tc.opts); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(goldenDir, tc.file)
			if *update {
				if err := os.MkdirAll(goldenDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./funnel/render -update)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", tc.file, buf.Bytes(), want)
			}
		})
	}
}
