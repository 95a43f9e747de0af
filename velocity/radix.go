package velocity

import (
	"slices"

	"github.com/funnel-analytics/funnel/internal/radix"
)

// sortSeconds sorts durations in place by radix.Sort (the one radix sort,
// shared with scoring), using tmp (grown as needed, returned for reuse).
// Short slices, and any holding a negative duration (whose bits would
// sort above the positive ones), fall back to slices.Sort.
func sortSeconds(x, tmp []int64) []int64 {
	if len(x) < 512 {
		slices.Sort(x)
		return tmp
	}
	for _, v := range x {
		if v < 0 {
			slices.Sort(x)
			return tmp
		}
	}
	tmp, _ = radix.Sort(x, nil, tmp, nil)
	return tmp
}
