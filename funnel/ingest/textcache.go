package ingest

import (
	"github.com/funnel-analytics/funnel/funnel"
)

// textCache sits in front of the shared Dict for one text column. The
// Dict of a large dataset holds every lead id, so a lookup in it misses
// the processor's caches; a column of few distinct values (activity type,
// channel, campaign) finds its codes in a map small enough to stay in
// them. A column whose values do not repeat soon enough (an id) turns the
// cache off after a window of lookups and goes to the Dict directly,
// first trying the code after the last one: ids in an export sorted like
// an earlier one (touches by lead, in the order of the leads) come in the
// order of their codes.
type textCache struct {
	codes   map[string]int32 // keys are the Dict's own strings
	lookups int              // in the current window
	hits    int
	off     bool
	next    int32 // off: the code after the last one
}

// Sizes of textCache: at most textCacheMax values are remembered; every
// textCacheWindow lookups, the cache turns off unless at least half of
// them were hits.
const (
	textCacheMax    = 512
	textCacheWindow = 4096
)

// code returns the code of s in d, adding a copy of s when it is new (s
// may be a view of the reader's buffer).
func (c *textCache) code(d *funnel.Dict, s string) int32 {
	if c.off {
		code := c.next
		if int(code) >= d.Len() || d.String(code) != s {
			code = d.Code(s)
		}
		c.next = code + 1
		return code
	}
	c.lookups++
	code, ok := c.codes[s]
	if ok {
		c.hits++
	} else {
		code = d.Code(s)
		if c.codes == nil {
			c.codes = make(map[string]int32)
		}
		if len(c.codes) < textCacheMax {
			c.codes[d.String(code)] = code
		}
	}
	if c.lookups == textCacheWindow {
		if c.hits < textCacheWindow/2 {
			c.off, c.codes = true, nil
		}
		c.lookups, c.hits = 0, 0
	}
	return code
}
