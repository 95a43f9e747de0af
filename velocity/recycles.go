package velocity

import "github.com/funnel-analytics/funnel/funnel"

// LastRecycles returns each entity's latest recycle before opts.AsOf (an
// entry into a stage right after an entry into a higher one, the
// definition of doc.go: lost exits are looked through), by entity id, with
// the ladder it read the stages on and the warnings of reading them. Lead
// scoring uses it to hold back a lead that sales returned
// (scoring.ScoreOptions.Recycled). The stages come from opts.Stream or
// ds.Stages, with opts.Order, Wide and StageField as in Analyze.
func LastRecycles(ds *funnel.Dataset, opts Options) (map[string]int64, Ladder, []string, error) {
	s, err := loadEntries(ds, opts)
	if err != nil {
		return nil, Ladder{}, nil, err
	}
	n := s.ladder.Len()
	out := map[string]int64{}
	s.walk(func(evs []event) {
		prev := -1
		for _, e := range evs {
			j := int(e.stage)
			if j >= n { // a lost exit: recycles look through it
				continue
			}
			if prev >= 0 && j < prev {
				out[s.entityName(int(e.row))] = e.t
			}
			prev = j
		}
	})
	return out, s.ladder, s.warnings, nil
}
