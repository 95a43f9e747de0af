// Package webinar measures webinar attendance from attendee reports
// (Zoom, GoTo Webinar, ON24: the Attendees input), five minutes at a
// time, and lists whom to follow up.
//
// # Sessions
//
// A row of the report with a join time is a session of one person (by
// email, case-insensitively) in one webinar (the webinar column, an ID or
// topic; one webinar when the file has none). Its end is the leave time,
// else the join time plus the time in session. A row without a join time
// is a registration. The sessions of one person are merged into disjoint
// intervals: overlapping ones (next join before the leave of the one
// before; a data error, counted in a warning) and touching ones (a rejoin
// at the second of the leave) become one. Rows set aside, each kind
// counted in a warning naming its first line: no email; a leave before its
// join; a session outside the webinar (below).
//
// # The webinar's span
//
// start = Options.Start when given (one webinar), else the earliest join
// cut to the minute; end = start + Options.Length when given, else the
// latest leave. With Options.Start, sessions ending at or before start or
// beginning at or after end are outside the webinar and set aside; those
// crossing a bound are clipped to it (both counted in warnings). A span
// over MaxSpan (a date typo) is an error naming the row.
//
// # The curve
//
// Slice i covers (t0, t1] with t0 = start + i*bin, t1 = min(t0+bin, end).
// A person is present at t when join <= t < leave for one of their
// intervals. For each slice:
//
//	present_start = present at t0
//	joined        = intervals with t0 < join <= t1
//	left          = intervals with t0 < leave <= t1
//	present_end   = present at t1 = present_start + joined - left
//	drop          = left - joined = present_start - present_end
//	drop_share    = drop / present_start
//
// The largest drop is the slice with the greatest positive drop among
// those that end at least one bin before the end (t1 <= end - bin), so
// that the closing, when everybody leaves, is never it; ties go to the
// earlier slice. With an agenda (minute, topic), a slice's topic is the
// item on at t0 and every item starting inside the slice, joined by " / ".
//
// # Follow-up lists
//
// minutes = the length of a person's merged intervals (clipped to the
// span); share = minutes / (end - start).
//
//   - most_not_converted: share >= Options.Most and no conversion in
//     (start, end + Options.Within]: a demo request or converted touch of
//     the person's lead (activity containing "demo", or converted = true),
//     an opportunity created for the lead or its account, or a stage entry
//     of the lead. The person's lead is the leads row with their email;
//     meta conversion_checked says which inputs were checked.
//   - not_attended: registered (a row in the report) without a session.
//   - left_early: attended, share < Options.Most, and the last leave
//     before end - bin (gone before the closing slice).
//
// # Target accounts
//
// An attendee's account is their lead's account_id. target_share =
// target accounts / accounts with at least one attendee; below
// Options.MinTargetShare (the rule `funnel accounts` applies to events,
// accounts.DefaultMinTargetShare, 30%) the webinar is flagged.
package webinar
