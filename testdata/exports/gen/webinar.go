package main

import (
	"fmt"
	"time"
)

// The webinar attendee reports: one webinar (2024-05-14, 16:00 to 16:45
// UTC) in the layouts of Zoom, GoTo Webinar and ON24. Five registrants: ana
// 16:00:10-16:45; ben 16:01-16:20 and again 16:21-16:45 (a rejoin: two
// rows); cho 16:02-16:12:30; dev 16:04-16:13; eli registered, absent.
// In 5-minute slices from 16:00 (the first join, cut to the minute): 4
// join in the first; cho and dev leave in the third (16:10-16:15), the
// largest drop (2); ben leaves in the fourth and rejoins in the fifth;
// ana and ben leave at the close.
type webinarSession struct {
	email, first, last string
	join, leave        time.Time
}

var (
	webinarDay      = time.Date(2024, 5, 14, 16, 0, 0, 0, time.UTC)
	webinarRegister = time.Date(2024, 4, 29, 9, 30, 0, 0, time.UTC)
)

func wt(m, s int) time.Time {
	return webinarDay.Add(time.Duration(m)*time.Minute + time.Duration(s)*time.Second)
}

var webinarSessions = []webinarSession{
	{"ana.silva@northwind.example", "Ana", "Silva", wt(0, 10), wt(45, 0)},
	{"ben.okafor@contoso.example", "Ben", "Okafor", wt(1, 0), wt(20, 0)},
	{"ben.okafor@contoso.example", "Ben", "Okafor", wt(21, 0), wt(45, 0)},
	{"cho.park@fabrikam.example", "Cho", "Park", wt(2, 0), wt(12, 30)},
	{"dev.rao@tailspin.example", "Dev", "Rao", wt(4, 0), wt(13, 0)},
	{"eli.cohen@adatum.example", "Eli", "Cohen", time.Time{}, time.Time{}},
}

func sessionMinutes(s webinarSession) string {
	return fmt.Sprint(int(s.leave.Sub(s.join).Minutes() + 0.999))
}

// zoomWebinarAttendees: Zoom's webinar Attendee Report (Reports > Usage
// > Webinar > Attendee report, CSV): a title, the webinar summary
// (Topic, Webinar ID, Actual Start Time, Actual Duration (minutes), #
// Registered, ...), Host Details and Panelist Details sections, each
// with its own header, then Attendee Details: a row per join and leave,
// registrants who did not attend with Attended No and no times.
func zoomWebinarAttendees(c corpus) error {
	zt := func(t time.Time) string { return t.Format("01/02/2006 03:04:05 PM") }
	rows := [][]string{
		{"Attendee Report"},
		{"Report Generated:", "05/15/2024 09:12:03 AM"},
		{"Topic", "Webinar ID", "Actual Start Time", "Actual Duration (minutes)", "# Registered", "# Cancelled Registrations", "Unique Viewers", "Total Users", "Max Concurrent Views"},
		{"Forecasting that sales believes", "812 3456 7890", zt(webinarDay.Add(-3 * time.Minute)), "48", "5", "0", "4", "5", "4"},
		{},
		{"Host Details"},
		{"Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time", "Time in Session (minutes)", "Is Guest", "Country/Region Name"},
		{"Yes", "Webinar Host", "host@acme.example", zt(webinarDay.Add(-3 * time.Minute)), zt(wt(45, 30)), "49", "No", "United States"},
		{},
		{"Panelist Details"},
		{"Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time", "Time in Session (minutes)", "Is Guest", "Country/Region Name"},
		{"Yes", "Guest Speaker", "speaker@acme.example", zt(webinarDay.Add(-2 * time.Minute)), zt(wt(45, 10)), "48", "No", "Germany"},
		{},
		{"Attendee Details"},
		{"Attended", "User Name (Original Name)", "First Name", "Last Name", "Email", "City", "Country/Region", "Phone", "Organization",
			"Job Title", "Registration Time", "Approval Status", "Join Time", "Leave Time", "Time in Session (minutes)", "Is Guest", "Country/Region Name"},
	}
	for _, s := range webinarSessions {
		r := []string{"Yes", s.first + " " + s.last, s.first, s.last, s.email, "", "", "", "", "", zt(webinarRegister), "approved"}
		if s.join.IsZero() {
			r[0] = "No"
			r = append(r, "", "", "", "", "")
		} else {
			r = append(r, zt(s.join), zt(s.leave), sessionMinutes(s), "Yes", "United States")
		}
		rows = append(rows, r)
	}
	c["zoom/webinar-attendees/attendee_report.csv"] = table(rows, ",", "\r\n", false)
	return nil
}

// edt is the zone GoTo Webinar and ON24 write the webinar's times in
// (12:00 PM EDT is 16:00 UTC).
var edt = time.FixedZone("EDT", -4*3600)

// gotoWebinarAttendees: GoTo Webinar's Attendee Report (CSV), as a real
// one shows it (https://pastebin.com/LQACJ8xs, a 2012 report of 15
// attendees): "Attendee Report" and "GoToWebinar" on the first line, the
// time it was generated, General Information (Webinar Name, Webinar ID,
// Actual Start Date/Time, Actual Duration (minutes), Clicked
// Registration Link, Opened Invitation, Total Attended), each label row
// above its value row, then Session Details: one row per attendee with
// the first join, the last leave and the minutes in session with two
// decimals, times as "May 16, 2012 10:58 AM EDT" (no seconds, a zone
// abbreviation), an empty column after Attended, header cells ending in a
// space. A rejoin is not a row of its own: ben's two sessions are one row
// from his first join to his last leave, 43 minutes in session.
func gotoWebinarAttendees(c corpus) error {
	gt := func(t time.Time) string { return t.In(edt).Format("Jan 2, 2006 03:04 PM MST") }
	pad := func(r ...string) []string { return append(r, make([]string, 15-len(r))...) }
	rows := [][]string{
		pad("Attendee Report", "", "", "GoToWebinar"),
		pad("Generated"),
		pad(gt(time.Date(2024, 5, 15, 13, 12, 0, 0, time.UTC))),
		pad("General Information"),
		pad("Webinar Name", "", "Webinar ID"),
		pad("Forecasting that sales believes", "", "812345678"),
		pad("Actual Start Date/Time", "", "Actual Duration (minutes) "),
		pad(gt(webinarDay.Add(-3*time.Minute)), "", "48"),
		pad("Clicked Registration Link", "", "Opened Invitation"),
		pad("12", "", "9"),
		pad("Total Attended"),
		pad("4"),
		pad("Session Details"),
		{"Attended", "", "Interest Rating", "First Name", "Last Name", "Email", "Registration Date", "Join Time", "Leave Time",
			"In Session Duration* (minutes) ", "Country", "Industry", "Organization", "Unsubscribed", "Questions Asked by Attendee"},
	}
	type person struct {
		s       webinarSession
		minutes float64
		left    time.Time
	}
	var people []person
	for _, s := range webinarSessions {
		if n := len(people); n > 0 && people[n-1].s.email == s.email { // a rejoin: the same row, to the last leave
			people[n-1].left = s.leave
			people[n-1].minutes += s.leave.Sub(s.join).Minutes()
			continue
		}
		people = append(people, person{s: s, left: s.leave, minutes: s.leave.Sub(s.join).Minutes()})
	}
	interest := []string{"78", "64", "31", "25", ""}
	for i, p := range people {
		r := []string{"Yes", "", interest[i], p.s.first, p.s.last, p.s.email, gt(webinarRegister)}
		if p.s.join.IsZero() {
			r[0] = "No"
			r = append(r, "", "", "")
		} else {
			r = append(r, gt(p.s.join), gt(p.left), fmt.Sprintf("%.2f", p.minutes))
		}
		rows = append(rows, append(r, "US", "Software - Other", "", "No", ""))
	}
	c["gotowebinar/attendee-report/attendee_report.csv"] = table(rows, ",", "\r\n", false)
	return nil
}

// on24WebinarAttendees: ON24's attendees of an event, the fields of its
// analytics API's attendee object (GET /client/{clientId}/event/{eventId}
// /attendee, the response example of https://api.on24.com/v2/openapi.json,
// mirrored at https://raw.githubusercontent.com/api-evangelist/on24/refs/heads/main/examples/on24-analyticseventlevel-attendees-200.json)
// flattened to CSV with the event id: one row per person, no row per
// session. The live viewing is firstliveactivity to lastliveactivity
// (ISO 8601 with the zone offset, -04:00) and liveminutes; ben's rejoin
// shows only as liveminutes (43) shorter than his span (44). fay watched
// the recording only (liveviewed 0, no live activity, archiveminutes 30):
// registered, not attended live. Registrants who watched nothing are not
// attendees of this endpoint, so eli is not in the file.
func on24WebinarAttendees(c corpus) error {
	ot := func(t time.Time) string { return t.In(edt).Format("2006-01-02T15:04:05-07:00") }
	rows := [][]string{{"eventid", "email", "eventuserid", "exteventusercd", "userstatus", "isblocked", "engagementscore",
		"liveminutes", "liveviewed", "firstliveactivity", "lastliveactivity", "archiveminutes", "archiveviewed",
		"firstarchiveactivity", "lastarchiveactivity", "askedquestions", "resourcesdownloaded", "answeredpolls", "launchmode"}}
	type live struct {
		first, last time.Time
		minutes     float64
	}
	var order []string
	seen := map[string]*live{}
	for _, s := range webinarSessions {
		if s.join.IsZero() {
			continue // registered only: not an attendee
		}
		l, ok := seen[s.email]
		if !ok {
			l = &live{first: s.join}
			seen[s.email] = l
			order = append(order, s.email)
		}
		l.last = s.leave
		l.minutes += s.leave.Sub(s.join).Minutes()
	}
	score := []string{"8.5", "7.1", "3.2", "2.9"}
	for i, email := range order {
		l := seen[email]
		rows = append(rows, []string{"4477881", email, fmt.Sprint(49502150 + i), "", "active", "N", score[i],
			fmt.Sprint(int(l.minutes + 0.5)), "1", ot(l.first), ot(l.last), "0", "0", "", "", fmt.Sprint(i % 2), "1", "2", "At the Venue"})
	}
	archive := time.Date(2024, 5, 15, 13, 0, 0, 0, time.UTC)
	rows = append(rows, []string{"4477881", "fay.nguyen@litware.example", "49502160", "", "active", "N", "4.0",
		"0", "0", "", "", "30", "1", ot(archive), ot(archive.Add(30 * time.Minute)), "0", "2", "0", "At the Venue"})
	c["on24/event-attendees/attendees.csv"] = table(rows, ",", "\n", false)
	return nil
}
