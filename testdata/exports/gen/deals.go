package main

import "time"

// deal is one of the 16 opportunities that every opportunity layout of the
// corpus holds: 5 won, 7 lost and 4 open. Every open deal's expected close
// date lies before the latest date of the file (2024-06-14, the close of
// deal 14), so that a reader that takes a past close date for a loss
// counts 0 open / 5 won / 11 lost instead of 4 / 5 / 7.
type deal struct {
	id      int
	account string
	name    string
	amount  float64
	created time.Time // creation (the first rung is entered then)
	close   time.Time // actual close, or the expected close of an open deal
	outcome string    // "won", "lost" or "open"
	level   int       // highest open rung reached, 0..3 (won deals reach 3)
	product string    // a HubSpot multi-checkbox value: "API;Forecasting"
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// deals: won 1, 3, 6, 10, 14; lost 2, 4, 7, 8, 11, 13, 15; open 5, 9, 12,
// 16. Won amounts 48000 + 125500.50 + 72000 + 27000 + 18500 = 291000.50
// (mean 58200.10); won cycles 67, 106, 105, 88, 74 days (mean 88), counted
// by hand on a 2024 calendar (February has 29 days).
var deals = []deal{
	{1, "Acme Corp", "Acme Corp - Platform", 48000, day(2024, 1, 8), day(2024, 3, 15), "won", 3, "API;Forecasting"},
	{2, "Globex", "Globex - Pilot", 9900, day(2024, 1, 10), day(2024, 2, 20), "lost", 1, "API"},
	{3, "Initech", "Initech - Expansion", 125500.50, day(2024, 1, 15), day(2024, 4, 30), "won", 3, "Forecasting;Reporting"},
	{4, "Umbrella Corp", "Umbrella Corp - Renewal", 36000, day(2024, 1, 22), day(2024, 3, 5), "lost", 2, "Reporting"},
	{5, "Stark Retail", "Stark Retail - Pilot", 12000, day(2024, 2, 1), day(2024, 3, 31), "open", 1, "API"},
	{6, "Wayne Enterprises", "Wayne Enterprises - Platform", 72000, day(2024, 2, 5), day(2024, 5, 20), "won", 3, "API;Forecasting;Reporting"},
	{7, "Hooli", "Hooli - Analytics", 15500, day(2024, 2, 12), day(2024, 4, 10), "lost", 3, "Reporting"},
	{8, "Soylent", "Soylent - Add-on", 8000, day(2024, 2, 19), day(2024, 3, 1), "lost", 0, "Forecasting"},
	{9, "Vandelay Industries", "Vandelay Industries - Platform", 54000, day(2024, 2, 26), day(2024, 4, 30), "open", 2, "API;Reporting"},
	{10, "Tyrell Corp", "Tyrell Corp - Forecasting", 27000, day(2024, 3, 4), day(2024, 5, 31), "won", 3, "Forecasting"},
	{11, "Cyberdyne", "Cyberdyne - Pilot", 11000, day(2024, 3, 11), day(2024, 4, 22), "lost", 1, "API"},
	{12, "Massive Dynamic", "Massive Dynamic - Expansion", 64000, day(2024, 3, 18), day(2024, 5, 15), "open", 3, "API;Forecasting"},
	{13, "Oscorp", "Oscorp - Platform", 43000, day(2024, 3, 25), day(2024, 5, 6), "lost", 2, "Forecasting;Reporting"},
	{14, "Wonka Industries", "Wonka Industries - API", 18500, day(2024, 4, 1), day(2024, 6, 14), "won", 3, "API"},
	{15, "Aperture Science", "Aperture Science - Forecasting", 22000, day(2024, 4, 8), day(2024, 6, 3), "lost", 0, "Forecasting"},
	{16, "Nakatomi Trading", "Nakatomi Trading - Platform", 39000, day(2024, 4, 15), day(2024, 6, 10), "open", 1, "API;Reporting"},
}

// rungs returns when d entered each open rung 0..d.level: at creation,
// then evenly spaced (whole days) before its close; an open deal moves on
// every 9 days.
func (d deal) rungs() []time.Time {
	gap := 9
	if d.outcome != "open" {
		gap = int(d.close.Sub(d.created).Hours()/24) / (d.level + 1)
	}
	out := make([]time.Time, d.level+1)
	for k := range out {
		out[k] = d.created.AddDate(0, 0, k*gap)
	}
	return out
}

// owner is the deal's owner (sales rep), alternating.
func (d deal) owner() string {
	return []string{"Raj Sales", "Dana Closer", "Lee Hunter"}[d.id%3]
}

// Stage names per vendor: the four open rungs, then won and lost.
var (
	sfStages = []string{"Prospecting", "Qualification", "Proposal/Price Quote", "Negotiation/Review"}
	sfProb   = []int{10, 20, 75, 90}
	hsStages = []string{"Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Contract Sent"}
	pdStages = []string{"Qualified", "Contact Made", "Demo Scheduled", "Proposal Made"}
	zoStages = []string{"Qualification", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review"}
)

// sfStage is the deal's current Salesforce stage name.
func (d deal) sfStage() string {
	switch d.outcome {
	case "won":
		return "Closed Won"
	case "lost":
		return "Closed Lost"
	}
	return sfStages[d.level]
}

func (d deal) sfProbability() int {
	switch d.outcome {
	case "won":
		return 100
	case "lost":
		return 0
	}
	return sfProb[d.level]
}
