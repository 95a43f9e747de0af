package ingest

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// Inspection is what `funnel inspect` reports about one file: how it was
// read, which input it is, each column's role and type, and the problems
// found. Field names are the snake_case keys of `--format json`.
type Inspection struct {
	File       string        `json:"file"`
	Kind       string        `json:"kind"`      // input: leads, touches, ...
	KindFrom   string        `json:"kind_from"` // "given", "file name" or "headers"
	Format     InspectFormat `json:"format"`
	HeaderLine int           `json:"header_line"` // line (sheet row) of the header
	Rows       int           `json:"rows"`        // data rows read, bad ones included
	BadRows    int           `json:"bad_rows"`    // rows that Load would reject
	Columns    []ColumnInfo  `json:"columns"`
	// ErrorCount counts every error found; Problems lists the warnings
	// and the first 20 errors.
	ErrorCount int       `json:"error_count"`
	Problems   []Problem `json:"problems"`
	// Skipped lists the rows that are not data rows of the table: above
	// the header, footers, totals and blank rows (see SkippedRow).
	Skipped []SkippedRow `json:"skipped_rows"`
	// Outcomes, for an opportunities file, says how many deals are open,
	// won and lost (funnel.OpportunityOutcomes, no as-of cut) and where
	// that came from: "4 open, 5 won, 7 lost by closed flag ..."
	Outcomes string `json:"outcomes,omitempty"`
}

// InspectFormat is how the file was read.
type InspectFormat struct {
	Kind       string `json:"kind"`                // "csv" or "xlsx"
	Delimiter  string `json:"delimiter,omitempty"` // ",", ";", "|" or "tab"
	Encoding   string `json:"encoding,omitempty"`
	Compressed bool   `json:"compressed"`
	Sheet      string `json:"sheet,omitempty"`
}

// ColumnInfo describes one column.
type ColumnInfo struct {
	Header     string `json:"header"`
	Role       string `json:"role"` // "" for an attribute
	Kind       string `json:"kind"` // text, number, bool or time
	DateLayout string `json:"date_layout,omitempty"`
	Currency   string `json:"currency,omitempty"` // number: the ISO code its amounts named (EUR for "€1.250,00")
	NA         int    `json:"na"`                 // missing values
	Distinct   int    `json:"distinct,omitempty"` // text: distinct values
	Min        string `json:"min,omitempty"`      // number and time
	Max        string `json:"max,omitempty"`
}

// Problem is one warning or error found by Inspect.
type Problem struct {
	Level   string `json:"level"` // "warning" or "error"
	Message string `json:"message"`
}

// Inspect reads the file at path as Load would and describes it, listing
// problems instead of stopping at the first: bad rows are skipped and
// counted, a missing required role is reported and the other columns
// still described. kind 0 guesses the input from the file (or sheet) name,
// else from the headers (the input whose roles bind best). Only a file
// that cannot be opened at all is an error.
func Inspect(path string, kind funnel.TableKind, opts Options) (*Inspection, error) {
	opts = opts.forKind(kind)
	r, err := Open(path, opts)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	name := r.Name()
	f := r.Format()
	ins := &Inspection{File: name, Format: InspectFormat{Kind: f.Kind, Encoding: f.Encoding, Compressed: f.Compressed, Sheet: f.Sheet},
		Columns: []ColumnInfo{}, Problems: []Problem{}}
	if f.Kind == "csv" {
		ins.Format.Delimiter = string(f.Delimiter)
		if f.Delimiter == '\t' {
			ins.Format.Delimiter = "tab"
		}
	}
	header := r.Header()
	ins.HeaderLine = max(r.Line(), 1)
	ins.KindFrom = "given"
	if kind == 0 {
		kind, ins.KindFrom = guessKind(path, f.Sheet, header, opts)
	}
	ins.Kind = kind.String()

	b, err := Bind(name, kind, header, opts)
	if err != nil {
		ins.problem("error", err.Error())
		if b == nil { // a bad --col: describe the file without overrides
			o := opts
			o.Columns = nil
			if b, err = Bind(name, kind, header, o); err != nil {
				ins.problem("error", err.Error())
			}
		}
	}
	l, err := newLoader(r, kind, funnel.NewDict(), opts, loadConfig{diagnostic: true, binding: b})
	if err != nil { // cannot happen with a binding given
		return nil, err
	}
	if _, err := l.run(); err != nil {
		ins.problem("error", err.Error())
		l.finish()
	}
	for _, w := range r.Warnings() {
		ins.problem("warning", w)
	}
	for _, w := range l.warnings {
		ins.problem("warning", w)
	}
	for _, p := range l.problems {
		ins.problem("error", p)
	}
	if l.rowErrors > maxProblems {
		ins.Problems = append(ins.Problems, Problem{Level: "error", Message: fmt.Sprintf("... and %d more bad rows", l.rowErrors-maxProblems)})
		ins.ErrorCount += l.rowErrors - maxProblems
	}
	ins.Skipped = append(append([]SkippedRow{}, r.Skipped()...), l.skippedRows...)
	t := l.table
	ins.Rows, ins.BadRows = t.Rows+l.badRows, l.badRows
	if kind == funnel.Opportunities {
		if o, err := funnel.OpportunityOutcomes(t, funnel.NoCut); err == nil {
			ins.Outcomes = fmt.Sprintf("%d open, %d won, %d lost by %s", o.Open, o.Won, o.Lost, o.Source())
			for _, w := range o.Warnings() {
				ins.problem("warning", w)
			}
		}
	}
	for _, c := range t.Columns {
		ins.Columns = append(ins.Columns, describeColumn(t, c))
	}
	return ins, nil
}

func (ins *Inspection) problem(level, msg string) {
	ins.Problems = append(ins.Problems, Problem{Level: level, Message: msg})
	if level == "error" {
		ins.ErrorCount++
	}
}

func describeColumn(t *funnel.Table, c *funnel.Column) ColumnInfo {
	info := ColumnInfo{Header: c.Name, Role: c.Role, Kind: c.Kind.String(), NA: c.Missing}
	switch c.Kind {
	case funnel.KindText:
		seen := make([]bool, t.Dict.Len())
		for _, code := range c.Codes {
			if code != funnel.NA && !seen[code] {
				seen[code] = true
				info.Distinct++
			}
		}
	case funnel.KindNumber:
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range c.Nums {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		if lo <= hi {
			info.Min, info.Max = formatNumber(lo), formatNumber(hi)
		}
		info.Currency = c.Currency
	case funnel.KindTime:
		info.DateLayout = c.Layout
		if strings.Contains(c.Layout, " or ") {
			break // ambiguous: the values are not settled
		}
		lo, hi := int64(math.MaxInt64), funnel.NoTime
		for _, v := range c.Times {
			if v != funnel.NoTime {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
		if hi != funnel.NoTime {
			info.Min, info.Max = funnel.FormatTime(lo, c.DateOnly), funnel.FormatTime(hi, c.DateOnly)
		}
	}
	return info
}

// kindNameHints guess an input from words in a file or sheet name, in
// this order (an "opportunity stage history" is stages; "contact
// activities" touches; leads come last).
var kindNameHints = []struct {
	kind  funnel.TableKind
	words []string
}{
	{funnel.Attendees, []string{"attendee", "webinar", "registrant"}},
	{funnel.Content, []string{"content", "inventory", "asset"}},
	{funnel.Paths, []string{"path"}},
	{funnel.Costs, []string{"cost", "spend", "budget"}},
	{funnel.Stages, []string{"stage", "lifecycle", "history"}},
	{funnel.Touches, []string{"touch", "activit", "engagement", "event", "member", "interaction"}},
	{funnel.Opportunities, []string{"opportunit", "opps", "deal"}},
	{funnel.Accounts, []string{"account", "compan", "organi"}},
	{funnel.Leads, []string{"lead", "contact", "people", "person", "prospect"}},
}

// identifyingRole is the role that makes a file most likely an input,
// used to break ties when guessing from headers.
var identifyingRole = map[funnel.TableKind]string{
	funnel.Leads: funnel.RoleLeadID, funnel.Touches: funnel.RoleOccurredAt, funnel.Stages: funnel.RoleEnteredAt,
	funnel.Opportunities: funnel.RoleOpportunityID, funnel.Accounts: funnel.RoleAccountID,
	funnel.Costs: funnel.RoleCost, funnel.Paths: funnel.RolePath, funnel.Attendees: funnel.RoleJoinedAt,
	funnel.Content: funnel.RoleItem,
}

// guessKind guesses the input of a file: from its sheet or file name,
// else the input whose required roles all bind and that binds the most
// roles (one more for its identifying role), leads on a tie.
func guessKind(path, sheet string, header []string, opts Options) (funnel.TableKind, string) {
	base := strings.ToLower(filepath.Base(path))
	if i := strings.IndexByte(base, '#'); i >= 0 {
		base = base[:i]
	}
	for _, name := range []string{strings.ToLower(sheet), base} {
		if name == "" {
			continue
		}
		for _, h := range kindNameHints {
			for _, w := range h.words {
				if strings.Contains(name, w) {
					return h.kind, "file name"
				}
			}
		}
	}
	best, bestScore := funnel.Leads, -1
	for _, k := range funnel.TableKinds {
		b, err := Bind("", k, header, opts)
		if err != nil {
			continue
		}
		score := 0
		for _, r := range b.Roles {
			if r != "" {
				score++
			}
		}
		if b.Index(identifyingRole[k]) >= 0 {
			score++
		}
		if score > bestScore {
			best, bestScore = k, score
		}
	}
	return best, "headers"
}

// formatNumber writes a number as an analyst reads it: plain decimals
// (48000000, not 4.8e+07) unless it is huge or tiny.
func formatNumber(v float64) string {
	if a := math.Abs(v); a != 0 && (a >= 1e15 || a < 1e-6) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
