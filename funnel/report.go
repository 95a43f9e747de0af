package funnel

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/go-gota/gota/dataframe"
)

// Report is what every command returns and every renderer writes: ordered
// meta scalars, named result tables, warnings, alerts and chart specs.
//
// Meta values are string, bool, int, int64 or float64 (or []string); table
// columns are gota series of string, int, float or bool. Names are
// snake_case and stable: users script against them.
type Report struct {
	Command  string       // e.g. "fit"; the "command" key of JSON output
	Title    string       // a human title for the table and xlsx renderers
	Meta     []MetaItem   // in the order they were added
	Tables   []NamedFrame // in the order they were added; the first is the main table
	Warnings []string     // printed on stderr (and in JSON output)
	// Alerts are warnings that crossed a threshold the user set (velocity
	// --alert-slower); a report with alerts exits with code 3.
	Alerts []string
	Charts []Chart
	// Sheets places tables on named xlsx sheets: table name -> sheet name.
	// Tables without one get a sheet of their own named after the table;
	// tables sharing a sheet are stacked on it, and the sheet "Summary"
	// puts a table on the Summary sheet under the meta. Sheet names are
	// compared case-insensitively, as Excel does. The table and md
	// renderers group tables by sheet too; json, csv and tsv ignore it.
	Sheets map[string]string
	// RowUnits gives the unit of each row's numbers in a table whose rows
	// measure different things (the monthly report's key figures): table
	// name -> one Unit per row. The xlsx renderer formats each row's
	// number cells by it; the other renderers ignore it.
	RowUnits map[string][]Unit
	// Currencies names the currency of a table's amounts: table name ->
	// column name -> ISO 4217 code ("EUR"), the code the inputs' amounts
	// were written with (Column.Currency); the column "" stands for the
	// rows RowUnits calls UnitMoney. The xlsx renderer writes those cells
	// in a currency format, and a chart of such a column says the currency
	// on its value axis ("Expected revenue (EUR)"). An amount of an input
	// that named no currency has no entry: no currency is guessed.
	Currencies map[string]map[string]string
}

// SetCurrency records that the columns of table hold amounts in currency
// (see Currencies); an empty currency records nothing.
func (r *Report) SetCurrency(table, currency string, columns ...string) {
	if currency == "" {
		return
	}
	if r.Currencies == nil {
		r.Currencies = map[string]map[string]string{}
	}
	if r.Currencies[table] == nil {
		r.Currencies[table] = map[string]string{}
	}
	for _, c := range columns {
		r.Currencies[table][c] = currency
	}
}

// Currency returns the currency of column of table, "" when none is known.
func (r *Report) Currency(table, column string) string {
	return r.Currencies[table][column]
}

// Unit is what a number measures, for the xlsx number formats.
type Unit string

// The units of RowUnits. Money rows take the currency Currencies gives
// the table's column "", when the inputs named one.
const (
	UnitCount    Unit = "count"    // a whole count: 1,234
	UnitFraction Unit = "fraction" // a share in [0, 1]: 41.4%
	UnitMoney    Unit = "money"    // an amount: 8,754,000
	UnitDays     Unit = "days"     // a duration in days: 13.7
)

// MetaItem is one ordered key/value of a Report's meta.
type MetaItem struct {
	Key   string
	Value any
}

// NamedFrame is one named result table.
type NamedFrame struct {
	Name  string
	Frame dataframe.DataFrame
}

// ChartKind is the kind of a chart.
type ChartKind int

// Chart kinds.
const (
	LineChart ChartKind = iota + 1
	BarChart
)

// String returns "line" or "bar".
func (k ChartKind) String() string {
	switch k {
	case LineChart:
		return "line"
	case BarChart:
		return "bar"
	}
	return "unknown"
}

// Chart is a small chart spec over one of the report's tables: X gives the
// category axis (periods, channels), each Series column one line or bar
// series. When SeriesBy is set the table is long: one series per distinct
// value of that column, with Y the value column (velocity: one line per
// transition).
type Chart struct {
	Kind     ChartKind
	Title    string
	Table    string   // name of the report table it plots
	X        string   // category column
	Series   []string // value columns (wide layout)
	SeriesBy string   // long layout: column whose values name the series
	Y        string   // long layout: value column
	XTitle   string
	YTitle   string
}

// NewReport returns an empty report for command.
func NewReport(command, title string) *Report {
	return &Report{Command: command, Title: title}
}

// AddMeta appends a meta item; a key given twice replaces the first value in place.
func (r *Report) AddMeta(key string, value any) {
	for i := range r.Meta {
		if r.Meta[i].Key == key {
			r.Meta[i].Value = value
			return
		}
	}
	r.Meta = append(r.Meta, MetaItem{Key: key, Value: value})
}

// MetaValue returns the value of key and whether it is present.
func (r *Report) MetaValue(key string) (any, bool) {
	for _, m := range r.Meta {
		if m.Key == key {
			return m.Value, true
		}
	}
	return nil, false
}

// AddTable appends a named table; it panics when name is taken or the
// frame carries an error (a programming mistake).
func (r *Report) AddTable(name string, df dataframe.DataFrame) {
	if df.Err != nil {
		panic(fmt.Sprintf("funnel: table %s: %v", name, df.Err))
	}
	for _, t := range r.Tables {
		if t.Name == name {
			panic("funnel: table " + name + " added twice")
		}
	}
	r.Tables = append(r.Tables, NamedFrame{Name: name, Frame: df})
}

// Table returns the table called name and whether it exists.
func (r *Report) Table(name string) (dataframe.DataFrame, bool) {
	for _, t := range r.Tables {
		if t.Name == name {
			return t.Frame, true
		}
	}
	return dataframe.DataFrame{}, false
}

// SetSheet places table on the xlsx sheet called sheet (see Sheets); an
// empty sheet gives the table a sheet of its own again. It panics when the
// report has no such table (a programming mistake).
func (r *Report) SetSheet(table, sheet string) {
	if _, ok := r.Table(table); !ok {
		panic("funnel: SetSheet: no table " + table)
	}
	if sheet == "" {
		delete(r.Sheets, table)
		return
	}
	if r.Sheets == nil {
		r.Sheets = map[string]string{}
	}
	r.Sheets[table] = sheet
}

// Warnf appends a warning.
func (r *Report) Warnf(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}

// Alertf appends an alert (and makes the command exit with code 3).
func (r *Report) Alertf(format string, args ...any) {
	r.Alerts = append(r.Alerts, fmt.Sprintf(format, args...))
}

// AddChart appends a chart spec.
func (r *Report) AddChart(c Chart) { r.Charts = append(r.Charts, c) }

// SnakeCase writes a name as a snake_case table column or key name:
// lower-case letters and digits, every other run as one "_" ("Lead Source"
// -> "lead_source"); fallback when s has no letter or digit.
func SnakeCase(s, fallback string) string {
	var b strings.Builder
	under := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		under = true
	}
	if b.Len() == 0 {
		return fallback
	}
	return b.String()
}
