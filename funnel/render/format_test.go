package render

import (
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Format
		err  string
	}{
		{"table", Table, ""},
		{"csv", CSV, ""},
		{"tsv", TSV, ""},
		{"json", JSON, ""},
		{"md", Markdown, ""},
		{"xlsx", XLSX, ""},
		{"CSV", CSV, ""},
		{"html", 0, `unknown format "html"`},
		{"", 0, `unknown format ""`},
	}
	for _, tc := range tests {
		got, err := ParseFormat(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseFormat(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseFormat(%q) = %v, %v, want %v", tc.in, got, err, tc.want)
		}
		if got.String() != strings.ToLower(tc.in) {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), strings.ToLower(tc.in))
		}
	}
}

func TestFormatFromPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		want Format
		err  string
	}{
		{"out.csv", CSV, ""},
		{"dir.v2/out.TSV", TSV, ""},
		{"out.txt", Table, ""},
		{"out.json", JSON, ""},
		{"report.md", Markdown, ""},
		{"/tmp/book.xlsx", XLSX, ""},
		{"out.pdf", 0, `unknown output extension ".pdf" of out.pdf`},
		{"out.csv.gz", 0, `unknown output extension ".gz"`},
		{"out", 0, "out has no extension"},
	}
	for _, tc := range tests {
		got, err := FormatFromPath(tc.path)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("FormatFromPath(%q) error = %v, want %q", tc.path, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("FormatFromPath(%q) = %v, %v, want %v", tc.path, got, err, tc.want)
		}
	}
	if !XLSX.Binary() || CSV.Binary() {
		t.Error("only xlsx is binary")
	}
}
