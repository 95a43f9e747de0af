package velocity

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
)

// FurthestLadder binds the stage names of a long stages table that stays
// in an engine (sum, summarized without a cut: every usable row is
// Before) to the ladder as Furthest does (order, else the lifecycle; the
// observed order needs the entries): it returns the ladder, the code of
// each of sum.Names (its ladder index, Len+i for lost stage i, -1 off the
// ladder) and the warnings Furthest gives. The engine then takes each
// entity's furthest stage as the largest code below the ladder's length
// among its rows with an entity, a stage coded 0 or more and a time (-1
// when it has lost stages only); Plan's codes are the same.
func FurthestLadder(sum Summary, order []string) (ladder []string, codes []int, warnings []string, err error) {
	s := &stageData{source: sum.Source, layout: Long, cut: math.MaxInt64, minT: funnel.NoTime, maxT: funnel.NoTime}
	s.warnUnusable(sum.NoEntity, sum.NoStage, sum.NoTime, sum.Entity, sum.Stage, sum.Time, "")
	if len(sum.Names) == 0 {
		return nil, nil, nil, fmt.Errorf("%w: %s: no row with an entity, a stage and a time", ErrNoStages, sum.Source)
	}
	idx, names := make([]int32, len(sum.Names)), make([]string, len(sum.Names))
	for i, n := range sum.Names {
		idx[i], names[i] = int32(i), n.Name
	}
	rows := func(i int) int { return sum.Names[i].Before + sum.Names[i].After }
	if err := s.bindLong(order, len(idx), idx, names, rows, sum.DateOnly); err != nil {
		return nil, nil, nil, err
	}
	codes = make([]int, len(idx))
	for i := range codes {
		codes[i] = int(s.stageOf[i])
	}
	return s.ladder.Stages, codes, s.warnings, nil
}
