package velocity

import (
	"fmt"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// Layout is the shape of a stages table.
type Layout int

// Layouts.
const (
	Long Layout = iota + 1 // one row per stage entry: entity_id, stage, entered_at
	Wide                   // one row per entity, one time column per stage
)

// String returns "long" or "wide".
func (l Layout) String() string {
	switch l {
	case Long:
		return "long"
	case Wide:
		return "wide"
	}
	return "unknown"
}

// event is one stage entry of an entity.
type event struct {
	t     int64 // Unix seconds
	row   int32 // row of the stages table
	stage int16 // ladder index
}

// eventLess orders entries by time, ties by ladder order, then file order.
func eventLess(a, b event) bool {
	if a.t != b.t {
		return a.t < b.t
	}
	if a.stage != b.stage {
		return a.stage < b.stage
	}
	return a.row < b.row
}

func sortEvents(evs []event) {
	if len(evs) <= 12 {
		for i := 1; i < len(evs); i++ {
			for j := i; j > 0 && eventLess(evs[j], evs[j-1]); j-- {
				evs[j], evs[j-1] = evs[j-1], evs[j]
			}
		}
		return
	}
	slices.SortFunc(evs, func(a, b event) int {
		if eventLess(a, b) {
			return -1
		}
		if eventLess(b, a) {
			return 1
		}
		return 0
	})
}

// stageData is a stages table (or a StageStream) made ready to walk
// entity by entity, without copying its columns: memory beyond the table
// is a bitset over the Dict, plus, when the rows of an entity are not
// together in the file, one int32 per row.
type stageData struct {
	table    *funnel.Table    // nil for a stream
	str      *StageStream     // the streamed entries of a long file, when table is nil
	source   string           // file name, for messages
	dict     *funnel.Dict     // strings of the codes
	layout   Layout           //
	ladder   Ladder           //
	entity   *funnel.Column   // nil: wide without entity_id, each row is an entity (or a stream)
	stageCol *funnel.Column   // long
	timeCol  *funnel.Column   // long
	stageOf  []int16          // long: ladder index by Dict code (a stream: by stage index), Len()+i for lost stage i, -1 when off the ladder
	wide     []*funnel.Column // wide: time column of each ladder stage, then of each lost stage, nil when none
	dateOnly []bool           // per ladder stage, then per lost stage: its column holds dates only
	lost     []string         // the terminal lost stages present and not on the ladder (exits), display names
	order    []int32          // rows grouped by entity when the file does not group them
	bounds   []int32          // entity g: rows (or order) [bounds[g], bounds[g+1]); nil: one row each
	cut      int64            // entries at or after cut are left out (the as-of time); math.MaxInt64: none
	minT     int64            // earliest usable entry, NoTime when none
	maxT     int64            // latest usable entry
	entries  int              // usable entries
	after    int              // usable entries at or after cut, left out
	afterMin int64            // the earliest of them
	afterMax int64            // the latest of them
	off      []string         // the values (long) or columns (wide) off the ladder, quoted
	warnings []string
}

// loadStages binds a stages table: its layout, its ladder (order, or
// inferred) and its grouping by entity. Entries at or after cut are left
// out (math.MaxInt64: none). A field history table (history.go) is read
// as the long table of its stage field (stageField, "" for the default
// ones), with the records' creation times from ds's leads or
// opportunities when its own creation rows lack them; s.table is then
// that long table.
func loadStages(t *funnel.Table, ds *funnel.Dataset, order []string, mapping []WideColumn, stageField string, cut int64) (*stageData, error) {
	if t == nil {
		return nil, fmt.Errorf("%w: no stages table", ErrNoStages)
	}
	if t.Dict == nil && t.Rows > 0 {
		panic("velocity: stages table without a Dict")
	}
	var warnings []string
	if field, old := historyColumns(t); field != nil && len(mapping) == 0 {
		var err error
		if t, warnings, err = fromHistory(t, field, old, stageField, ds); err != nil {
			return nil, err
		}
	} else if from := fromColumn(t); from != nil && len(mapping) == 0 {
		t, warnings = dropUnchanged(t, from)
	}
	s := &stageData{table: t, source: t.Source, dict: t.Dict, cut: cut, minT: funnel.NoTime, maxT: funnel.NoTime, warnings: warnings}
	if c := t.Role(funnel.RoleEntityID); c != nil {
		if c.Kind != funnel.KindText {
			return nil, fmt.Errorf("%w: %s: column %q (entity_id) holds %s values, want ids", ErrBadInput, t.Source, c.Name, c.Kind)
		}
		s.entity = c
	}
	if len(mapping) == 0 && t.Has(funnel.RoleStage) && t.Has(funnel.RoleEnteredAt) {
		if err := s.loadLong(order); err != nil {
			return nil, err
		}
	} else if err := s.loadWide(order, mapping); err != nil {
		return nil, err
	}
	s.scanRange()
	return s, nil
}

func (s *stageData) loadLong(order []string) error {
	t := s.table
	s.layout = Long
	s.stageCol, s.timeCol = t.Role(funnel.RoleStage), t.Role(funnel.RoleEnteredAt)
	if s.entity == nil {
		return fmt.Errorf("%w: %s: the long layout needs an entity_id column (columns: %s)", ErrNoStages, t.Source, t.Headers())
	}
	if s.stageCol.Kind != funnel.KindText {
		return fmt.Errorf("%w: %s: column %q (stage) holds %s values, want stage names", ErrBadInput, t.Source, s.stageCol.Name, s.stageCol.Kind)
	}
	if s.timeCol.Kind != funnel.KindTime {
		return fmt.Errorf("%w: %s: column %q (entered_at) holds %s values, want dates", ErrBadInput, t.Source, s.timeCol.Name, s.timeCol.Kind)
	}
	// Distinct stage names, in order of first appearance, with row counts.
	nd := t.Dict.Len()
	rowsOf := make([]int, nd)
	var codes []int32
	naEntity, naStage, naTime, firstBad := 0, 0, 0, -1
	for r := 0; r < t.Rows; r++ {
		e, c, tm := s.entity.Codes[r], s.stageCol.Codes[r], s.timeCol.Times[r]
		if e == funnel.NA || c == funnel.NA || tm == funnel.NoTime {
			switch {
			case e == funnel.NA:
				naEntity++
			case c == funnel.NA:
				naStage++
			default:
				naTime++
			}
			if firstBad < 0 {
				firstBad = r
			}
			continue
		}
		if rowsOf[c] == 0 {
			codes = append(codes, c)
		}
		rowsOf[c]++
	}
	if firstBad >= 0 {
		s.warnUnusable(naEntity, naStage, naTime, s.entity.Name, s.stageCol.Name, s.timeCol.Name, t.Where(firstBad))
	}
	if len(codes) == 0 {
		return fmt.Errorf("%w: %s: no row with an entity, a stage and a time", ErrNoStages, t.Source)
	}
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = t.Dict.String(c)
	}
	s.group()
	return s.bindLong(order, nd, codes, names, func(i int) int { return rowsOf[codes[i]] }, s.timeCol.DateOnly)
}

// warnUnusable warns about the rows of a long file without an entity, a
// stage or a time.
func (s *stageData) warnUnusable(naEntity, naStage, naTime int, entity, stage, time, first string) {
	if naEntity+naStage+naTime == 0 {
		return
	}
	at := ""
	if first != "" {
		at = " (first at " + first + ")"
	}
	s.warnings = append(s.warnings, fmt.Sprintf("%s: %d rows skipped: %d without %s, %d without %s, %d without %s%s",
		s.source, naEntity+naStage+naTime, naEntity, entity, naStage, stage, naTime, time, at))
}

// bindLong sets the ladder of a long file from its distinct stage values
// (codes: their indexes in stageOf, of size space; their names; rows(i):
// the usable rows of the i-th), and binds each value to its stage.
//
// Terminal lost stages (IsLost) not named by an explicit order are kept
// off the ladder: they are the exits, bound to Len()+i for s.lost[i].
func (s *stageData) bindLong(order []string, space int, codes []int32, names []string, rows func(i int) int, dateOnly bool) error {
	var err error
	var explicit Ladder
	if len(order) > 0 {
		if explicit, err = NewLadder(order, LadderExplicit); err != nil {
			return err
		}
	}
	var rungCodes []int32
	var rungNames []string
	for i, n := range names {
		if s.exit(n, explicit) {
			continue
		}
		rungCodes, rungNames = append(rungCodes, codes[i]), append(rungNames, n)
	}
	switch {
	case len(order) > 0:
		s.ladder = explicit
	default:
		var ok bool
		switch s.ladder, ok = lifecycleLadder(rungNames); {
		case ok:
		case s.table == nil && s.str == nil: // entries that stay in an engine (Plan)
			err = fmt.Errorf("%w: %s: the stages (%s) are not all lifecycle stages, and the order entities most often follow is not computed in a database yet: give --stage-order",
				ErrBadLadder, s.source, strings.Join(rungNames, ", "))
		default:
			s.ladder, err = s.observedLadder(space, rungCodes, rungNames)
		}
	}
	if err != nil {
		return err
	}
	s.stageOf = make([]int16, space)
	for i := range s.stageOf {
		s.stageOf[i] = -1
	}
	var off []string
	offRows := 0
	for i, c := range codes {
		k := s.ladder.Index(names[i])
		if l := s.lostIndex(names[i]); k < 0 && l >= 0 {
			k = s.ladder.Len() + l
		}
		s.stageOf[c] = int16(k)
		if k < 0 {
			off = append(off, fmt.Sprintf("%q (%d)", names[i], rows(i)))
			offRows += rows(i)
		}
	}
	s.off = off
	if len(off) > 0 {
		s.warnings = append(s.warnings, fmt.Sprintf("%s: %d rows with stages not on the ladder (%s) skipped: %s",
			s.source, offRows, strings.Join(s.ladder.Stages, ", "), strings.Join(off, ", ")))
	}
	s.dateOnly = make([]bool, s.ladder.Len()+len(s.lost))
	for i := range s.dateOnly {
		s.dateOnly[i] = dateOnly
	}
	return nil
}

// exit reports whether the stage called name is a terminal lost stage
// kept off the ladder (not named by the explicit ladder, when there is
// one), and adds it to s.lost the first time.
func (s *stageData) exit(name string, explicit Ladder) bool {
	if !IsLost(name) || (explicit.Len() > 0 && explicit.Index(name) >= 0) {
		return false
	}
	if s.lostIndex(name) < 0 {
		s.lost = append(s.lost, name)
	}
	return true
}

// lostIndex returns the index of the stage called name in s.lost, or -1.
func (s *stageData) lostIndex(name string) int {
	k := canonicalKey(name)
	for i, l := range s.lost {
		if canonicalKey(l) == k {
			return i
		}
	}
	return -1
}

// observedLadder orders the stages of a long table by the order entities
// most often follow (copelandOrder over first entries). Names with the same
// canonical key are one stage, named by its first spelling.
func (s *stageData) observedLadder(space int, codes []int32, names []string) (Ladder, error) {
	var keys, display []string
	prov := make(map[int32]int16, len(codes))
	for i, c := range codes {
		k := canonicalKey(names[i])
		j := slices.Index(keys, k)
		if j < 0 {
			if len(keys) >= MaxStages {
				return Ladder{}, fmt.Errorf("%w: %s: more than %d distinct stages; give the ladder explicitly", ErrBadLadder, s.source, MaxStages)
			}
			j = len(keys)
			keys, display = append(keys, k), append(display, names[i])
		}
		prov[c] = int16(j)
	}
	n := len(keys)
	s.stageOf = make([]int16, space)
	for i := range s.stageOf {
		s.stageOf[i] = -1
	}
	for c, j := range prov {
		s.stageOf[c] = j
	}
	s.dateOnly = make([]bool, n)
	prec := make([]int, n*n)
	posSum := make([]float64, n)
	posCount := make([]int, n)
	first := make([]int, n)
	var seq []int16
	s.walk(func(evs []event) {
		seq = seq[:0]
		for i := range first {
			first[i] = -1
		}
		for _, e := range evs {
			if first[e.stage] < 0 {
				first[e.stage] = len(seq)
				seq = append(seq, e.stage)
			}
		}
		for p, a := range seq {
			posSum[a] += float64(p)
			posCount[a]++
			for _, b := range seq[p+1:] {
				prec[int(a)*n+int(b)]++
			}
		}
	})
	meanPos := make([]float64, n)
	for i := range meanPos {
		meanPos[i] = posSum[i] / float64(max(posCount[i], 1))
	}
	idx := copelandOrder(n, prec, meanPos)
	stages := make([]string, n)
	for i, j := range idx {
		stages[i] = display[j]
	}
	return NewLadder(wonLast(stages), LadderObserved)
}

func (s *stageData) loadWide(order []string, mapping []WideColumn) error {
	t := s.table
	s.layout = Wide
	cols, err := wideColumns(t, mapping)
	if err != nil {
		return err
	}
	// One column per stage: later columns naming the same stage are ignored.
	var explicit Ladder
	if len(order) > 0 {
		if explicit, err = NewLadder(order, LadderExplicit); err != nil {
			return err
		}
	}
	var names []string
	var kept []wideStageColumn
	for _, c := range cols {
		dup := -1
		for i, k := range kept {
			if canonicalKey(k.stage) == canonicalKey(c.stage) {
				dup = i
			}
		}
		if dup >= 0 {
			s.warnings = append(s.warnings, fmt.Sprintf("%s: columns %q and %q are both stage %s; using %q", t.Source, kept[dup].col.Name, c.col.Name, c.stage, kept[dup].col.Name))
			continue
		}
		kept = append(kept, c)
		if !s.exit(c.stage, explicit) {
			names = append(names, c.stage)
		}
	}
	switch {
	case len(order) > 0:
		s.ladder = explicit
	default:
		var ok bool
		if s.ladder, ok = lifecycleLadder(names); !ok {
			s.ladder, err = NewLadder(wonLast(names), LadderWide)
		}
	}
	if err != nil {
		return err
	}
	s.wide = make([]*funnel.Column, s.ladder.Len()+len(s.lost))
	s.dateOnly = make([]bool, len(s.wide))
	var off []string
	for _, c := range kept {
		k := s.ladder.Index(c.stage)
		if l := s.lostIndex(c.stage); k < 0 && l >= 0 {
			k = s.ladder.Len() + l
		}
		if k < 0 {
			off = append(off, fmt.Sprintf("%q", c.col.Name))
			continue
		}
		s.wide[k] = c.col
		s.dateOnly[k] = c.col.DateOnly
	}
	s.off = off
	if len(off) > 0 {
		s.warnings = append(s.warnings, fmt.Sprintf("%s: stage columns not on the ladder (%s) ignored: %s", t.Source, strings.Join(s.ladder.Stages, ", "), strings.Join(off, ", ")))
	}
	if s.entity != nil {
		s.group()
	}
	return nil
}

// group finds the entities' rows: runs of equal entity codes when each
// entity's rows are together in the file (no copy), else a counting sort
// by code (stable, so file order is kept within an entity).
func (s *stageData) group() {
	codes := s.entity.Codes
	nd := s.table.Dict.Len()
	seen := make([]uint64, (nd+63)/64)
	bounds := []int32{0}
	cur := funnel.NA
	grouped := true
	for r, c := range codes {
		if c == funnel.NA || c == cur {
			continue
		}
		if seen[c>>6]&(1<<(c&63)) != 0 {
			grouped = false
			break
		}
		seen[c>>6] |= 1 << (c & 63)
		if cur != funnel.NA {
			bounds = append(bounds, int32(r))
		}
		cur = c
	}
	if grouped {
		s.bounds = append(bounds, int32(len(codes)))
		return
	}
	count := make([]int32, nd+1)
	for _, c := range codes {
		if c != funnel.NA {
			count[c+1]++
		}
	}
	bounds = bounds[:0]
	for c := 1; c <= nd; c++ {
		if count[c] > 0 {
			bounds = append(bounds, count[c-1])
		}
		count[c] += count[c-1]
	}
	s.bounds = append(bounds, count[nd])
	s.order = make([]int32, count[nd])
	for r, c := range codes {
		if c != funnel.NA {
			s.order[count[c]] = int32(r)
			count[c]++
		}
	}
}

// appendRow appends the usable entries of row r (before the cut).
func (s *stageData) appendRow(evs []event, r int) []event {
	if s.layout == Long {
		if s.entity.Codes[r] == funnel.NA {
			return evs
		}
		c := s.stageCol.Codes[r]
		if c == funnel.NA {
			return evs
		}
		k := s.stageOf[c]
		t := s.timeCol.Times[r]
		if k < 0 || t == funnel.NoTime || t >= s.cut {
			return evs
		}
		return append(evs, event{t: t, row: int32(r), stage: k})
	}
	if s.entity != nil && s.entity.Codes[r] == funnel.NA {
		return evs
	}
	for k, c := range s.wide {
		if c != nil && c.Times[r] != funnel.NoTime && c.Times[r] < s.cut {
			evs = append(evs, event{t: c.Times[r], row: int32(r), stage: int16(k)})
		}
	}
	return evs
}

// walk calls fn with the entries of each entity that has any, sorted by
// time, ties by ladder order then file order. Exact duplicates (same stage
// and time) are dropped; walk returns how many. evs is reused.
func (s *stageData) walk(fn func(evs []event)) (dups int) {
	evs := make([]event, 0, 64)
	flush := func(evs []event) []event {
		if len(evs) == 0 {
			return evs
		}
		sortEvents(evs)
		w := 1
		for i := 1; i < len(evs); i++ {
			if evs[i].t == evs[w-1].t && evs[i].stage == evs[w-1].stage {
				dups++
				continue
			}
			evs[w] = evs[i]
			w++
		}
		fn(evs[:w])
		return evs[:0]
	}
	switch {
	case s.str != nil:
		s.walkStream(evs, flush)
	case s.bounds == nil:
		for r := 0; r < s.table.Rows; r++ {
			evs = flush(s.appendRow(evs[:0], r))
		}
	case s.order == nil:
		for g := 0; g+1 < len(s.bounds); g++ {
			for r := s.bounds[g]; r < s.bounds[g+1]; r++ {
				evs = s.appendRow(evs, int(r))
			}
			evs = flush(evs)
		}
	default:
		for g := 0; g+1 < len(s.bounds); g++ {
			for _, r := range s.order[s.bounds[g]:s.bounds[g+1]] {
				evs = s.appendRow(evs, int(r))
			}
			evs = flush(evs)
		}
	}
	return dups
}

// scanRange finds the earliest and latest usable entry before the cut,
// and counts those at or after it.
func (s *stageData) scanRange() {
	lo, hi, n := int64(0), int64(0), 0
	note := func(t int64) {
		if t >= s.cut {
			if s.after == 0 || t < s.afterMin {
				s.afterMin = t
			}
			if s.after == 0 || t > s.afterMax {
				s.afterMax = t
			}
			s.after++
			return
		}
		if n == 0 || t < lo {
			lo = t
		}
		if n == 0 || t > hi {
			hi = t
		}
		n++
	}
	switch {
	case s.str != nil:
		es := &s.str.entries
		for i := 0; i < es.n; i++ {
			if e := es.at(i); s.stageOf[e.stage] >= 0 {
				note(e.t)
			}
		}
	case s.layout == Long:
		for r := 0; r < s.table.Rows; r++ {
			if s.entity.Codes[r] == funnel.NA {
				continue
			}
			if c := s.stageCol.Codes[r]; c != funnel.NA && s.stageOf[c] >= 0 && s.timeCol.Times[r] != funnel.NoTime {
				note(s.timeCol.Times[r])
			}
		}
	default:
		for _, c := range s.wide {
			if c == nil {
				continue
			}
			for r, t := range c.Times {
				if t != funnel.NoTime && (s.entity == nil || s.entity.Codes[r] != funnel.NA) {
					note(t)
				}
			}
		}
	}
	s.entries = n
	if n > 0 {
		s.minT, s.maxT = lo, hi
	}
}

// afterSpan writes the dates of the entries left out at the cut:
// "2099-01-05", or "2099-01-05 to 2099-03-01".
func (s *stageData) afterSpan() string {
	dates := true
	for k, d := range s.dateOnly {
		if s.layout == Wide && s.wide[k] == nil {
			continue
		}
		dates = dates && d
	}
	if s.afterMin == s.afterMax {
		return funnel.FormatTime(s.afterMin, dates)
	}
	return funnel.FormatTime(s.afterMin, dates) + " to " + funnel.FormatTime(s.afterMax, dates)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// entityName returns the id of the entity of row r (of a stream: of entry
// r): its entity_id, or "file:line" in a wide table without ids.
func (s *stageData) entityName(r int) string {
	switch {
	case s.str != nil:
		return s.dict.String(s.str.entries.at(r).entity)
	case s.entity != nil:
		return s.table.Dict.String(s.entity.Codes[r])
	}
	return s.table.Where(r)
}
