package webinar

import (
	"slices"
	"strings"
)

// AgendaItem is one topic of a webinar's agenda, from its minute on.
// Webinar, when not "", names the webinar (ID or topic) it belongs to;
// an item without one belongs to every webinar.
type AgendaItem struct {
	Webinar string
	Minute  float64
	Topic   string
}

// Slice is one bin of a webinar's attendance curve (see the package doc).
type Slice struct {
	Webinar      string  `table:"webinar"`
	Slice        int     `table:"slice"`
	FromMinute   float64 `table:"from_minute"`
	ToMinute     float64 `table:"to_minute"`
	PresentStart int     `table:"present_start"`
	Joined       int     `table:"joined"`
	Left         int     `table:"left"`
	PresentEnd   int     `table:"present_end"`
	Drop         int     `table:"drop"`
	DropShare    float64 `table:"drop_share"`
	Topic        string  `table:"topic"`
	LargestDrop  bool    `table:"largest_drop"`
}

// curve returns the webinar's slices of bin seconds and the index of the
// largest drop among them (-1 when none qualifies).
func (ev *event) curve(bin int64, agenda []AgendaItem) ([]Slice, int) {
	n := int((ev.end - ev.start + bin - 1) / bin)
	n = max(n, 1)
	out := make([]Slice, n)
	// slot is the slice whose (t0, t1] holds t > start.
	slot := func(t int64) int { return min(int((t-ev.start+bin-1)/bin)-1, n-1) }
	present := 0
	for _, p := range ev.people {
		for _, iv := range p.intervals {
			if iv.join <= ev.start {
				present++
			} else {
				out[slot(iv.join)].Joined++
			}
			if iv.leave > ev.start {
				out[slot(iv.leave)].Left++
			}
		}
	}
	best := -1
	for i := range out {
		s := &out[i]
		t0, t1 := ev.start+int64(i)*bin, min(ev.start+int64(i+1)*bin, ev.end)
		s.Webinar, s.Slice = ev.name, i+1
		s.FromMinute, s.ToMinute = float64(t0-ev.start)/60, float64(t1-ev.start)/60
		s.PresentStart = present
		s.PresentEnd = present + s.Joined - s.Left
		present = s.PresentEnd
		s.Drop = s.Left - s.Joined
		if s.PresentStart > 0 {
			s.DropShare = float64(s.Drop) / float64(s.PresentStart)
		}
		s.Topic = topicsDuring(agenda, ev.name, s.FromMinute, s.ToMinute)
		if t1 <= ev.end-bin && s.Drop > 0 && (best < 0 || s.Drop > out[best].Drop) {
			best = i
		}
	}
	if best >= 0 {
		out[best].LargestDrop = true
	}
	return out, best
}

// topicsDuring returns the agenda topics on during [from, to) minutes:
// the one on at from and each that starts inside, joined by " / ", of
// the items of webinar (or of every webinar). agenda is sorted by minute.
func topicsDuring(agenda []AgendaItem, webinar string, from, to float64) string {
	var topics []string
	on := ""
	for _, a := range agenda {
		switch {
		case a.Webinar != "" && a.Webinar != webinar:
		case a.Minute <= from:
			on = a.Topic
		case a.Minute < to:
			topics = append(topics, a.Topic)
		}
	}
	if on != "" {
		topics = append([]string{on}, topics...)
	}
	return strings.Join(topics, " / ")
}

// SortAgenda sorts an agenda by minute (stable: a file's order breaks ties).
func SortAgenda(agenda []AgendaItem) {
	slices.SortStableFunc(agenda, func(a, b AgendaItem) int {
		switch {
		case a.Minute < b.Minute:
			return -1
		case a.Minute > b.Minute:
			return 1
		}
		return 0
	})
}
