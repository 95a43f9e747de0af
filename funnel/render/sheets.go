package render

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/funnel-analytics/funnel/funnel"
)

// sheetGroup is one sheet of a report's layout and the tables on it.
type sheetGroup struct {
	name   string // the sheet name as the report gives it, or the table's name
	own    bool   // a table alone on a sheet of its own (not in Report.Sheets)
	frames []int  // indexes into the frames, in report order
}

// sheetLayout groups frames by the sheet Report.Sheets gives them:
// summary lists the frames placed on the Summary sheet, groups the other
// sheets in order of first appearance. A table without a sheet gets a
// group of its own. Sheet names are compared case-insensitively, as Excel
// does; the first spelling met names the sheet. A Sheets key that names
// no table of the report is an error.
func sheetLayout(r *funnel.Report, frames []frame) (summary []int, groups []sheetGroup, err error) {
	if err := checkSheets(r); err != nil {
		return nil, nil, err
	}
	index := map[string]int{} // lower-cased sheet name -> group
	for k, fr := range frames {
		sheet := r.Sheets[fr.name]
		if sheet == "" {
			groups = append(groups, sheetGroup{name: fr.name, own: true, frames: []int{k}})
			continue
		}
		key := strings.ToLower(sheet)
		if key == strings.ToLower(summarySheet) {
			summary = append(summary, k)
			continue
		}
		g, ok := index[key]
		if !ok {
			g = len(groups)
			index[key] = g
			groups = append(groups, sheetGroup{name: sheet})
		}
		groups[g].frames = append(groups[g].frames, k)
	}
	return summary, groups, nil
}

// checkSheets returns an error naming the first (in name order) key of
// r.Sheets that is not a table of r.
func checkSheets(r *funnel.Report) error {
	var unknown []string
	for name := range r.Sheets {
		if _, ok := r.Table(name); !ok {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return fmt.Errorf("render: the %s report places table %q on sheet %q, but has no such table", r.Command, unknown[0], r.Sheets[unknown[0]])
}

// grouped reports whether r places some table on a named sheet, so that
// the table and md renderers group its tables by sheet.
func grouped(r *funnel.Report) bool {
	for _, sheet := range r.Sheets {
		if sheet != "" {
			return true
		}
	}
	return false
}

// tableTitle is a table's name for people, the title row of a table
// stacked on a sheet: see SheetTitle ("top_leads" -> "Top leads").
func tableTitle(name string) string { return SheetTitle(name) }

// acronyms are the words SheetTitle writes in capitals.
var acronyms = map[string]bool{"roi": true, "abm": true, "auc": true, "id": true, "mql": true,
	"sql": true, "cac": true, "ltv": true, "roas": true, "utm": true, "url": true, "ci": true}

// SheetTitle is the one rule that names sheets and table titles in a
// workbook the way a person would write them: underscores become spaces,
// the first letter is upper-cased and the acronyms (ROI, ABM, AUC, MQL,
// SQL, ...) are written in capitals: "velocity" -> "Velocity",
// "campaign_roi" -> "Campaign ROI", "top_leads" -> "Top leads". A name
// already written for people ("Signals", "Webinars") is kept. Every sheet
// of a workbook is named through it: the sheets of Report.Sheets and the
// sheets of tables on their own.
func SheetTitle(name string) string {
	words := strings.Split(strings.ReplaceAll(name, "_", " "), " ")
	for k, w := range words {
		if acronyms[strings.ToLower(w)] {
			words[k] = strings.ToUpper(w)
		}
	}
	s := strings.Join(words, " ")
	i := len(s) - len(strings.TrimLeft(s, " "))
	r, size := utf8.DecodeRuneInString(s[i:])
	if size == 0 || r == utf8.RuneError {
		return s
	}
	return s[:i] + strings.ToUpper(string(r)) + s[i+size:]
}
