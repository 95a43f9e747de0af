package content

import (
	"fmt"
	"sort"

	"github.com/funnel-analytics/funnel/funnel"
)

// history is a stage history indexed by entity: each entity's entries in
// time order, their stages as ladder indexes.
type history struct {
	ladder []string
	span   map[int32][2]int32 // entity code -> [from, to) into at and rung
	times  []int64
	rung   []int32
}

// newHistory reads a long stage history (entity_id, stage, entered_at).
// Lost stages (funnel.IsLostStage) are exits, not rungs, and are left
// out, as are rows without an entity, stage or time. The ladder orders
// the stages by their mean position in the entities' histories (the
// first entry of a stage in an entity's history, counted from 0 in time
// order), ties by name.
func newHistory(t *funnel.Table) (*history, error) {
	ent, stage, when := t.Role(funnel.RoleEntityID), t.Role(funnel.RoleStage), t.TimeRole(funnel.RoleEnteredAt)
	if ent == nil || stage == nil || when == nil || ent.Kind != funnel.KindText || stage.Kind != funnel.KindText {
		return nil, fmt.Errorf("content: %s is not a long stage history (entity_id, stage, entered_at)", t.Source)
	}
	var rows []int32
	lost := map[int32]bool{}
	for i := 0; i < t.Rows; i++ {
		if ent.Codes[i] == funnel.NA || stage.Codes[i] == funnel.NA || when.Times[i] == funnel.NoTime {
			continue
		}
		l, seen := lost[stage.Codes[i]]
		if !seen {
			l = funnel.IsLostStage(t.Dict.String(stage.Codes[i]))
			lost[stage.Codes[i]] = l
		}
		if !l {
			rows = append(rows, int32(i))
		}
	}
	sort.SliceStable(rows, func(a, b int) bool {
		x, y := rows[a], rows[b]
		if ent.Codes[x] != ent.Codes[y] {
			return ent.Codes[x] < ent.Codes[y]
		}
		return when.Times[x] < when.Times[y]
	})
	h := &history{span: map[int32][2]int32{}, times: make([]int64, len(rows)), rung: make([]int32, len(rows))}
	posSum, posN := map[int32]float64{}, map[int32]float64{}
	for from := 0; from < len(rows); {
		to := from
		e := ent.Codes[rows[from]]
		seen := map[int32]bool{}
		for ; to < len(rows) && ent.Codes[rows[to]] == e; to++ {
			s := stage.Codes[rows[to]]
			if !seen[s] {
				posSum[s] += float64(len(seen))
				posN[s]++
				seen[s] = true
			}
		}
		h.span[e] = [2]int32{int32(from), int32(to)}
		from = to
	}
	codes := make([]int32, 0, len(posN))
	for s := range posN {
		codes = append(codes, s)
	}
	sort.Slice(codes, func(a, b int) bool {
		ma, mb := posSum[codes[a]]/posN[codes[a]], posSum[codes[b]]/posN[codes[b]]
		if ma != mb {
			return ma < mb
		}
		return t.Dict.String(codes[a]) < t.Dict.String(codes[b])
	})
	rank := map[int32]int32{}
	for i, s := range codes {
		rank[s] = int32(i)
		h.ladder = append(h.ladder, t.Dict.String(s))
	}
	for i, r := range rows {
		h.times[i], h.rung[i] = when.Times[r], rank[stage.Codes[r]]
	}
	return h, nil
}

// stageAt returns the ladder index of the stage entity e was at, at time t:
// its last entry at or before t; -1 before its first entry or without one.
func (h *history) stageAt(e int32, t int64) int32 {
	sp, ok := h.span[e]
	if !ok || e == funnel.NA {
		return -1
	}
	from, to := int(sp[0]), int(sp[1])
	n := sort.Search(to-from, func(k int) bool { return h.times[from+k] > t })
	if n == 0 {
		return -1
	}
	return h.rung[from+n-1]
}

// advancedAfter reports whether entity e entered a stage after rung l of
// the ladder at a time after t.
func (h *history) advancedAfter(e int32, t int64, l int32) bool {
	sp := h.span[e]
	for k := sp[0]; k < sp[1]; k++ {
		if h.times[k] > t && h.rung[k] > l {
			return true
		}
	}
	return false
}
