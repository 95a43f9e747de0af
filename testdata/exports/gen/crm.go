package main

import (
	"fmt"
	"time"
)

// hsStage is the deal's HubSpot stage label.
func (d deal) hsStage() string {
	switch d.outcome {
	case "won":
		return "Closed Won"
	case "lost":
		return "Closed Lost"
	}
	return hsStages[d.level]
}

// hsTime is a HubSpot export date-time: 2024-01-08 09:30.
func hsTime(t time.Time) string { return t.Format("2006-01-02 15:04") }

// hubspotDeals: a HubSpot deals export (Export view, CSV): Record ID, the
// current Deal Stage, a Close Date that is the expected one for open deals,
// Is Closed Won, a multi-checkbox property (Product Interest:
// "API;Forecasting"), and one `Date entered "STAGE (Sales Pipeline)"`
// column per stage of the pipeline in the pipeline's order, where Closed
// Won comes before Closed Lost.
func hubspotDeals(c corpus) error {
	header := []string{"Record ID", "Deal Name", "Deal Stage", "Pipeline", "Amount", "Close Date", "Create Date",
		"Deal owner", "Associated Company", "Product Interest", "Is Closed Won"}
	stages := append(append([]string{}, hsStages...), "Closed Won", "Closed Lost")
	for _, s := range stages {
		header = append(header, fmt.Sprintf("Date entered %q", s+" (Sales Pipeline)"))
	}
	rows := [][]string{header}
	for _, d := range deals {
		created := at(d.created, 9, 30)
		row := []string{fmt.Sprintf("1782034%04d", d.id), d.name, d.hsStage(), "Sales Pipeline", plain(d.amount),
			hsTime(at(d.close, 17, 0)), hsTime(created), d.owner(), d.account, d.product, fmt.Sprint(d.outcome == "won")}
		entered := make([]string, len(stages))
		for k, t := range d.rungs() {
			entered[k] = hsTime(at(t, 9, 30))
		}
		switch d.outcome {
		case "won":
			entered[4] = hsTime(at(d.close, 17, 0))
		case "lost":
			entered[5] = hsTime(at(d.close, 17, 0))
		}
		rows = append(rows, append(row, entered...))
	}
	c["hubspot/deals/hubspot-crm-exports-all-deals-2024-06-17.csv"] = table(rows, ",", "\n", false)
	return nil
}

var hsStageIDs = []string{"appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "contractsent"}

// hubspotDealsAPI: deals read through the HubSpot CRM API (legacy v1
// property values) and flattened to CSV: internal property names,
// internal stage ids ("closedwon"), and date properties as milliseconds
// since the Unix epoch.
func hubspotDealsAPI(c corpus) error {
	rows := [][]string{{"dealId", "dealname", "dealstage", "pipeline", "amount", "closedate", "createdate",
		"hs_is_closed", "hs_is_closed_won", "hubspot_owner_id"}}
	for _, d := range deals {
		stage := "closedwon"
		switch d.outcome {
		case "lost":
			stage = "closedlost"
		case "open":
			stage = hsStageIDs[d.level]
		}
		ms := func(t time.Time) string { return fmt.Sprint(t.UnixMilli()) }
		rows = append(rows, []string{fmt.Sprintf("1782034%04d", d.id), d.name, stage, "default", plain(d.amount),
			ms(at(d.close, 17, 0)), ms(at(d.created, 9, 30).Add(time.Duration(d.id) * 1234 * time.Millisecond)),
			fmt.Sprint(d.outcome != "open"), fmt.Sprint(d.outcome == "won"), fmt.Sprint(4100200 + d.id%3)})
	}
	c["hubspot/deals-api/deals.csv"] = table(rows, ",", "\n", false)
	return nil
}

// hubspotContacts: a HubSpot contacts export with a multi-checkbox
// property (Product Interest), whose values HubSpot joins with ";".
func hubspotContacts(c corpus) error {
	type contact struct {
		first, last, company, stage, interest string
		created                               time.Time
	}
	cs := []contact{
		{"Maria", "Lopez", "Acme Corp", "Customer", "API;Forecasting", day(2024, 1, 3)},
		{"James", "Chen", "Globex", "Lead", "API", day(2024, 1, 8)},
		{"Priya", "Natarajan", "Initech", "Opportunity", "Forecasting;Reporting", day(2024, 1, 15)},
		{"Tom", "Becker", "Umbrella Corp", "Lead", "Reporting", day(2024, 1, 20)},
		{"Aiko", "Tanaka", "Stark Retail", "Marketing Qualified Lead", "API", day(2024, 2, 1)},
		{"Oskar", "Nilsson", "Wayne Enterprises", "Customer", "API;Forecasting;Reporting", day(2024, 2, 3)},
		{"Lena", "Fischer", "Hooli", "Subscriber", "", day(2024, 2, 14)},
		{"Marcus", "Reed", "Soylent", "Lead", "Forecasting", day(2024, 2, 19)},
		{"Sofia", "Rossi", "Vandelay Industries", "Sales Qualified Lead", "API;Reporting", day(2024, 2, 26)},
		{"Yusuf", "Demir", "Tyrell Corp", "Opportunity", "API;Forecasting", day(2024, 3, 4)},
	}
	rows := [][]string{{"Record ID", "First Name", "Last Name", "Email", "Company Name", "Lifecycle Stage", "Product Interest", "Create Date"}}
	for i, ct := range cs {
		email := fmt.Sprintf("%s.%s@%s.example", lower(ct.first), lower(ct.last), lower(firstWord(ct.company)))
		rows = append(rows, []string{fmt.Sprint(51 + i), ct.first, ct.last, email, ct.company, ct.stage, ct.interest,
			hsTime(at(ct.created, 10, 0))})
	}
	c["hubspot/contacts-multivalue/hubspot-crm-exports-all-contacts-2024-06-17.csv"] = table(rows, ",", "\n", false)
	return nil
}

// pipedriveDeals: a Pipedrive deals export (Export data, CSV): every
// header prefixed "Deal - ", the outcome in Deal - Status (Won, Lost,
// Open), Deal - Stage the stage the deal was in when it closed, an
// expected close date in the past for open deals, and Won time / Lost
// time / Deal closed on.
func pipedriveDeals(c corpus) error {
	rows := [][]string{{"Deal - ID", "Deal - Title", "Deal - Creator", "Deal - Owner", "Deal - Value", "Deal - Currency",
		"Deal - Weighted value", "Deal - Probability", "Deal - Organization", "Deal - Pipeline", "Deal - Stage",
		"Deal - Status", "Deal - Deal created", "Deal - Update time", "Deal - Last stage change",
		"Deal - Expected close date", "Deal - Deal closed on", "Deal - Won time", "Deal - Lost time", "Deal - Lost reason"}}
	ts := func(t time.Time) string { return t.Format("2006-01-02 15:04:05") }
	for _, d := range deals {
		r := d.rungs()
		status, closed, won, lost, reason := "Open", "", "", "", ""
		weighted := d.amount
		update := at(r[len(r)-1], 9, 30)
		switch d.outcome {
		case "won":
			status, closed, won = "Won", ts(at(d.close, 17, 0)), ts(at(d.close, 17, 0))
			update = at(d.close, 17, 0)
		case "lost":
			status, closed, lost = "Lost", ts(at(d.close, 17, 0)), ts(at(d.close, 17, 0))
			reason = []string{"Price", "Lost to competitor", "No budget"}[d.id%3]
			weighted = 0
			update = at(d.close, 17, 0)
		}
		rows = append(rows, []string{fmt.Sprint(d.id), d.name, "Raj Sales", d.owner(), plain(d.amount), "USD",
			plain(weighted), "", d.account, "Pipeline", pdStages[d.level], status, ts(at(d.created, 9, 30)), ts(update),
			ts(at(r[len(r)-1], 9, 30)), d.close.Format("2006-01-02"), closed, won, lost, reason})
	}
	c["pipedrive/deals/deals-1234567-42.csv"] = table(rows, ",", "\n", false)
	return nil
}

// dynamicsOpportunities: a Dynamics 365 "Export to Excel" of an
// opportunities view: three hidden columns first ((Do Not Modify)
// Opportunity, Row Checksum, Modified On) that let the file be imported
// back, then the view's columns (Topic, Potential Customer, Status, Status
// Reason, Est. Revenue, Est. Close Date, Actual Close Date, Created On); a
// hidden sheet "hiddenSheet" holds the export's metadata.
func dynamicsOpportunities(c corpus) error {
	const sheet = "All Opportunities"
	wb := newWorkbook(sheet)
	header := []string{"(Do Not Modify) Opportunity", "(Do Not Modify) Row Checksum", "(Do Not Modify) Modified On",
		"Topic", "Potential Customer", "Status", "Status Reason", "Est. Revenue", "Est. Close Date",
		"Actual Close Date", "Created On", "Owner"}
	for i, h := range header {
		wb.set(sheet, i+1, 1, h)
	}
	for k, d := range deals {
		status, reason := "Open", "In Progress"
		var actual any = ""
		switch d.outcome {
		case "won":
			status, reason, actual = "Won", "Won", date(d.close)
		case "lost":
			status, reason, actual = "Lost", []string{"Canceled", "Out-Sold"}[d.id%2], date(d.close)
		}
		modified := d.close
		if d.outcome == "open" {
			r := d.rungs()
			modified = r[len(r)-1]
		}
		vals := []any{
			fmt.Sprintf("%08x-5d1c-ee11-8f6e-%012x", 0x7a3f0000+d.id, 0x6045bd000000+d.id),
			fmt.Sprintf("k3N0Zm9yZGVhbCMxMjM0NTY3ODkwMTIzNDU2Nzg5MD%02d==", d.id),
			date(modified), d.name, d.account, status, reason, money(d.amount), date(d.close), actual,
			date(d.created), d.owner(),
		}
		for i, v := range vals {
			if v == "" {
				continue
			}
			wb.set(sheet, i+1, k+2, v)
		}
	}
	wb.check(wb.f.SetColVisible(sheet, "A:C", false))
	wb.addSheet("hiddenSheet")
	wb.set("hiddenSheet", 1, 1, "opportunity:iRyHYQ5N4ZBsEV0b+kN5Mw==:opportunityid=%28Do%20Not%20Modify%29%20Opportunity&checksumLogicalName=%28Do%20Not%20Modify%29%20Row%20Checksum&modifiedon=%28Do%20Not%20Modify%29%20Modified%20On&name=Topic&parentaccountid=Potential%20Customer&statecode=Status&statuscode=Status%20Reason&estimatedvalue=Est.%20Revenue&estimatedclosedate=Est.%20Close%20Date&actualclosedate=Actual%20Close%20Date&createdon=Created%20On&ownerid=Owner")
	wb.check(wb.f.SetSheetVisible("hiddenSheet", false))
	b, err := wb.bytes()
	if err != nil {
		return err
	}
	c["dynamics365/opportunities/All Opportunities 6-17-2024 9-14-02 AM.xlsx"] = b
	return nil
}

// zohoDeals: a Zoho CRM deals export (CSV): Record Id with its "zcrm_"
// prefix, the outcome only in the Stage name (Closed Won, Closed Lost,
// Closed-Lost to Competition), and a Closing Date that is the expected one
// for open deals.
func zohoDeals(c corpus) error {
	rows := [][]string{{"Record Id", "Deal Owner", "Deal Name", "Account Name", "Stage", "Amount", "Closing Date",
		"Created Time", "Probability (%)", "Lead Source", "Type"}}
	for _, d := range deals {
		stage, prob := zoStages[d.level], fmt.Sprint(sfProb[d.level])
		switch d.outcome {
		case "won":
			stage, prob = "Closed Won", "100"
		case "lost":
			stage, prob = []string{"Closed Lost", "Closed-Lost to Competition"}[d.id%2], "0"
		}
		rows = append(rows, []string{fmt.Sprintf("zcrm_5725767000000%06d", 310000+d.id), d.owner(), d.name, d.account,
			stage, fmt.Sprintf("%.2f", d.amount), d.close.Format("2006-01-02"),
			at(d.created, 9, 30).Format("2006-01-02 15:04:05"), prob, sfLeadSource(d), "New Business"})
	}
	c["zoho/deals/Deals_2024_06_17.csv"] = table(rows, ",", "\n", true)
	return nil
}

func lower(s string) string {
	b := []byte(s)
	for i, ch := range b {
		if 'A' <= ch && ch <= 'Z' {
			b[i] = ch + 'a' - 'A'
		}
	}
	return string(b)
}

func firstWord(s string) string {
	for i, r := range s {
		if r == ' ' {
			return s[:i]
		}
	}
	return s
}
