package report

import (
	"github.com/funnel-analytics/funnel/webinar"
)

// SheetWebinars is the sheet of the month's webinars.
const SheetWebinars = "Webinars"

// webinars adds the Webinars sheet when there is an attendee report: the
// webinars that started in the month side by side, their attendance
// curves (with the chart) and follow-up lists, as `funnel webinar` gives
// them with Options.Webinar. Conversions are those in the data read,
// which may reach past the month's end (a webinar late in the month is
// followed for Within after it).
func (b *builder) webinars() error {
	if b.ds.Attendees == nil {
		b.skip("webinars", "no attendee report (attendees in the config's inputs, --attendees, or webinar_attendees.csv in the data folder)")
		return nil
	}
	res, err := webinar.Analyze(b.ds, b.opts.Webinar)
	if err != nil {
		return err // webinar's errors name the package
	}
	in := map[string]bool{}
	var rows []webinar.Summary
	for _, w := range res.Webinars {
		if b.m.Contains(w.StartTime) {
			in[w.Webinar] = true
			rows = append(rows, w)
		}
	}
	if len(rows) == 0 {
		b.skip("webinars", "no webinar of the attendee report started in "+b.m.String())
		return nil
	}
	res.Webinars = rows
	res.Curve = keep(res.Curve, func(s webinar.Slice) bool { return in[s.Webinar] })
	res.FollowUps = keep(res.FollowUps, func(f webinar.FollowUp) bool { return in[f.Webinar] })
	sub := res.Report()
	b.add(sub, "webinars", "webinars", SheetWebinars)
	b.add(sub, "curve", "webinar_curve", SheetWebinars)
	b.add(sub, "follow_up", "webinar_follow_up", SheetWebinars)
	b.rep.AddMeta("webinars", len(rows))
	b.warn("webinars", res.Warnings)
	return nil
}

// keep returns the elements of s for which ok holds.
func keep[T any](s []T, ok func(T) bool) []T {
	var out []T
	for _, v := range s {
		if ok(v) {
			out = append(out, v)
		}
	}
	return out
}
