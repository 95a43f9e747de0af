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
		out.Lines = take(t.Lines, rows)
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
	h, err := newHistory(t, field, old, stageField)
	if err != nil {
		return nil, nil, err
	}
	h.scan()
	h.findStarts(createdTimes(t, ds))
	h.placeUnchanged()
	return h.table(), h.warnings(), nil
}

// history reads a field history table into stage entries, in steps:
// newHistory finds the stage field, scan the stage changes and creation
// events, findStarts and placeUnchanged the records' first stages, table
// the entries and warnings what was kept and dropped.
type history struct {
	t                 *funnel.Table
	field, old        *funnel.Column // old is nil when there is none
	entity, stage, at *funnel.Column
	rowsOf            map[int32]int   // rows per field value
	fields            []int32         // field values by first appearance
	want              string          // stageKey of the stage field
	created           map[string]bool // stageKey of CreatedEvents
	keep              []int           // the rows of the stage field
	first             map[int32]int   // entity code -> row of its first stage change
	fromEvent         map[int32]int64 // entity code -> time of its earliest creation event
	createdRow        map[int32]int   // entity code -> row of that creation event
	starts            map[int]start   // the inserted rows, by the row they go before
	noCreation, late  int             // records whose first stage is not counted
	startStages       map[int32]bool  // the stages the records start in
	unchanged         []int           // creation rows of records never changed
	unchangedIn       int32           // their stage, NA when the starts disagree
}

// start is an inserted row: a record's first stage, entered at its
// creation; the row copies the record's first change.
type start struct {
	stage int32
	t     int64
}

// newHistory counts t's rows per field value and picks the stage field:
// stageField, else the first of StageFields present. It is an error when
// t lacks an entity, stage or time column, or the stage field has no row.
func newHistory(t *funnel.Table, field, old *funnel.Column, stageField string) (*history, error) {
	h := &history{t: t, field: field, old: old, rowsOf: map[int32]int{}, created: map[string]bool{},
		entity: t.Role(funnel.RoleEntityID), stage: t.Role(funnel.RoleStage), at: t.Role(funnel.RoleEnteredAt)}
	if h.entity == nil || h.entity.Kind != funnel.KindText || h.stage.Kind != funnel.KindText || h.at == nil || h.at.Kind != funnel.KindTime {
		return nil, fmt.Errorf("%w: %s: a field history layout (%q) needs an entity_id, a new value (stage) and an edit date (entered_at) column (columns: %s)",
			ErrNoStages, t.Source, field.Name, t.Headers())
	}
	// Rows per field value, in order of first appearance.
	for _, c := range field.Codes {
		if _, ok := h.rowsOf[c]; !ok {
			h.fields = append(h.fields, c)
		}
		h.rowsOf[c]++
	}
	for _, e := range CreatedEvents {
		h.created[stageKey(e)] = true
	}
	if stageField != "" {
		h.want = stageKey(stageField)
	} else {
		for _, f := range StageFields {
			k := stageKey(f)
			if slices.ContainsFunc(h.fields, func(c int32) bool { return c != funnel.NA && stageKey(h.name(c)) == k }) {
				h.want = k
				break
			}
		}
	}
	if !slices.ContainsFunc(h.fields, h.isStage) {
		var present []string
		for _, c := range h.fields {
			present = append(present, fmt.Sprintf("%q (%d)", h.name(c), h.rowsOf[c]))
		}
		what := fmt.Sprintf("no row of a stage field (%s)", strings.Join(StageFields, ", "))
		if stageField != "" {
			what = fmt.Sprintf("no row of field %q", stageField)
		}
		return nil, fmt.Errorf("%w: %s: field history layout (column %q): %s; fields: %s: give the stage field with --stage-field",
			ErrNoStages, t.Source, field.Name, what, strings.Join(present, ", "))
	}
	return h, nil
}

// name is the text of field value c, "(blank)" when missing.
func (h *history) name(c int32) string {
	if c == funnel.NA {
		return "(blank)"
	}
	return h.t.Dict.String(c)
}

// isStage tells whether field value c is the stage field.
func (h *history) isStage(c int32) bool {
	return c != funnel.NA && h.want != "" && stageKey(h.name(c)) == h.want
}

// isCreated tells whether field value c marks a creation (CreatedEvents).
func (h *history) isCreated(c int32) bool { return c != funnel.NA && h.created[stageKey(h.name(c))] }

// scan keeps the rows of the stage field and finds, per record, its first
// stage change and its creation time (the earliest creation event).
func (h *history) scan() {
	h.first, h.fromEvent, h.createdRow = make(map[int32]int), make(map[int32]int64), make(map[int32]int)
	entity, field, at := h.entity, h.field, h.at
	for r := 0; r < h.t.Rows; r++ {
		e, f, tm := entity.Codes[r], field.Codes[r], at.Times[r]
		switch {
		case h.isStage(f):
			h.keep = append(h.keep, r)
			if e == funnel.NA || tm == funnel.NoTime {
				continue
			}
			if fr, ok := h.first[e]; !ok || tm < at.Times[fr] {
				h.first[e] = r
			}
		case h.isCreated(f) && e != funnel.NA && tm != funnel.NoTime:
			if ct, ok := h.fromEvent[e]; !ok || tm < ct {
				h.fromEvent[e], h.createdRow[e] = tm, r
			}
		}
	}
}

// findStarts makes the start rows: each record starts in the Old Value of
// its first change, at its creation (its creation event, else
// createdAt[entity]); it counts the records whose creation is unknown or
// after the first change.
func (h *history) findStarts(createdAt []int64) {
	h.starts = map[int]start{}
	if h.old == nil {
		return
	}
	for e, r := range h.first {
		o := h.old.Codes[r]
		if o == funnel.NA {
			continue
		}
		ct, ok := h.fromEvent[e]
		if !ok {
			ct = createdAt[e]
		}
		switch {
		case ct == funnel.NoTime:
			h.noCreation++
		case ct > h.at.Times[r]:
			h.late++
		default:
			h.starts[r] = start{stage: o, t: ct}
		}
	}
}

// placeUnchanged finds the records created and never changed: they are
// still in the stage they were created in, the one every other record
// starts in when they agree (a field's default value, such as "Open - Not
// Contacted"); unchangedIn is NA when they do not.
func (h *history) placeUnchanged() {
	h.startStages = map[int32]bool{}
	for _, st := range h.starts {
		h.startStages[st.stage] = true
	}
	for e, r := range h.createdRow {
		if _, changed := h.first[e]; !changed {
			h.unchanged = append(h.unchanged, r)
		}
	}
	slices.Sort(h.unchanged)
	h.unchangedIn = funnel.NA
	if len(h.startStages) == 1 {
		for st := range h.startStages {
			h.unchangedIn = st
		}
	}
}

// table returns the stage entries: the kept rows, each first change
// preceded by its start row, then the start rows of the unchanged records
// (when placed).
func (h *history) table() *funnel.Table {
	rows := make([]int, 0, len(h.keep)+len(h.starts)+len(h.unchanged))
	isStart := make([]bool, 0, cap(rows))
	for _, r := range h.keep {
		if _, ok := h.starts[r]; ok {
			rows, isStart = append(rows, r), append(isStart, true)
		}
		rows, isStart = append(rows, r), append(isStart, false)
	}
	if h.unchangedIn != funnel.NA {
		for _, r := range h.unchanged {
			rows, isStart = append(rows, r), append(isStart, true)
		}
	}
	out := pickRows(h.t, rows)
	newStage, newAt := out.Columns[slices.Index(h.t.Columns, h.stage)], out.Columns[slices.Index(h.t.Columns, h.at)]
	for i, r := range rows {
		switch st, ok := h.starts[r]; {
		case !isStart[i]:
		case ok:
			newStage.Codes[i], newAt.Times[i] = st.stage, st.t
		default: // an unchanged record, at its creation event's time
			newStage.Codes[i] = h.unchangedIn
		}
	}
	return out
}

// warnings say what was kept and dropped, and which records' first stages
// are not counted as entered, and why.
func (h *history) warnings() []string {
	var dropped []string
	nDropped, nCreated := 0, 0
	fields := h.fields
	sort.SliceStable(fields, func(i, j int) bool { return h.rowsOf[fields[i]] > h.rowsOf[fields[j]] })
	for _, c := range fields {
		switch {
		case h.isStage(c):
		case h.isCreated(c):
			nCreated += h.rowsOf[c]
		default:
			nDropped += h.rowsOf[c]
			dropped = append(dropped, fmt.Sprintf("%q (%d)", h.name(c), h.rowsOf[c]))
		}
	}
	oldName := "no old value column"
	if h.old != nil {
		oldName = fmt.Sprintf("%q", h.old.Name)
	}
	msg := fmt.Sprintf("%s: field history layout (%q, %s, %q): kept the %d rows of field %q", h.t.Source, h.field.Name, oldName, h.stage.Name,
		len(h.keep), h.name(fields[slices.IndexFunc(fields, h.isStage)]))
	if nCreated > 0 {
		msg += fmt.Sprintf(", and %d creation rows as the records' creation times", nCreated)
	}
	placed := 0 // records created and never changed, placed in the start stage
	if h.unchangedIn != funnel.NA {
		placed = len(h.unchanged)
	}
	unchanged := len(h.unchanged)
	if n := len(h.starts); n > 0 {
		msg += fmt.Sprintf("; %d records start in their first Old Value at creation", n)
	}
	if placed > 0 {
		msg += fmt.Sprintf("; %d %s created and never changed %s in %q, where every other record starts",
			unchanged, plural(unchanged, "record", "records"), plural(unchanged, "is", "are"), h.name(h.unchangedIn))
	}
	if nDropped > 0 {
		msg += fmt.Sprintf("; dropped %d rows of other fields: %s", nDropped, strings.Join(dropped, ", "))
	}
	warnings := []string{msg}
	var why []string
	if h.noCreation > 0 {
		why = append(why, fmt.Sprintf("%d %s no known creation time (no creation row, no created_at in the leads or opportunities)",
			h.noCreation, plural(h.noCreation, "record has", "records have")))
	}
	if unchanged > 0 && h.unchangedIn == funnel.NA {
		why = append(why, fmt.Sprintf("%d %s created and never changed, and the other records start in %d different stages",
			unchanged, plural(unchanged, "record was", "records were"), len(h.startStages)))
	}
	if h.late > 0 {
		why = append(why, fmt.Sprintf("%d %s created after %s first change", h.late, plural(h.late, "record was", "records were"), plural(h.late, "its", "their")))
	}
	if len(why) > 0 {
		n := h.noCreation + h.late + unchanged - placed
		warnings = append(warnings, fmt.Sprintf("%s: %s: %s %s not counted as entered",
			h.t.Source, strings.Join(why, "; "), plural(n, "its first stage", "their first stages"), plural(n, "is", "are")))
	}
	return warnings
}

// takeRows returns column c with the rows listed, in that order.
func takeRows(c *funnel.Column, rows []int) *funnel.Column {
	nc := &funnel.Column{Name: c.Name, Role: c.Role, Kind: c.Kind, DateOnly: c.DateOnly, Layout: c.Layout}
	switch c.Kind {
	case funnel.KindText:
		nc.Codes = take(c.Codes, rows)
	case funnel.KindNumber:
		nc.Nums = take(c.Nums, rows)
	case funnel.KindBool:
		nc.Bools = take(c.Bools, rows)
	case funnel.KindTime:
		nc.Times = take(c.Times, rows)
	}
	for i := range rows {
		if nc.IsNA(i) {
			nc.Missing++
		}
	}
	return nc
}

// take returns the values of v at the rows listed, in that order.
func take[T any](v []T, rows []int) []T {
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = v[r]
	}
	return out
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
