package velocity

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
)

// StageStream collects the entries of a long stages file (entity_id,
// stage, entered_at) while the file is read in chunks, so that Analyze
// need not have the stages table: give Add to ingest.Options.Sink (or
// ingest.Stream), then pass the stream in Options.Stream.
//
// Memory: 16 bytes per row with an entity, a stage and a time (the
// entity's and the stage's codes and the Unix time, in fixed blocks that
// appending does not copy), a bit per Dict string, and, when the rows of an
// entity are not together in the file, 4 bytes per row more while Analyze
// runs. Rows without an entity, a stage or a time are counted, not kept.
//
// Results equal Analyze's on the same file read as a table (--by and
// --wide need the table: a stream holds no other columns).
type StageStream struct {
	started                   bool
	source                    string
	dict                      *funnel.Dict
	entityName, stageName     string // headers, for warnings
	timeName                  string
	dateOnly                  bool // the entered_at column holds dates only
	entries                   entryBlocks
	stageIndex                []int32 // by Dict code: index in stageCodes + 1, 0 when not seen
	stageCodes                []int32 // distinct stage values, in order of first appearance
	stageRows                 []int   // usable rows of each
	naEntity, naStage, naTime int
	firstBad                  string // where the first row without an entity, stage or time is
	grouped                   bool   // each entity's rows are together in the file so far
	current                   int32  // entity of the latest row with one
	seen                      []uint64
}

// streamEntry is one usable row of a stream: 16 bytes.
type streamEntry struct {
	t      int64 // Unix seconds
	stage  int32 // index in StageStream.stageCodes
	entity int32 // Dict code
}

// entryBlocks is a list of entries in blocks of fixed size, so that
// appending copies nothing once past the first block (which starts small
// and doubles, for small files).
type entryBlocks struct {
	blocks [][]streamEntry
	n      int
}

const entryBlockBits = 15 // 32768 entries (512 KiB) a block

func (b *entryBlocks) add(e streamEntry) {
	i := b.n & (1<<entryBlockBits - 1)
	if i == 0 {
		size := 1 << entryBlockBits
		if len(b.blocks) == 0 {
			size = 256 // small files stay small; the next blocks are full size
		}
		b.blocks = append(b.blocks, make([]streamEntry, 0, size))
	}
	last := len(b.blocks) - 1
	if len(b.blocks[last]) == cap(b.blocks[last]) { // the small first block is full
		grown := make([]streamEntry, len(b.blocks[last]), min(2*cap(b.blocks[last]), 1<<entryBlockBits))
		copy(grown, b.blocks[last])
		b.blocks[last] = grown
	}
	b.blocks[last] = append(b.blocks[last], e)
	b.n++
}

func (b *entryBlocks) at(i int) streamEntry {
	return b.blocks[i>>entryBlockBits][i&(1<<entryBlockBits-1)]
}

// NewStageStream returns an empty StageStream.
func NewStageStream() *StageStream {
	return &StageStream{grouped: true, current: funnel.NA}
}

// Add takes the next chunk of rows of the stages file, in file order
// (ingest.Options.Sink's rows function). The chunk is not kept. It
// returns an error wrapping ErrNotLong when the first chunk is not of a
// long stages file whose entity_id and stage are text and entered_at a
// time; then read the file as a table.
func (s *StageStream) Add(chunk *funnel.Table) error {
	ent, st, tm := chunk.Role(funnel.RoleEntityID), chunk.Role(funnel.RoleStage), chunk.Role(funnel.RoleEnteredAt)
	if !s.started {
		if chunk.Dict == nil || ent == nil || st == nil || tm == nil ||
			ent.Kind != funnel.KindText || st.Kind != funnel.KindText || tm.Kind != funnel.KindTime {
			return fmt.Errorf("%w: %s", ErrNotLong, chunk.Source)
		}
		if k := stageKey(st.Name); k == "newvalue" || k == "value" || k == "tostage" || k == "newstage" || k == "tostatus" {
			// Maybe a field history (chunks hold no attribute columns,
			// so its field column cannot be seen here): its rows are
			// entries only after fromHistory, which needs the table.
			return fmt.Errorf("%w: %s: stage column %q, maybe of a field history", ErrNotLong, chunk.Source, st.Name)
		}
		s.started, s.source, s.dict = true, chunk.Source, chunk.Dict
		s.entityName, s.stageName, s.timeName = ent.Name, st.Name, tm.Name
	}
	if chunk.Dict != s.dict || ent == nil || st == nil || tm == nil {
		panic("velocity: StageStream chunks of different files")
	}
	s.dateOnly = tm.DateOnly // a chunk's DateOnly describes every value read so far
	if n := s.dict.Len(); s.grouped && len(s.seen)*64 < n {
		s.seen = append(s.seen, make([]uint64, (n+63)/64-len(s.seen))...)
	}
	for r := 0; r < chunk.Rows; r++ {
		e, c, t := ent.Codes[r], st.Codes[r], tm.Times[r]
		if e != funnel.NA && e != s.current && s.grouped {
			if s.seen[e>>6]&(1<<(e&63)) != 0 {
				s.grouped = false
			}
			s.seen[e>>6] |= 1 << (e & 63)
			s.current = e
		}
		if e == funnel.NA || c == funnel.NA || t == funnel.NoTime {
			switch {
			case e == funnel.NA:
				s.naEntity++
			case c == funnel.NA:
				s.naStage++
			default:
				s.naTime++
			}
			if s.firstBad == "" {
				s.firstBad = chunk.Where(r)
			}
			continue
		}
		if int(c) >= len(s.stageIndex) {
			s.stageIndex = append(s.stageIndex, make([]int32, int(c)+1-len(s.stageIndex))...)
		}
		k := s.stageIndex[c] - 1
		if k < 0 {
			k = int32(len(s.stageCodes))
			s.stageIndex[c] = k + 1
			s.stageCodes = append(s.stageCodes, c)
			s.stageRows = append(s.stageRows, 0)
		}
		s.stageRows[k]++
		if s.entries.n == math.MaxInt32 {
			return fmt.Errorf("%w: %s: more than %d stage entries", ErrBadInput, chunk.Where(r), math.MaxInt32)
		}
		s.entries.add(streamEntry{t: t, stage: k, entity: e})
	}
	if !s.grouped {
		s.seen = nil // no longer needed
	}
	return nil
}

// Entries returns the number of rows kept: those with an entity, a stage
// and a time.
func (s *StageStream) Entries() int { return s.entries.n }

// loadStream binds a stream like loadStages binds a long table.
func loadStream(str *StageStream, order []string, cut int64) (*stageData, error) {
	if !str.started {
		return nil, fmt.Errorf("%w: no stages file was read", ErrNoStages)
	}
	s := &stageData{source: str.source, dict: str.dict, layout: Long, str: str, cut: cut, minT: funnel.NoTime, maxT: funnel.NoTime}
	s.warnUnusable(str.naEntity, str.naStage, str.naTime, str.entityName, str.stageName, str.timeName, str.firstBad)
	if len(str.stageCodes) == 0 {
		return nil, fmt.Errorf("%w: %s: no row with an entity, a stage and a time", ErrNoStages, s.source)
	}
	codes := make([]int32, len(str.stageCodes))
	names := make([]string, len(codes))
	for i, c := range str.stageCodes {
		codes[i] = int32(i)
		names[i] = s.dict.String(c)
	}
	s.groupStream()
	if err := s.bindLong(order, len(codes), codes, names, func(i int) int { return str.stageRows[i] }, str.dateOnly); err != nil {
		return nil, err
	}
	s.scanRange()
	return s, nil
}

// groupStream finds the entities' entries of a stream: runs in file order
// when the file keeps each entity's rows together (s.order stays nil),
// else a stable counting sort by entity code, as group does for a table.
func (s *stageData) groupStream() {
	str := s.str
	if str.grouped {
		return
	}
	nd := s.dict.Len()
	count := make([]int32, nd+1)
	n := str.entries.n
	for i := 0; i < n; i++ {
		count[str.entries.at(i).entity+1]++
	}
	bounds := []int32{}
	for c := 1; c <= nd; c++ {
		if count[c] > 0 {
			bounds = append(bounds, count[c-1])
		}
		count[c] += count[c-1]
	}
	s.bounds = append(bounds, count[nd])
	s.order = make([]int32, n)
	for i := 0; i < n; i++ {
		c := str.entries.at(i).entity
		s.order[count[c]] = int32(i)
		count[c]++
	}
}

// appendEntry appends entry i of the stream when it is on the ladder and
// before the cut.
func (s *stageData) appendEntry(evs []event, i int) []event {
	e := s.str.entries.at(i)
	k := s.stageOf[e.stage]
	if k < 0 || e.t >= s.cut {
		return evs
	}
	return append(evs, event{t: e.t, row: int32(i), stage: k})
}

// walkStream is walk for a stream.
func (s *stageData) walkStream(evs []event, flush func(evs []event) []event) {
	es := &s.str.entries
	if s.order == nil {
		cur := funnel.NA
		for i := 0; i < es.n; i++ {
			if e := es.at(i).entity; e != cur {
				evs = flush(evs)
				cur = e
			}
			evs = s.appendEntry(evs, i)
		}
		flush(evs)
		return
	}
	for g := 0; g+1 < len(s.bounds); g++ {
		for _, i := range s.order[s.bounds[g]:s.bounds[g+1]] {
			evs = s.appendEntry(evs, int(i))
		}
		evs = flush(evs)
	}
}
