package render

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Format is an output format of Render.
type Format int

// The output formats.
const (
	Table    Format = iota + 1 // aligned text tables for a terminal
	CSV                        // comma-separated values, one table
	TSV                        // tab-separated values, one table
	JSON                       // one JSON object with meta, every table and warnings
	Markdown                   // GitHub-flavoured Markdown
	XLSX                       // Excel workbook with native charts
)

var formatNames = []struct {
	f    Format
	name string
}{
	{Table, "table"},
	{CSV, "csv"},
	{TSV, "tsv"},
	{JSON, "json"},
	{Markdown, "md"},
	{XLSX, "xlsx"},
}

// String returns the format's name as ParseFormat accepts it: table, csv,
// tsv, json, md or xlsx.
func (f Format) String() string {
	for _, n := range formatNames {
		if n.f == f {
			return n.name
		}
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Binary reports whether the format is not text (xlsx), so that a command
// can refuse to write it to a terminal.
func (f Format) Binary() bool { return f == XLSX }

// ParseFormat returns the format named s: table, csv, tsv, json, md or
// xlsx (case-insensitive).
func ParseFormat(s string) (Format, error) {
	low := strings.ToLower(strings.TrimSpace(s))
	for _, n := range formatNames {
		if n.name == low {
			return n.f, nil
		}
	}
	return 0, fmt.Errorf("render: unknown format %q (want table, csv, tsv, json, md or xlsx)", s)
}

// FormatFromPath returns the format for an output file from its extension
// (case-insensitive): .csv, .tsv, .txt (a text table), .json, .md or
// .xlsx. Any other extension, or none, is an error naming it.
func FormatFromPath(path string) (Format, error) {
	ext := filepath.Ext(path)
	switch strings.ToLower(ext) {
	case ".csv":
		return CSV, nil
	case ".tsv":
		return TSV, nil
	case ".txt":
		return Table, nil
	case ".json":
		return JSON, nil
	case ".md":
		return Markdown, nil
	case ".xlsx":
		return XLSX, nil
	case "":
		return 0, fmt.Errorf("render: output file %s has no extension (want .csv, .tsv, .txt, .json, .md or .xlsx, or set --format)", path)
	}
	return 0, fmt.Errorf("render: unknown output extension %q of %s (want .csv, .tsv, .txt, .json, .md or .xlsx, or set --format)", ext, path)
}
