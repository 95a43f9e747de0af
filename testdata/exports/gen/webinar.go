package main

import (
	"fmt"
	"time"
)

// The webinar attendee reports: one webinar (2024-05-14, 16:00 to 16:45)
// in Zoom's layout (GoTo Webinar and ON24 to follow). Five registrants: ana
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
