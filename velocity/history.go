package velocity

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// A field history export has one row per change of any field of a record:
// Salesforce Lead History and Opportunity Field History reports (Lead ID /
// Opportunity ID, "Field / Event", "Old Value", "New Value", "Edit Date",
// "Edited By"), HubSpot property history (Record ID, Property, Value,
// Timestamp or Updated at: no old value). Ingest binds the record to
// entity_id, the new value to stage and the edit date to entered_at; the
// field column and the old value column stay attributes, found here by
// their headers (HistoryFieldHeaders, HistoryOldHeaders).
//
// Only the rows of the stage field are stage entries (StageFields, or
// Options.StageField); the rows of every other field are dropped, counted
// in a warning by field. Each record starts in the Old Value of its first
// stage change (by time, then file order), entered at the record's
// creation time: its creation event row ("Created.", CreatedEvents), else
// its created_at in the leads (entity = lead_id) or the opportunities
// (entity = opportunity_id). When neither is known, or the creation comes
// after the first change, that first stage is not counted as entered (no
// duration is made up): a warning counts these records.

// HistoryFieldHeaders are the headers of the field column of a field
// history export, compared by letters and digits, case-insensitively.
var HistoryFieldHeaders = []string{"Field / Event", "Field", "Field Name", "Changed Field", "Property", "Property Name"}

// HistoryOldHeaders are the headers of its old value column.
var HistoryOldHeaders = []string{"Old Value", "Previous Value", "From Value", "Original Value"}

// StageFields are the fields (or HubSpot properties) that hold the stage,
// by priority: the first present in a file is its stage field.
var StageFields = []string{"Stage", "Stage Name", "Deal Stage", "Opportunity Stage", "Lifecycle Stage",
	"Lead Status", "hs_lead_status", "Status"}

// CreatedEvents are the values of the field column that mark a record's
// creation (Salesforce writes "Created.").
var CreatedEvents = []string{"Created.", "Created", "Record Created", "Lead Created", "Opportunity Created",
	"Contact Created", "Deal Created"}

// historyColumns returns the field and old value columns of a field history
// table (old is nil when there is none), or a nil field column when t is
// not one: it needs a text attribute column with a field header and a
// stage column.
func historyColumns(t *funnel.Table) (field, old *funnel.Column) {
	if t == nil || t.Role(funnel.RoleStage) == nil {
		return nil, nil
	}
	if field = textAttribute(t, HistoryFieldHeaders); field != nil {
		old = textAttribute(t, HistoryOldHeaders)
	}
	return field, old
}

// textAttribute returns the text attribute column of t with the first of
// names as its header (compared by letters and digits), or nil.
func textAttribute(t *funnel.Table, names []string) *funnel.Column {
	for _, n := range names {
		k := stageKey(n)
		for _, c := range t.Columns {
			if c.Role == "" && c.Kind == funnel.KindText && stageKey(c.Name) == k {
				return c
			}
		}
	}
	return nil
}

// pickRows returns a table of t's rows listed, in that order, with their
// lines.
func pickRows(t *funnel.Table, rows []int) *funnel.Table {
	out := &funnel.Table{Kind: t.Kind, Source: t.Source, Rows: len(rows), Dict: t.Dict}
	if t.Lines != nil {
		out.Lines = make([]int32, len(rows))
		for i, r := range rows {
			out.Lines[i] = t.Lines[r]
		}
	}
	for _, c := range t.Columns {
		out.Columns = append(out.Columns, takeRows(c, rows))
	}
	return out
}

// createdTimes returns the creation time of each Dict code as a record id
// (funnel.NoTime when unknown): from the leads' lead_id and created_at,
// then the opportunities' opportunity_id and created_at.
func createdTimes(t *funnel.Table, ds *funnel.Dataset) []int64 {
	out := make([]int64, t.Dict.Len())
	for i := range out {
		out[i] = funnel.NoTime
	}
	if ds == nil {
		return out
	}
	for _, src := range []struct {
		t  *funnel.Table
		id string
	}{{ds.Leads, funnel.RoleLeadID}, {ds.Opportunities, funnel.RoleOpportunityID}} {
		if src.t == nil || src.t.Dict == nil {
			continue
		}
		id, at := src.t.Role(src.id), src.t.TimeRole(funnel.RoleCreatedAt)
		if id == nil || id.Kind != funnel.KindText || at == nil {
			continue
		}
		for c, r := range JoinIndex(t, src.t, id) {
			if r >= 0 && out[c] == funnel.NoTime {
				out[c] = at.Times[r]
			}
		}
	}
	return out
}

// fromHistory returns the long stages table of a field history table t
// (field, old: its columns, see historyColumns): the rows of the stage
// field (named stageField, "" for the first of StageFields present), with
// a row for each record's first stage inserted before its first change,
// and the warnings that count what was dropped. Every column of t is kept
// (for --by), rows selected; the inserted rows copy the first change's row
// with the stage and time replaced.
func fromHistory(t *funnel.Table, field, old *funnel.Column, stageField string, ds *funnel.Dataset) (*funnel.Table, []string, error) {
	entity, stage, at := t.Role(funnel.RoleEntityID), t.Role(funnel.RoleStage), t.Role(funnel.RoleEnteredAt)
	if entity == nil || entity.Kind != funnel.KindText || stage.Kind != funnel.KindText || at == nil || at.Kind != funnel.KindTime {
		return nil, nil, fmt.Errorf("%w: %s: a field history layout (%q) needs an entity_id, a new value (stage) and an edit date (entered_at) column (columns: %s)",
			ErrNoStages, t.Source, field.Name, Headers(t))
	}
	// Rows per field value, in order of first appearance.
	rowsOf := map[int32]int{}
	var fields []int32
	for _, c := range field.Codes {
		if _, ok := rowsOf[c]; !ok {
			fields = append(fields, c)
		}
		rowsOf[c]++
	}
	name := func(c int32) string {
		if c == funnel.NA {
			return "(blank)"
		}
		return t.Dict.String(c)
	}
	created := map[string]bool{}
	for _, e := range CreatedEvents {
		created[stageKey(e)] = true
	}
	want := ""
	if stageField != "" {
		want = stageKey(stageField)
	} else {
		for _, f := range StageFields {
			k := stageKey(f)
			if slices.ContainsFunc(fields, func(c int32) bool { return c != funnel.NA && stageKey(name(c)) == k }) {
				want = k
				break
			}
		}
	}
	isStage := func(c int32) bool { return c != funnel.NA && want != "" && stageKey(name(c)) == want }
	isCreated := func(c int32) bool { return c != funnel.NA && created[stageKey(name(c))] }
	if !slices.ContainsFunc(fields, isStage) {
		var present []string
		for _, c := range fields {
			present = append(present, fmt.Sprintf("%q (%d)", name(c), rowsOf[c]))
		}
		what := fmt.Sprintf("no row of a stage field (%s)", strings.Join(StageFields, ", "))
		if stageField != "" {
			what = fmt.Sprintf("no row of field %q", stageField)
		}
		return nil, nil, fmt.Errorf("%w: %s: field history layout (column %q): %s; fields: %s: give the stage field with --stage-field",
			ErrNoStages, t.Source, field.Name, what, strings.Join(present, ", "))
	}

	// Per record: its creation time (the earliest creation event) and its
	// first stage change.
	createdAt := createdTimes(t, ds)
	fromEvent := make(map[int32]int64)
	createdRow := make(map[int32]int) // entity code -> row of its creation event
	first := make(map[int32]int)      // entity code -> row of its first stage change
	var keep []int
	for r := 0; r < t.Rows; r++ {
		e, f, tm := entity.Codes[r], field.Codes[r], at.Times[r]
		switch {
		case isStage(f):
			keep = append(keep, r)
			if e == funnel.NA || tm == funnel.NoTime {
				continue
			}
			if fr, ok := first[e]; !ok || tm < at.Times[fr] {
				first[e] = r
			}
		case isCreated(f) && e != funnel.NA && tm != funnel.NoTime:
			if ct, ok := fromEvent[e]; !ok || tm < ct {
				fromEvent[e], createdRow[e] = tm, r
			}
		}
	}
	// The start rows: the Old Value of the first change, at creation.
	type start struct {
		row   int // the first change's row
		stage int32
		t     int64
	}
	starts := map[int]start{} // by the row they go before
	noCreation, late := 0, 0
	if old != nil {
		for e, r := range first {
			o := old.Codes[r]
			if o == funnel.NA {
				continue
			}
			ct, ok := fromEvent[e]
			if !ok {
				ct = createdAt[e]
			}
			switch {
			case ct == funnel.NoTime:
				noCreation++
			case ct > at.Times[r]:
				late++
			default:
				starts[r] = start{row: r, stage: o, t: ct}
			}
		}
	}
	// A record created and never changed is still in the stage it was
	// created in: the one every other record starts in, when they agree
	// (a field's default value, such as "Open - Not Contacted").
	startStages := map[int32]bool{}
	for _, st := range starts {
		startStages[st.stage] = true
	}
	var unchanged []int // their creation rows
	for e, r := range createdRow {
		if _, changed := first[e]; !changed {
			unchanged = append(unchanged, r)
		}
	}
	slices.Sort(unchanged)
	var unchangedIn int32 = funnel.NA
	if len(startStages) == 1 {
		for st := range startStages {
			unchangedIn = st
		}
	}
	rows := make([]int, 0, len(keep)+len(starts)+len(unchanged))
	isStart := make([]bool, 0, cap(rows))
	for _, r := range keep {
		if _, ok := starts[r]; ok {
			rows, isStart = append(rows, r), append(isStart, true)
		}
		rows, isStart = append(rows, r), append(isStart, false)
	}
	if unchangedIn != funnel.NA {
		for _, r := range unchanged {
			starts[r] = start{row: r, stage: unchangedIn, t: at.Times[r]}
			rows, isStart = append(rows, r), append(isStart, true)
		}
	}
	out := pickRows(t, rows)
	newStage, newAt := out.Columns[slices.Index(t.Columns, stage)], out.Columns[slices.Index(t.Columns, at)]
	for i, r := range rows {
		if isStart[i] {
			newStage.Codes[i], newAt.Times[i] = starts[r].stage, starts[r].t
		}
	}

	// Say what was kept and dropped.
	var dropped []string
	nDropped, nCreated := 0, 0
	sort.SliceStable(fields, func(i, j int) bool { return rowsOf[fields[i]] > rowsOf[fields[j]] })
	for _, c := range fields {
		switch {
		case isStage(c):
		case isCreated(c):
			nCreated += rowsOf[c]
		default:
			nDropped += rowsOf[c]
			dropped = append(dropped, fmt.Sprintf("%q (%d)", name(c), rowsOf[c]))
		}
	}
	oldName := "no old value column"
	if old != nil {
		oldName = fmt.Sprintf("%q", old.Name)
	}
	msg := fmt.Sprintf("%s: field history layout (%q, %s, %q): kept the %d rows of field %q", t.Source, field.Name, oldName, stage.Name,
		len(keep), name(fields[slices.IndexFunc(fields, isStage)]))
	if nCreated > 0 {
		msg += fmt.Sprintf(", and %d creation rows as the records' creation times", nCreated)
	}
	placed := 0 // records created and never changed, placed in the start stage
	if unchangedIn != funnel.NA {
		placed = len(unchanged)
	}
	if n := len(starts) - placed; n > 0 {
		msg += fmt.Sprintf("; %d records start in their first Old Value at creation", n)
	}
	if placed > 0 {
		msg += fmt.Sprintf("; %d %s created and never changed %s in %q, where every other record starts",
			len(unchanged), plural(len(unchanged), "record", "records"), plural(len(unchanged), "is", "are"), name(unchangedIn))
	}
	if nDropped > 0 {
		msg += fmt.Sprintf("; dropped %d rows of other fields: %s", nDropped, strings.Join(dropped, ", "))
	}
	warnings := []string{msg}
	var why []string
	if noCreation > 0 {
		why = append(why, fmt.Sprintf("%d %s no known creation time (no creation row, no created_at in the leads or opportunities)",
			noCreation, plural(noCreation, "record has", "records have")))
	}
	if len(unchanged) > 0 && unchangedIn == funnel.NA {
		why = append(why, fmt.Sprintf("%d %s created and never changed, and the other records start in %d different stages",
			len(unchanged), plural(len(unchanged), "record was", "records were"), len(startStages)))
	}
	if late > 0 {
		why = append(why, fmt.Sprintf("%d %s created after %s first change", late, plural(late, "record was", "records were"), plural(late, "its", "their")))
	}
	if len(why) > 0 {
		n := noCreation + late + len(unchanged) - placed
		warnings = append(warnings, fmt.Sprintf("%s: %s: %s %s not counted as entered",
			t.Source, strings.Join(why, "; "), plural(n, "its first stage", "their first stages"), plural(n, "is", "are")))
	}
	return out, warnings, nil
}

// takeRows returns column c with the rows listed, in that order.
func takeRows(c *funnel.Column, rows []int) *funnel.Column {
	nc := &funnel.Column{Name: c.Name, Role: c.Role, Kind: c.Kind, DateOnly: c.DateOnly, Layout: c.Layout}
	switch c.Kind {
	case funnel.KindText:
		nc.Codes = make([]int32, len(rows))
		for i, r := range rows {
			nc.Codes[i] = c.Codes[r]
		}
	case funnel.KindNumber:
		nc.Nums = make([]float64, len(rows))
		for i, r := range rows {
			nc.Nums[i] = c.Nums[r]
		}
	case funnel.KindBool:
		nc.Bools = make([]int8, len(rows))
		for i, r := range rows {
			nc.Bools[i] = c.Bools[r]
		}
	case funnel.KindTime:
		nc.Times = make([]int64, len(rows))
		for i, r := range rows {
			nc.Times[i] = c.Times[r]
		}
	}
	for i := range rows {
		if nc.IsNA(i) {
			nc.Missing++
		}
	}
	return nc
}

// A stage history report (Salesforce Opportunity History: From Stage, To
// Stage, Amount, Probability, Close Date, Edit Date) has one row per change
// of any tracked field; a row whose stage did not change (From Stage =
// To Stage: the amount or close date changed) is no entry. Ingest binds To
// Stage to stage; the from column stays an attribute, found by its header
// (HistoryFromHeaders).

// HistoryFromHeaders are the headers of the column of the stage a change
// came from.
var HistoryFromHeaders = []string{"From Stage", "Old Stage", "Previous Stage", "From Status", "Old Status", "Previous Status"}

// fromColumn returns the from-stage column of a stage history report, or
// nil.
func fromColumn(t *funnel.Table) *funnel.Column {
	if t == nil || t.Role(funnel.RoleStage) == nil {
		return nil
	}
	return textAttribute(t, HistoryFromHeaders)
}

// dropUnchanged returns t without its rows whose stage is the stage the
// row came from (column from), and a warning that counts them.
func dropUnchanged(t *funnel.Table, from *funnel.Column) (*funnel.Table, []string) {
	stage := t.Role(funnel.RoleStage)
	var keep []int
	for r := 0; r < t.Rows; r++ {
		f, to := from.Codes[r], stage.Codes[r]
		if f != funnel.NA && to != funnel.NA && stageKey(t.Dict.String(to)) == stageKey(t.Dict.String(f)) {
			continue
		}
		keep = append(keep, r)
	}
	n := t.Rows - len(keep)
	if n == 0 {
		return t, nil
	}
	return pickRows(t, keep), []string{fmt.Sprintf("%s: stage history (%q, %q): %d %s whose stage did not change (another field did) %s no new entry",
		t.Source, from.Name, stage.Name, n, plural(n, "row", "rows"), plural(n, "is", "are"))}
}
