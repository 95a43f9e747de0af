package ingest

import (
	"strings"
	"unicode"

	"github.com/funnel-analytics/funnel/funnel"
)

// aliases lists, per input and role, the headers that real exports write,
// best first: Salesforce reports and Data Loader (API names such as
// CreatedDate, IsWon, NumberOfEmployees), HubSpot exports and property
// names (Record ID, Create Date, createdate, Associated Company ID),
// Marketo lead, activity and bulk-extract files (Id, Lead Id, leadId,
// activityDate, Primary Attribute Value), and hand-made spreadsheets
// (Date, Event, utm_source, Spend). They are compared after
// normalizeHeader, so "Created Date", "created_date" and "CreatedDate" are
// one alias. The canonical role name itself always matches first.
//
// An alias is specific to an input: "Id" is the lead in a leads file and
// the opportunity in an opportunities file, but not the lead in a Marketo
// activity file (where it is the activity's own id, and "Lead Id" is the
// lead).
//
// Vendor layouts beyond those: Pipedrive deals ("Deal - ID" and
// "Deal - Value" fold to "Deal ID" and "Deal Value"; "Deal - Deal closed
// on" is the close of won and lost deals alike, so "Deal - Won time" and
// "Deal - Lost time", each set for one outcome only, are not aliases);
// Dynamics 365 "Export to Excel" ("(Do Not Modify) Opportunity" is the
// GUID, while its "(Do Not Modify) Row Checksum" and "Modified On" bind
// nothing; "Est. Close Date" is an expected date and binds nothing; "Est.
// Revenue" is the amount of open and closed deals alike, so it comes
// before "Actual Revenue", which open deals lack); LinkedIn Campaign
// Manager and Google Ads reports (costs: "Total Spent", "Start Date (in
// UTC)", "Campaign type" as the channel); GA4's flattened BigQuery export
// (user_pseudo_id, which every event has, before user_id, which only
// signed-in users have; event_timestamp before event_date;
// traffic_source.medium before traffic_source.source, as GA's own channel
// groups go by the medium, and sources split a channel into referrers.
// traffic_source is the user's first acquisition, the same on each of a
// user's events).
var aliases = map[funnel.TableKind]map[string][]string{
	funnel.Leads: {
		funnel.RoleLeadID: {"Lead ID", "Contact ID", "Record ID", "Id", "Person ID", "Prospect ID",
			"Lead Number", "hs_object_id", "vid", "Marketo ID", "Customer ID", "User ID"},
		funnel.RoleAccountID: {"Account ID", "Company ID", "Associated Company ID", "Associated Company IDs",
			"Associated Company IDs (Primary)", "associatedcompanyid", "Converted Account ID", "Organization ID"},
		funnel.RoleCreatedAt: {"Created Date", "Create Date", "Created At", "createdate", "Created", "Creation Date",
			"Date Created", "Created Time", "Lead Created Date", "Contact Created Date", "Date", "Timestamp"},
		funnel.RoleEmail:       {"Email", "Email Address", "E-mail", "E-mail Address", "Work Email"},
		funnel.RoleAccountName: {"Company", "Company Name", "Account Name", "Company / Account", "Associated Company", "Organization", "Organization Name"},
		funnel.RoleIndustry:    {"Industry", "Company Industry", "Account Industry", "Sector"},
		funnel.RoleRegion: {"Region", "Country", "Country/Region", "Billing Country", "Billing Country/Region",
			"Mailing Country", "Country Code", "Inferred Country", "Territory", "Geo", "Sales Region"},
		funnel.RoleEmployees: {"Employees", "No. of Employees", "Number of Employees", "NumberOfEmployees",
			"numberofemployees", "Employee Count", "Num Employees", "Headcount"},
		funnel.RoleRevenue: {"Revenue", "Annual Revenue", "AnnualRevenue", "Company Revenue"},
	},
	funnel.Touches: {
		funnel.RoleLeadID: {"Lead ID", "leadId", "Contact ID", "Person ID", "Prospect ID", "Associated Contact ID",
			"Associated Contact IDs", "Lead/Contact ID", "LeadOrContactId", "Member ID", "Visitor ID", "user_pseudo_id",
			"User ID", "Customer ID"},
		funnel.RoleAccountID: {"Account ID", "Company ID", "Associated Company ID", "Associated Company IDs", "Organization ID"},
		funnel.RoleOccurredAt: {"Activity Date", "activityDate", "Activity Date/Time", "Activity Timestamp", "Event Timestamp",
			"Event Time", "Event Date", "Touch Date", "Touchpoint Date", "Interaction Date", "Engagement Date",
			"Timestamp", "Date", "Datetime", "Time", "Created At", "Created Date", "Create Date", "Member Date",
			"First Responded Date", "Responded Date"},
		funnel.RoleActivityType: {"Activity Type", "Activity Type Name", "activityTypeId", "Activity", "Event", "Event Type",
			"Event Name", "Touch Type", "Interaction Type", "Engagement Type", "Member Status", "Type"},
		funnel.RoleChannel: {"Channel", "Marketing Channel", "Channel Grouping", "Default Channel Group", "Touch Channel",
			"Source", "utm_source", "Medium", "utm_medium", "Lead Source", "Original Source", "Campaign Type", "Program Channel",
			"traffic_source.medium", "traffic_source.source"},
		funnel.RoleCampaign: {"Campaign", "Campaign Name", "utm_campaign", "Program Name", "Program", "Primary Attribute Value",
			"campaignId", "Campaign ID", "traffic_source.name"},
		funnel.RoleConverted: {"Converted", "Is Converted", "Conversion", "Is Conversion", "Converted Flag"},
		funnel.RoleValue:     {"Value", "Conversion Value", "Touch Value", "Event Value", "Revenue", "Amount"},
	},
	funnel.Stages: {
		funnel.RoleEntityID: {"Entity", "Lead ID", "Contact ID", "Record ID", "Opportunity ID", "Deal ID", "Account ID",
			"Company ID", "Id", "leadId", "Object ID", "Person ID", "Prospect ID"},
		funnel.RoleStage: {"Stage", "Stage Name", "StageName", "To Stage", "New Stage", "Lifecycle Stage", "Deal Stage",
			"Funnel Stage", "New Status", "Program Status", "Lead Status", "Status", "New Value", "Milestone"},
		funnel.RoleEnteredAt: {"Entered Date", "Date Entered", "Entered", "Stage Date", "Stage Change Date", "Changed At",
			"Change Date", "Edit Date", "Activity Date", "Timestamp", "Date", "Created Date", "Created At", "Last Modified",
			"Last Modified Date", "Updated At"},
	},
	funnel.Opportunities: {
		funnel.RoleOpportunityID: {"Opportunity ID", "Opp ID", "OpportunityId", "Deal ID", "Record ID", "Id",
			"hs_object_id", "Opportunity", "(Do Not Modify) Opportunity"},
		funnel.RoleAccountID: {"Account ID", "AccountId", "Company ID", "Associated Company ID", "Associated Company IDs",
			"Associated Company IDs (Primary)", "Organization ID", "Deal - Organization ID", "Deal - Organization",
			"Potential Customer", "Account"},
		funnel.RoleLeadID: {"Lead ID", "Contact ID", "Primary Contact ID", "Converted Lead ID", "ContactId",
			"Associated Contact ID", "Associated Contact IDs", "Person ID", "Deal - Contact person"},
		funnel.RoleCreatedAt: {"Created Date", "Create Date", "Created At", "createdate", "Opportunity Created Date",
			"Deal Created Date", "Created", "Date Created", "Creation Date", "Deal - Deal created", "Created On"},
		funnel.RoleClosedAt: {"Close Date", "closedate", "Closed Date", "Closed At", "Date Closed", "Won Date",
			"Deal - Deal closed on", "Actual Close Date"},
		funnel.RoleAmount: {"Amount", "Deal Amount", "Opportunity Amount", "Amount (converted)", "Total Amount",
			"Deal Value", "Value", "Revenue", "Est. Revenue", "Actual Revenue"},
		funnel.RoleWon:   {"Won", "IsWon", "Is Won", "Is Closed Won", "hs_is_closed_won", "Closed Won"},
		funnel.RoleStage: {"Stage", "StageName", "Stage Name", "Deal Stage", "dealstage", "Opportunity Stage"},
		// A status says won, lost or open in words (Pipedrive, Dynamics
		// 365); "Status" is one, not a stage. Dynamics writes both
		// Status (Open/Won/Lost) and Status Reason (In Progress, Out-Sold).
		funnel.RoleClosed:       {"Closed", "IsClosed", "Is Closed", "Is Deal Closed?", "hs_is_closed"},
		funnel.RoleStatus:       {"Status", "Deal - Status", "Deal Status", "Opportunity Status", "statecode", "Outcome", "Result"},
		funnel.RoleStatusReason: {"Status Reason", "statuscode"},
	},
	funnel.Accounts: {
		funnel.RoleAccountID: {"Account ID", "AccountId", "Company ID", "Record ID", "Id", "hs_object_id", "Organization ID"},
		funnel.RoleAccountName: {"Account Name", "Company Name", "Company", "Name", "Account", "Organization",
			"Organization Name"},
		funnel.RoleIndustry: {"Industry", "Sector", "Vertical"},
		funnel.RoleRegion: {"Region", "Billing Country", "Billing Country/Region", "Country/Region", "Country",
			"Billing Country Code", "Country Code", "Territory", "Geo", "Sales Region"},
		funnel.RoleEmployees: {"Employees", "No. of Employees", "Number of Employees", "NumberOfEmployees",
			"Employee Count", "Num Employees", "Headcount"},
		funnel.RoleRevenue: {"Revenue", "Annual Revenue", "AnnualRevenue", "Total Revenue"},
	},
	funnel.Costs: {
		funnel.RoleChannel: {"Channel", "Marketing Channel", "Source", "utm_source", "Medium", "utm_medium", "Platform",
			"Network", "Ad Network", "Program Channel", "Campaign Type", "Advertising Channel", "Advertising Channel Type"},
		funnel.RoleCampaign: {"Campaign", "Campaign Name", "utm_campaign", "Program Name", "Program", "Campaign Group Name"},
		funnel.RoleCost: {"Cost", "Spend", "Amount Spent", "Amount Spent (USD)", "Ad Spend", "Actual Cost",
			"ActualCost", "Period Cost", "Total Cost", "Cost (USD)", "Amount", "Total Spent"},
		funnel.RolePeriod: {"Period", "Month", "Week", "Day", "Date", "Period Start", "Start Date", "Reporting Starts",
			"Cost Month", "Start Date (in UTC)"},
	},
	funnel.Paths: {
		funnel.RolePath:        {"Path", "Journey", "Channel Path", "Conversion Path", "Touchpoints", "Paths"},
		funnel.RoleConversions: {"Conversions", "Total Conversions", "Conversion Count"},
		funnel.RoleConvValue:   {"Conversion Value", "Total Conversion Value", "Value", "Revenue"},
		funnel.RoleNulls:       {"Nulls", "Total Null", "Total Nulls", "Null", "Non Conversions", "Nonconversions"},
	},
	// Webinar attendee reports: Zoom's Attendee Report (Attendee Details:
	// Attended, Email, Registration Time, Join Time, Leave Time, Time in
	// Session (minutes)), GoTo Webinar's Attendee Report (Session Details:
	// Attended, Email, Registration Date, Join Time, Leave Time, In
	// Session Duration* (minutes)) and ON24's event attendees (eventid,
	// email, firstliveactivity, lastliveactivity, liveminutes; the
	// conformance corpus, testdata/exports, holds each).
	funnel.Attendees: {
		funnel.RoleEmail: {"Email", "Email Address", "E-mail", "E-mail Address", "Attendee Email", "Registrant Email",
			"User Email", "Work Email"},
		funnel.RoleWebinar: {"Webinar ID", "Event ID", "Session ID", "Meeting ID", "Webinar Key", "Webinar",
			"Webinar Name", "Webinar Title", "Event Title", "Event Name", "Session Name", "Topic"},
		funnel.RoleJoinedAt: {"Join Time", "Join Date/Time", "Joined At", "Join Date", "Engagement Start",
			"Session Start", "Login Time", "First Join Time", "Entry Time", "First Live Activity"},
		funnel.RoleLeftAt: {"Leave Time", "Leave Date/Time", "Left At", "Leave Date", "Engagement End",
			"Session End", "Logout Time", "Last Leave Time", "Exit Time", "Last Live Activity"},
		funnel.RoleMinutes: {"Time in Session (minutes)", "Time in Session", "Time in Session (Minutes)",
			"Live Minutes", "Minutes Attended", "Attendance Duration", "Duration (minutes)", "In Session Duration (minutes)"},
		funnel.RoleRegisteredAt: {"Registration Time", "Registration Date", "Registration Date/Time", "Registered At",
			"Registration Timestamp"},
		funnel.RoleAttended: {"Attended", "Did Attend", "Is Attended"},
	},
	// A content inventory kept as a spreadsheet (issue 16): item, URL or
	// campaign, the funnel stage tag, format and audience.
	funnel.Content: {
		funnel.RoleItem: {"Item", "Content Item", "Content", "Content Name", "Asset", "Asset Name", "Title",
			"Content Title", "Content ID", "Asset ID"},
		funnel.RoleURL:      {"URL", "Page URL", "Page", "Link", "Landing Page", "Page Path"},
		funnel.RoleCampaign: {"Campaign", "Campaign Name", "utm_campaign", "Program Name", "Program"},
		funnel.RoleStage: {"Stage", "Funnel Stage", "Content Stage", "Buyer Stage", "Buying Stage", "Journey Stage",
			"TOFU/MOFU/BOFU", "ToFu/MoFu/BoFu", "Funnel Position"},
		funnel.RoleFormat:  {"Format", "Content Type", "Asset Type", "Type", "Content Format", "Medium"},
		funnel.RoleSegment: {"Segment", "Audience", "Persona", "Target Segment", "Target Audience", "Industry"},
	},
}

// secondRoles lists, per input, headers (normalized) that take a second
// role when another column took their own and no column holds the second.
// In a Salesforce Campaign Members report "Member Status" is the activity
// and "Type" is the campaign's type (Webinar, Email, Paid Search): the
// channel; in a file without a better activity column, "Type" stays the
// activity type.
var secondRoles = map[funnel.TableKind]map[string]string{
	funnel.Touches: {normalizeHeader("Type"): funnel.RoleChannel},
}

// normalizeHeader folds a header for matching: lower case, without
// spaces, quotes and the punctuation _ - . / \ ( ) [ ] # : ? that exports
// put in headers ("No. of Employees" and "no_of_employees" fold alike).
func normalizeHeader(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	for _, r := range h {
		switch {
		case unicode.IsSpace(r), r == '\ufeff':
		case strings.ContainsRune("_-./\\()[]#:?'\"“”‘’", r):
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// aliasHit is what a normalized header matches in one input: a role and
// its rank (0 for the canonical name, then alias order).
type aliasHit struct {
	role string
	rank int
}

// aliasIndex maps normalized headers to roles, per input.
var aliasIndex = buildAliasIndex()

func buildAliasIndex() map[funnel.TableKind]map[string]aliasHit {
	idx := map[funnel.TableKind]map[string]aliasHit{}
	for _, k := range funnel.TableKinds {
		m := map[string]aliasHit{}
		for _, spec := range funnel.Schema(k) {
			add := func(h string, rank int) {
				n := normalizeHeader(h)
				if old, ok := m[n]; ok && old.rank <= rank {
					return
				}
				m[n] = aliasHit{role: spec.Name, rank: rank}
			}
			add(spec.Name, 0)
			for i, a := range aliases[k][spec.Name] {
				add(a, i+1)
			}
		}
		idx[k] = m
	}
	return idx
}

// WideStage returns the stage whose entry date a column of a wide stages
// file holds, from its header as HubSpot writes it: "Became a Marketing
// Qualified Lead Date" is "Marketing Qualified Lead", "Became an
// Opportunity Date" is "Opportunity", and `Date entered "Lead (Lifecycle
// Stage Pipeline)"` is "Lead". Load keeps such columns of a stages file as
// time attributes (role ""); velocity reads the stage ladder from them.
func WideStage(header string) (stage string, ok bool) {
	h := strings.TrimSpace(header)
	const date = " date"
	switch {
	case hasPrefixFold(h, "became an ") && hasSuffixFold(h[len("became an "):], date):
		stage = h[len("became an ") : len(h)-len(date)]
	case hasPrefixFold(h, "became a ") && hasSuffixFold(h[len("became a "):], date):
		stage = h[len("became a ") : len(h)-len(date)]
	case hasPrefixFold(h, "date entered "):
		rest := strings.Trim(strings.TrimSpace(h[len("date entered "):]), "\"“”'")
		if i := strings.LastIndex(rest, " ("); i > 0 && strings.HasSuffix(rest, ")") {
			rest = rest[:i]
		}
		stage = rest
	}
	stage = strings.TrimSpace(stage)
	return stage, stage != ""
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// isWideStageHeader reports whether a header is one stage's date column of
// a wide stages layout (see WideStage).
func isWideStageHeader(h string) bool {
	_, ok := WideStage(h)
	return ok
}
