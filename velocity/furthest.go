package velocity

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
)

// Furthest reads the stages table of ds as Analyze does (order and wide
// as Options.Order and Options.Wide, no as-of cut) and calls fn once per
// entity with the entity's id (a code of dict, the table's Dict) and the
// furthest ladder stage it entered: an index of ladder, -1 when it entered
// lost stages only (an exit is not a stage reached). It returns the ladder
// and the warnings of reading the table. A table without an entity_id
// column (a wide table whose rows are its entities) gives ErrNoEntity.
// Package market counts the accounts that reached each stage with it.
func Furthest(ds *funnel.Dataset, order []string, wide []WideColumn, fn func(dict *funnel.Dict, entity int32, furthest int)) (ladder, warnings []string, err error) {
	s, err := entityStages(ds, order, wide)
	if err != nil {
		return nil, nil, err
	}
	s.walk(func(evs []event) {
		top := -1
		for _, e := range evs {
			if int(e.stage) < s.ladder.Len() { // a lost stage is an exit, not a stage reached
				top = max(top, int(e.stage))
			}
		}
		fn(s.dict, s.entity.Codes[evs[0].row], top)
	})
	return s.ladder.Stages, s.warnings, nil
}

// entityStages reads ds's stages for a walk per entity (Furthest,
// Reached): every row, whatever its time; a table without an entity_id
// column gives ErrNoEntity.
func entityStages(ds *funnel.Dataset, order []string, wide []WideColumn) (*stageData, error) {
	var t *funnel.Table
	if ds != nil {
		t = ds.Stages
	}
	s, err := loadStages(t, ds, order, wide, "", math.MaxInt64)
	if err != nil {
		return nil, err
	}
	if s.entity == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoEntity, s.source)
	}
	return s, nil
}
