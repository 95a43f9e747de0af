package scoring

// leadCounts holds one activity type's touch count for each lead. Whole
// counts take a byte a lead (most leads touch a type a few times; 500k
// leads and 7 types are 3.5 MB instead of 28), the few counts of 255 or
// more a map entry; decayed counts, which are fractions, a float64 each.
type leadCounts struct {
	small   []uint8           // whole counts; 255: the count is in more
	more    map[int32]float64 // leads whose whole count reached 255
	decayed []float64         // decayed counts (small and more are nil)
}

func newLeadCounts(leads int, decayed bool) *leadCounts {
	if decayed {
		return &leadCounts{decayed: make([]float64, leads)}
	}
	return &leadCounts{small: make([]uint8, leads), more: map[int32]float64{}}
}

// add counts one touch of lead, weighing w (1 for whole counts).
func (c *leadCounts) add(lead int, w float64) {
	if c.decayed != nil {
		c.decayed[lead] += w
		return
	}
	switch v := c.small[lead]; v {
	case 255:
		c.more[int32(lead)]++
	case 254:
		c.small[lead], c.more[int32(lead)] = 255, 255
	default:
		c.small[lead] = v + 1
	}
}

// at returns the count of lead.
func (c *leadCounts) at(lead int) float64 {
	if c.decayed != nil {
		return c.decayed[lead]
	}
	if v := c.small[lead]; v < 255 {
		return float64(v)
	}
	return c.more[int32(lead)]
}
