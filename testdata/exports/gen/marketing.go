package main

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"
)

// marketoActivities: a Marketo bulk activity extract (CSV): API field
// names, primaryAttributeValue naming the asset or program (the campaign),
// attributes as a JSON object in one quoted field, and the literal string
// null for a missing value.
func marketoActivities(c corpus) error {
	type act struct {
		lead            int
		t               time.Time
		typeID          int
		campaignID      string
		primaryID, name string
		attributes      string
	}
	ts := func(y int, m time.Month, d, h, mi, s int) time.Time { return time.Date(y, m, d, h, mi, s, 0, time.UTC) }
	acts := []act{
		{1001, ts(2024, 1, 4, 9, 12, 44), 1, "null", "412", "acme.example/pricing", `{"Client IP Address":"203.0.113.7","Query Parameters":"utm_source=google&utm_medium=cpc","Referrer URL":"https://www.google.com/","User Agent":"Mozilla/5.0","Webpage URL":"/pricing"}`},
		{1001, ts(2024, 1, 4, 9, 15, 2), 2, "null", "1027", "Demo Request Form", `{"Client IP Address":"203.0.113.7","Form Fields":"{}","Webpage ID":"412"}`},
		{1001, ts(2024, 1, 9, 14, 0, 0), 6, "5521", "3304", "Q1 Webinar - Invite", `{"Campaign Run ID":"88","Choice Number":"0","Step ID":"112"}`},
		{1002, ts(2024, 1, 9, 14, 0, 0), 6, "5521", "3304", "Q1 Webinar - Invite", `{"Campaign Run ID":"88","Choice Number":"0","Step ID":"112"}`},
		{1002, ts(2024, 1, 9, 16, 31, 9), 11, "5521", "3304", "Q1 Webinar - Invite", `{"Campaign Run ID":"88","Link":"https://acme.example/webinar","Device":"Desktop"}`},
		{1002, ts(2024, 1, 10, 8, 2, 51), 2, "null", "1031", "Webinar Registration", `{"Client IP Address":"198.51.100.23","Form Fields":"{}","Webpage ID":"430"}`},
		{1003, ts(2024, 1, 16, 11, 20, 0), 1, "null", "401", "acme.example/blog/forecasting", "null"},
		{1003, ts(2024, 1, 18, 17, 0, 0), 104, "5530", "2250", "Q1 Webinar - Forecasting 101", `{"New Status ID":"3","Old Status ID":"2","Reason":"Attended","Success":"true"}`},
		{1004, ts(2024, 1, 21, 7, 45, 13), 10, "5521", "3304", "Q1 Webinar - Invite", `{"Campaign Run ID":"88","Device":"iPhone"}`},
		{1004, ts(2024, 2, 2, 10, 5, 0), 1, "null", "412", "acme.example/pricing", `{"Client IP Address":"192.0.2.44","Query Parameters":"null","Referrer URL":"null","User Agent":"Mozilla/5.0","Webpage URL":"/pricing"}`},
		{1005, ts(2024, 2, 12, 13, 30, 0), 2, "null", "1027", "Demo Request Form", `{"Client IP Address":"192.0.2.90","Form Fields":"{}","Webpage ID":"412"}`},
		{1005, ts(2024, 2, 20, 9, 0, 0), 104, "5544", "2261", "SaaStr Annual 2024", `{"New Status ID":"2","Old Status ID":"1","Reason":"Registered","Success":"true"}`},
	}
	rows := [][]string{{"marketoGUID", "leadId", "activityDate", "activityTypeId", "campaignId", "primaryAttributeValueId",
		"primaryAttributeValue", "attributes"}}
	for i, a := range acts {
		rows = append(rows, []string{fmt.Sprint(73100 + i), fmt.Sprint(a.lead), a.t.Format("2006-01-02T15:04:05Z"),
			fmt.Sprint(a.typeID), a.campaignID, a.primaryID, a.name, a.attributes})
	}
	c["marketo/activities/activities.csv"] = table(rows, ",", "\n", false)
	return nil
}

// ga4UIExport: a report downloaded from the GA4 interface as CSV
// (Traffic acquisition): '#' comment lines first (report name, account,
// property, segment, start and end date as YYYYMMDD), then the table.
func ga4UIExport(c corpus) error {
	var b strings.Builder
	for _, l := range []string{
		"# ----------------------------------------",
		"# Traffic acquisition: Session primary channel group (Default Channel Group)",
		"# Account: Acme Analytics",
		"# Property: acme.example - GA4",
		"# ----------------------------------------",
		"#",
		"# All Users",
		"# Start date: 20240101",
		"# End date: 20240131",
	} {
		b.WriteString(l + "\n")
	}
	rows := [][]string{
		{"Session primary channel group (Default Channel Group)", "Sessions", "Engaged sessions", "Engagement rate",
			"Average engagement time per session", "Events per session", "Key events", "Total revenue"},
		{"Organic Search", "4210", "2890", "0.686460807600950", "52.31", "6.10", "41", "0"},
		{"Direct", "2975", "1702", "0.572100840336134", "38.02", "4.87", "22", "0"},
		{"Paid Search", "1840", "1104", "0.600000000000000", "44.90", "5.32", "37", "0"},
		{"Referral", "612", "401", "0.655228758169935", "61.77", "6.44", "9", "0"},
		{"Organic Social", "544", "213", "0.391544117647059", "19.40", "3.21", "3", "0"},
		{"Email", "401", "298", "0.743142144638404", "70.12", "7.02", "14", "0"},
		{"Paid Social", "388", "140", "0.360824742268041", "15.88", "2.95", "6", "0"},
	}
	b.Write(table(rows, ",", "\n", false))
	c["ga4/ui-export/Traffic_acquisition_Session_primary_channel_group.csv"] = []byte(b.String())
	return nil
}

// ga4BigQuery: GA4 BigQuery export rows (events_YYYYMMDD) flattened to
// CSV: event_date as YYYYMMDD, event_timestamp in microseconds since the
// Unix epoch (UTC), user_pseudo_id, and the user's first traffic source as
// traffic_source.name / .medium / .source; "(direct)" and "(none)" are
// GA4's own values.
func ga4BigQuery(c corpus) error {
	type ev struct {
		t                  time.Time
		name, user         string
		campaign, med, src string
	}
	t := func(d, h, m, s, us int) time.Time { return time.Date(2024, 2, d, h, m, s, us*1000, time.UTC) }
	evs := []ev{
		{t(2, 9, 15, 30, 123456), "session_start", "1234567890.1706865330", "spring_launch", "cpc", "google"},
		{t(2, 9, 15, 30, 123789), "page_view", "1234567890.1706865330", "spring_launch", "cpc", "google"},
		{t(2, 9, 17, 2, 5001), "generate_lead", "1234567890.1706865330", "spring_launch", "cpc", "google"},
		{t(2, 13, 40, 11, 900000), "session_start", "987654321.1706881211", "(direct)", "(none)", "(direct)"},
		{t(2, 13, 40, 11, 900321), "page_view", "987654321.1706881211", "(direct)", "(none)", "(direct)"},
		{t(3, 8, 5, 0, 42), "session_start", "555000111.1706947500", "q1_abm", "paid_social", "linkedin"},
		{t(3, 8, 5, 1, 77), "page_view", "555000111.1706947500", "q1_abm", "paid_social", "linkedin"},
		{t(3, 8, 9, 45, 310000), "form_submit", "555000111.1706947500", "q1_abm", "paid_social", "linkedin"},
		{t(4, 19, 22, 3, 0), "session_start", "1234567890.1706865330", "spring_launch", "cpc", "google"},
		{t(4, 19, 25, 48, 654321), "purchase", "1234567890.1706865330", "spring_launch", "cpc", "google"},
		{t(5, 11, 0, 0, 1), "session_start", "222333444.1707130800", "newsletter_feb", "email", "newsletter"},
		{t(5, 11, 0, 5, 2), "page_view", "222333444.1707130800", "newsletter_feb", "email", "newsletter"},
	}
	rows := [][]string{{"event_date", "event_timestamp", "event_name", "user_pseudo_id", "traffic_source.name",
		"traffic_source.medium", "traffic_source.source", "device.category", "geo.country"}}
	for i, e := range evs {
		rows = append(rows, []string{e.t.Format("20060102"), fmt.Sprint(e.t.UnixMicro()), e.name, e.user, e.campaign,
			e.med, e.src, []string{"desktop", "mobile"}[i%2], "United States"})
	}
	c["ga4/bigquery-events/events_20240202.csv"] = table(rows, ",", "\n", false)
	return nil
}

// googleAdsCampaigns: the five campaigns of the Google Ads report: name,
// type, budget, impressions, clicks, cost. Cost total 5,148.00 (Search
// 4,037.01, Display 789.01, Video 321.98).
var googleAdsCampaigns = []struct {
	name, typ    string
	budget       float64
	impr, clicks int
	cost         float64
	conversions  float64
}{
	{"Brand - Search", "Search", 50, 10234, 1432, 1234.56, 61},
	{"Generic - Search", "Search", 120, 48210, 1820, 2345.67, 38.5},
	{"Competitor - Search", "Search", 30, 9021, 311, 456.78, 4},
	{"Display - Remarketing", "Display", 40, 310455, 1102, 789.01, 7},
	{"YouTube - Awareness", "Video", 25, 88020, 240, 321.98, 0},
}

// googleAdsCampaignReport: a Google Ads campaign report downloaded as
// "Excel .csv": UTF-16 LE with a byte-order mark, tab-separated, CRLF; a
// title line ("Campaign report"), the date range, then the header, the
// campaigns, and total rows ("Total: Campaigns", one per campaign type,
// "Total: Account") whose text cells hold "--".
func googleAdsCampaignReport(c corpus) error {
	rows := [][]string{
		{"Campaign report"},
		{"February 1, 2024 - February 29, 2024"},
		{"Campaign status", "Campaign", "Budget", "Budget type", "Campaign type", "Currency code", "Impr.", "Clicks",
			"CTR", "Avg. CPC", "Cost", "Conversions"},
	}
	type sum struct {
		impr, clicks int
		cost, conv   float64
	}
	byType := map[string]*sum{}
	var all sum
	for _, g := range googleAdsCampaigns {
		rows = append(rows, []string{"Enabled", g.name, grouped(g.budget), "Daily", g.typ, "USD",
			commas(g.impr), commas(g.clicks), pct(g.clicks, g.impr), grouped(g.cost / float64(g.clicks)),
			grouped(g.cost), plain(g.conversions)})
		s := byType[g.typ]
		if s == nil {
			s = &sum{}
			byType[g.typ] = s
		}
		for _, t := range []*sum{s, &all} {
			t.impr += g.impr
			t.clicks += g.clicks
			t.cost += g.cost
			t.conv += g.conversions
		}
	}
	total := func(label string, s sum) []string {
		return []string{label, "--", "--", "--", "--", "USD", commas(s.impr), commas(s.clicks), pct(s.clicks, s.impr),
			grouped(s.cost / float64(s.clicks)), grouped(s.cost), plain(s.conv)}
	}
	rows = append(rows, total("Total: Campaigns", all))
	for _, typ := range []string{"Search", "Display", "Video"} {
		rows = append(rows, total("Total: "+typ, *byType[typ]))
	}
	rows = append(rows, total("Total: Account", all))
	text := table(rows, "\t", "\r\n", false)
	c["googleads/campaign-report/Campaign report.csv"] = utf16LE(text)
	c["googleads/campaign-report/paths.csv"] = pathsFor([]string{"Brand - Search", "Generic - Search",
		"Competitor - Search", "Display - Remarketing", "YouTube - Awareness"})
	return nil
}

// commas writes n with thousands commas.
func commas(n int) string { return strings.TrimSuffix(grouped(float64(n)), ".00") }

// pct writes a/b as Google Ads writes CTR: "13.99%".
func pct(a, b int) string { return fmt.Sprintf("%.2f%%", 100*float64(a)/float64(b)) }

// utf16LE encodes UTF-8 text as UTF-16 little endian with a byte-order mark.
func utf16LE(text []byte) []byte {
	u := utf16.Encode([]rune(string(text)))
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, x := range u {
		b.WriteByte(byte(x))
		b.WriteByte(byte(x >> 8))
	}
	return b.Bytes()
}

// pathsFor is a small aggregated-paths file (the ChannelAttribution layout)
// over the given channel or campaign names, so that attribute --costs has
// journeys to set the costs against: one converting path per name (1
// conversion worth 1000) and one null path each.
func pathsFor(names []string) []byte {
	rows := [][]string{{"path", "total_conversions", "total_conversion_value", "total_null"}}
	for _, n := range names {
		rows = append(rows, []string{n, "1", "1000", "1"})
	}
	return table(rows, ",", "\n", false)
}

// linkedinCampaignPerformance: a LinkedIn Campaign Manager campaign
// performance export (CSV): a preamble ("Campaign Performance Report (in
// UTC)", "Report Start: ...", "Report End: ...", "Date Generated: ..."),
// then one row per campaign and month, cost in Total Spent. Total 5,146.50
// over 4 rows.
func linkedinCampaignPerformance(c corpus) error {
	rows := [][]string{
		{"Campaign Performance Report (in UTC)"},
		{"Report Start: 1/1/2024, 12:00 AM"},
		{"Report End: 2/29/2024, 11:59 PM"},
		{"Date Generated: 3/1/2024, 9:14 AM"},
		{"Start Date (in UTC)", "Account Name", "Currency", "Campaign Group ID", "Campaign Group Name", "Campaign ID",
			"Campaign Name", "Campaign Type", "Campaign Status", "Total Spent", "Impressions", "Clicks",
			"Click Through Rate", "Average CPM", "Average CPC", "Conversions"},
	}
	type r struct {
		start, id, name string
		spent           float64
		impr, clicks    int
		conv            int
	}
	for _, x := range []r{
		{"1/1/2024", "287331004", "ABM - Enterprise Q1", 1500.25, 61021, 402, 6},
		{"1/1/2024", "287331077", "Retargeting - Demo", 980.50, 30488, 211, 3},
		{"2/1/2024", "287331004", "ABM - Enterprise Q1", 1620.75, 64510, 455, 8},
		{"2/1/2024", "287331077", "Retargeting - Demo", 1045.00, 32950, 240, 4},
	} {
		rows = append(rows, []string{x.start, "Acme Analytics", "USD", "614522011", "FY24 Pipeline", x.id, x.name,
			"Sponsored Content", "Active", fmt.Sprintf("%.2f", x.spent), fmt.Sprint(x.impr), fmt.Sprint(x.clicks),
			fmt.Sprintf("%.4f", float64(x.clicks)/float64(x.impr)), fmt.Sprintf("%.2f", 1000*x.spent/float64(x.impr)),
			fmt.Sprintf("%.2f", x.spent/float64(x.clicks)), fmt.Sprint(x.conv)})
	}
	c["linkedin/campaign-performance/campaign_performance_report.csv"] = table(rows, ",", "\n", false)
	c["linkedin/campaign-performance/paths.csv"] = pathsFor([]string{"ABM - Enterprise Q1", "Retargeting - Demo"})
	return nil
}

// excelSpendWorkbook: a hand-made spend workbook: a title and a "Prepared
// by" line, a blank row, the table from B4 (Month as date cells, Channel,
// Campaign, Spend as currency), and a Total row whose Spend is
// =SUM(E5:E10) with its cached value 27,625.75; a note under it.
func excelSpendWorkbook(c corpus) error {
	const sheet = "Spend"
	wb := newWorkbook(sheet)
	wb.set(sheet, 1, 1, "Marketing spend FY2024")
	wb.set(sheet, 1, 2, "Prepared by Jane Doe, Marketing Ops, 4/5/2024")
	for i, h := range []string{"Month", "Channel", "Campaign", "Spend"} {
		wb.set(sheet, 2+i, 4, h)
	}
	spend := []struct {
		month           time.Time
		channel, campgn string
		cost            float64
	}{
		{day(2024, 1, 1), "paid_search", "Brand", 4200},
		{day(2024, 1, 1), "paid_social", "ABM", 3100},
		{day(2024, 2, 1), "paid_search", "Brand", 3950.50},
		{day(2024, 2, 1), "events", "Summit", 12000},
		{day(2024, 3, 1), "paid_social", "ABM", 2875.25},
		{day(2024, 3, 1), "content", "Ebook", 1500},
	}
	total := 0.0
	for k, s := range spend {
		r := 5 + k
		wb.set(sheet, 2, r, date(s.month))
		wb.set(sheet, 3, r, s.channel)
		wb.set(sheet, 4, r, s.campgn)
		wb.set(sheet, 5, r, money(s.cost))
		total += s.cost
	}
	wb.set(sheet, 2, 11, "Total")
	wb.set(sheet, 5, 11, formula{"SUM(E5:E10)", total})
	wb.set(sheet, 1, 13, "Figures in USD, excluding VAT. Q2 numbers follow in April.")
	b, err := wb.bytes()
	if err != nil {
		return err
	}
	c["excel/spend-workbook/Marketing spend FY2024.xlsx"] = b
	c["excel/spend-workbook/paths.csv"] = pathsFor([]string{"paid_search", "paid_social", "events", "content"})
	return nil
}
