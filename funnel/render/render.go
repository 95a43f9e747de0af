package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// Options tune Render.
type Options struct {
	// Table names the table to write in csv, tsv, md and table output;
	// empty means the first (main) table for csv and tsv and every table
	// for md and table. json and xlsx always hold every table.
	Table string
	// Color adds ANSI bold to titles and header rows of table output.
	Color bool
	// Width, when positive, is the terminal width: in table output the
	// widest text columns of a wider table are cut (ending in "…") to fit;
	// numbers and headers are never cut.
	Width int
}

// Render writes r to w in format f. Warnings and alerts are not written
// (except inside json); the command prints them with WriteWarnings.
func Render(w io.Writer, r *funnel.Report, f Format, opts Options) error {
	if r == nil {
		panic("render: nil report")
	}
	switch f {
	case Table:
		frames, err := selectFrames(r, opts.Table)
		if err != nil {
			return err
		}
		return writeText(w, r, frames, opts, opts.Table == "" && grouped(r))
	case CSV, TSV:
		fr, ok, err := selectMain(r, opts.Table)
		if err != nil {
			return err
		}
		if !ok {
			return writeDelimited(w, metaFrame(r), f == TSV)
		}
		return writeDelimited(w, fr, f == TSV)
	case JSON:
		frames, err := allFrames(r)
		if err != nil {
			return err
		}
		return writeJSON(w, r, frames)
	case Markdown:
		frames, err := selectFrames(r, opts.Table)
		if err != nil {
			return err
		}
		return writeMarkdown(w, r, frames, opts.Table == "" && grouped(r))
	case XLSX:
		frames, err := allFrames(r)
		if err != nil {
			return err
		}
		return writeXLSX(w, r, frames)
	}
	return fmt.Errorf("render: unknown format %v", f)
}

// WriteWarnings writes each warning of r as a "warning: ..." line and each
// alert as an "alert: ..." line, for stderr.
func WriteWarnings(w io.Writer, r *funnel.Report) {
	for _, s := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", CleanLine(s))
	}
	for _, s := range r.Alerts {
		fmt.Fprintf(w, "alert: %s\n", CleanLine(s))
	}
}

// allFrames reads every table of r.
func allFrames(r *funnel.Report) ([]frame, error) {
	frames := make([]frame, 0, len(r.Tables))
	for _, t := range r.Tables {
		fr, err := reportFrame(r, t)
		if err != nil {
			return nil, err
		}
		frames = append(frames, fr)
	}
	return frames, nil
}

// selectFrames reads the table called name, or every table when name is
// empty.
func selectFrames(r *funnel.Report, name string) ([]frame, error) {
	if name == "" {
		return allFrames(r)
	}
	fr, _, err := selectMain(r, name)
	if err != nil {
		return nil, err
	}
	return []frame{fr}, nil
}

// selectMain reads the table called name, or the first table when name is
// empty; ok is false when the report has no tables and name is empty.
func selectMain(r *funnel.Report, name string) (fr frame, ok bool, err error) {
	if name == "" {
		if len(r.Tables) == 0 {
			return frame{}, false, nil
		}
		fr, err = readFrame(r.Tables[0].Name, r.Tables[0].Frame)
		return fr, err == nil, err
	}
	for _, t := range r.Tables {
		if t.Name == name {
			fr, err = readFrame(t.Name, t.Frame)
			return fr, err == nil, err
		}
	}
	names := make([]string, len(r.Tables))
	for i, t := range r.Tables {
		names[i] = t.Name
	}
	if len(names) == 0 {
		return frame{}, false, fmt.Errorf("render: no table %q: the %s report has no tables", name, r.Command)
	}
	return frame{}, false, fmt.Errorf("render: no table %q in the %s report (tables: %s)", name, r.Command, strings.Join(names, ", "))
}

// metaFrame is the report's meta as a two-column key/value table, what csv
// and tsv write for a report without tables.
func metaFrame(r *funnel.Report) frame {
	key := column{name: "key", kind: kindString, na: make([]bool, len(r.Meta))}
	val := column{name: "value", kind: kindString, na: make([]bool, len(r.Meta)), guarded: true}
	for _, m := range r.Meta {
		key.strs = append(key.strs, m.Key)
		v := metaRaw(m.Value)
		switch metaValue(m.Value).(type) {
		case string, []string:
			v = GuardFormula(v) // numbers are never guarded
		}
		val.strs = append(val.strs, v)
	}
	return frame{name: "meta", rows: len(r.Meta), cols: []column{key, val}}
}
