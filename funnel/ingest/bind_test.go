package ingest

import (
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// exportsDir holds the realistic exports of testdata/ingest/exports.
var exportsDir = filepath.Join("..", "..", "testdata", "ingest", "exports")

// exportHeader opens a fixture with Open and returns its header.
func exportHeader(t *testing.T, rel string) (string, []string) {
	t.Helper()
	r, err := Open(filepath.Join(exportsDir, rel), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return r.Name(), r.Header()
}

// boundRoles returns role -> header of a binding.
func boundRoles(b *Binding) map[string]string {
	m := map[string]string{}
	for i, r := range b.Roles {
		if r != "" {
			m[r] = b.Headers[i]
		}
	}
	return m
}

// TestBindExports binds every fixture without flags. The expected roles
// are read off each file's header by hand against the alias tables.
func TestBindExports(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file     string
		kind     funnel.TableKind
		roles    map[string]string
		wide     []string
		warnings []string
	}{
		{"salesforce/leads.csv", funnel.Leads, map[string]string{
			"lead_id": "Lead ID", "account_name": "Company / Account", "email": "Email", "industry": "Industry",
			"revenue": "Annual Revenue", "employees": "No. of Employees", "region": "Country", "created_at": "Create Date"}, nil, nil},
		{"salesforce/opportunities.csv", funnel.Opportunities, map[string]string{
			"opportunity_id": "Opportunity ID", "account_id": "Account ID", "stage": "Stage", "amount": "Amount",
			"closed_at": "Close Date", "created_at": "Created Date", "won": "Won", "closed": "Closed"}, nil, nil},
		{"salesforce/touches.csv", funnel.Touches, map[string]string{
			"campaign": "Campaign Name", "channel": "Campaign Type", "activity_type": "Member Status",
			"lead_id": "Lead ID", "occurred_at": "Created Date"}, nil,
			[]string{`columns "Created Date" and "First Responded Date" both match occurred_at; using "Created Date" (--col touches.occurred_at=HEADER binds another)`}},
		{"salesforce/accounts.csv", funnel.Accounts, map[string]string{
			"account_id": "Account ID", "account_name": "Account Name", "industry": "Industry",
			"region": "Billing Country/Region", "employees": "Employees", "revenue": "Annual Revenue"}, nil, nil},
		{"hubspot/leads.csv", funnel.Leads, map[string]string{
			"lead_id": "Record ID", "email": "Email", "account_name": "Company Name", "account_id": "Associated Company ID",
			"created_at": "Create Date", "industry": "Industry", "employees": "Number of Employees",
			"revenue": "Annual Revenue", "region": "Country/Region"}, nil, nil},
		{"hubspot/opportunities.csv", funnel.Opportunities, map[string]string{
			"opportunity_id": "Record ID", "stage": "Deal Stage", "amount": "Amount", "closed_at": "Close Date",
			"created_at": "Create Date", "account_id": "Associated Company ID", "won": "Is Closed Won"}, nil, nil},
		{"hubspot/accounts.csv", funnel.Accounts, map[string]string{
			"account_id": "Record ID", "account_name": "Company name", "industry": "Industry",
			"employees": "Number of Employees", "revenue": "Annual Revenue", "region": "Country/Region"}, nil, nil},
		{"hubspot/stages.csv", funnel.Stages, map[string]string{"entity_id": "Record ID", "stage": "Lifecycle Stage"},
			[]string{"Became a Subscriber Date", "Became a Lead Date", "Became a Marketing Qualified Lead Date",
				"Became a Sales Qualified Lead Date", "Became an Opportunity Date", "Became a Customer Date",
				`Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"`}, nil},
		{"hubspot/touches.csv", funnel.Touches, map[string]string{
			"lead_id": "Contact ID", "occurred_at": "Activity Date", "activity_type": "Activity Type",
			"campaign": "Campaign", "channel": "Original Source"}, nil,
			[]string{`columns "Activity Type" and "Interaction type" both match activity_type; using "Activity Type" (--col touches.activity_type=HEADER binds another)`}},
		{"marketo/leads.csv", funnel.Leads, map[string]string{
			"lead_id": "Id", "email": "Email Address", "account_name": "Company Name", "industry": "Industry",
			"employees": "Number Of Employees", "revenue": "Annual Revenue", "region": "Country", "created_at": "Created At"}, nil, nil},
		{"marketo/touches.csv", funnel.Touches, map[string]string{
			"lead_id": "Lead Id", "occurred_at": "Activity Date", "activity_type": "Activity Type",
			"campaign": "Campaign Name", "channel": "Channel"}, nil,
			[]string{`columns "Campaign Name" and "Primary Attribute Value" both match campaign; using "Campaign Name" (--col touches.campaign=HEADER binds another)`}},
		{"excel/touches.csv", funnel.Touches, map[string]string{
			"lead_id": "Visitor ID", "occurred_at": "Date", "activity_type": "Event", "channel": "Source",
			"campaign": "utm_campaign"}, nil,
			[]string{`columns "Source" and "Medium" both match channel; using "Source" (--col touches.channel=HEADER binds another)`}},
		{"excel/costs.csv", funnel.Costs, map[string]string{
			"period": "Month", "channel": "Channel", "campaign": "Campaign", "cost": "Spend"}, nil, nil},
		{"excel/stages.csv", funnel.Stages, map[string]string{
			"entity_id": "Lead ID", "stage": "Stage", "entered_at": "Date"}, nil, nil},
		{"excel/opportunities.csv", funnel.Opportunities, map[string]string{
			"opportunity_id": "Opportunity ID", "account_id": "Account ID", "amount": "Amount",
			"closed_at": "Close Date", "won": "Won"}, nil, nil},
		{"excel/paths.csv", funnel.Paths, map[string]string{
			"path": "path", "total_conversions": "total_conversions", "total_conversion_value": "total_conversion_value",
			"total_null": "total_null"}, nil, nil},
		{"excel/leads.xlsx", funnel.Leads, map[string]string{
			"lead_id": "Lead ID", "account_name": "Company", "industry": "Industry", "employees": "Employees",
			"created_at": "Created"}, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			name, header := exportHeader(t, c.file)
			b, err := Bind(name, c.kind, header, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := boundRoles(b); !reflect.DeepEqual(got, c.roles) {
				t.Errorf("roles\n got %v\nwant %v", got, c.roles)
			}
			var wide []string
			for i, w := range b.Wide {
				if w {
					wide = append(wide, b.Headers[i])
				}
			}
			if !reflect.DeepEqual(wide, c.wide) {
				t.Errorf("wide\n got %q\nwant %q", wide, c.wide)
			}
			if !reflect.DeepEqual(b.Warnings, c.warnings) {
				t.Errorf("warnings\n got %q\nwant %q", b.Warnings, c.warnings)
			}
		})
	}
}

// TestBindVendorHeaders binds whole header rows as each vendor writes them,
// without flags. The expected roles and warnings are worked out by hand
// from the alias tables: each role takes its best-ranked header, the other
// headers matching it are named in a warning, and every header not listed
// binds nothing.
func TestBindVendorHeaders(t *testing.T) {
	t.Parallel()
	warn := func(kind, role, best, other string) string {
		return `columns "` + best + `" and "` + other + `" both match ` + role + `; using "` + best + `" (--col ` + kind + `.` + role + `=HEADER binds another)`
	}
	cases := []struct {
		name     string
		kind     funnel.TableKind
		header   []string
		cols     map[string]string
		roles    map[string]string
		warnings []string
	}{
		// "Deal - Status" is left to the outcome roles; "Deal - Won time",
		// "Deal - Lost time" and "Deal - Expected close date" bind nothing.
		{name: "pipedrive deals", kind: funnel.Opportunities,
			header: []string{"Deal - ID", "Deal - Title", "Deal - Creator", "Deal - Owner", "Deal - Value", "Deal - Currency",
				"Deal - Weighted value", "Deal - Probability", "Deal - Organization", "Deal - Pipeline", "Deal - Contact person",
				"Deal - Stage", "Deal - Label", "Deal - Status", "Deal - Deal created", "Deal - Update time", "Deal - Last stage change",
				"Deal - Next activity date", "Deal - Last activity date", "Deal - Won time", "Deal - Lost time", "Deal - Deal closed on",
				"Deal - Lost reason", "Deal - Expected close date", "Deal - Total activities"},
			roles: map[string]string{"opportunity_id": "Deal - ID", "amount": "Deal - Value", "account_id": "Deal - Organization",
				"lead_id": "Deal - Contact person", "stage": "Deal - Stage", "created_at": "Deal - Deal created",
				"closed_at": "Deal - Deal closed on", "status": "Deal - Status"}},
		{name: "pipedrive deals with organization and person ids", kind: funnel.Opportunities,
			header: []string{"Deal - ID", "Deal - Organization", "Organization - ID", "Deal - Contact person", "Person - ID"},
			roles:  map[string]string{"opportunity_id": "Deal - ID", "account_id": "Organization - ID", "lead_id": "Person - ID"},
			warnings: []string{warn("opportunities", "account_id", "Organization - ID", "Deal - Organization"),
				warn("opportunities", "lead_id", "Person - ID", "Deal - Contact person")}},
		// The checksum and Modified On columns bind nothing; "Est. Close
		// Date" is expected, not closed. "Status" and "Status Reason" say
		// whether a deal is open, won or lost.
		{name: "dynamics 365 opportunities", kind: funnel.Opportunities,
			header: []string{"(Do Not Modify) Opportunity", "(Do Not Modify) Row Checksum", "(Do Not Modify) Modified On", "Topic",
				"Potential Customer", "Est. Close Date", "Est. Revenue", "Probability", "Rating", "Status", "Status Reason",
				"Actual Close Date", "Actual Revenue", "Created On", "Owner", "Currency"},
			roles: map[string]string{"opportunity_id": "(Do Not Modify) Opportunity", "account_id": "Potential Customer",
				"amount": "Est. Revenue", "closed_at": "Actual Close Date", "created_at": "Created On", "status": "Status",
				"status_reason": "Status Reason"},
			warnings: []string{warn("opportunities", "amount", "Est. Revenue", "Actual Revenue")}},
		{name: "dynamics 365 opportunities with account", kind: funnel.Opportunities,
			header: []string{"(Do Not Modify) Opportunity", "(Do Not Modify) Row Checksum", "(Do Not Modify) Modified On", "Topic",
				"Account", "Actual Revenue", "Est. Close Date"},
			roles: map[string]string{"opportunity_id": "(Do Not Modify) Opportunity", "account_id": "Account", "amount": "Actual Revenue"}},
		{name: "linkedin campaign manager", kind: funnel.Costs,
			header: []string{"Start Date (in UTC)", "Account Name", "Currency", "Campaign Group Name", "Campaign Group ID",
				"Campaign Name", "Campaign ID", "Campaign Objective", "Campaign Type", "Cost Type", "Campaign Status",
				"Campaign Start Date", "Total Budget", "Daily Budget", "Total Spent", "Impressions", "Clicks", "Click Through Rate",
				"Average CPM", "Average CPC", "Conversions", "Cost per Conversion", "Leads", "Cost per Lead"},
			roles: map[string]string{"period": "Start Date (in UTC)", "campaign": "Campaign Name", "channel": "Campaign Type",
				"cost": "Total Spent"},
			warnings: []string{warn("costs", "campaign", "Campaign Name", "Campaign Group Name")}},
		{name: "google ads by day", kind: funnel.Costs,
			header: []string{"Campaign", "Campaign state", "Campaign type", "Budget", "Budget name", "Currency code", "Day",
				"Impr.", "Interactions", "Interaction rate", "Avg. cost", "Cost", "Clicks", "Conversions", "Cost / conv.", "Conv. rate"},
			roles: map[string]string{"campaign": "Campaign", "channel": "Campaign type", "period": "Day", "cost": "Cost"}},
		{name: "google ads by month", kind: funnel.Costs,
			header: []string{"Month", "Campaign", "Campaign ID", "Advertising channel", "Impressions", "Clicks", "Cost"},
			roles:  map[string]string{"campaign": "Campaign", "channel": "Advertising channel", "period": "Month", "cost": "Cost"}},
		{name: "marketo bulk activities", kind: funnel.Touches,
			header: []string{"marketoGUID", "leadId", "activityDate", "activityTypeId", "campaignId", "primaryAttributeValueId",
				"primaryAttributeValue", "attributes"},
			roles: map[string]string{"lead_id": "leadId", "occurred_at": "activityDate", "activity_type": "activityTypeId",
				"campaign": "primaryAttributeValue"},
			warnings: []string{warn("touches", "campaign", "primaryAttributeValue", "campaignId")}},
		// "Type" is the campaign's type: "Member Status" takes the
		// activity, so "Type" takes the channel, without a warning.
		{name: "salesforce campaign members", kind: funnel.Touches,
			header: []string{"Campaign Name", "Type", "Status", "Member Type", "Member Status", "First Name", "Last Name",
				"Company / Account", "Email", "Lead ID", "Contact ID", "Created Date", "First Responded Date", "Responded"},
			roles: map[string]string{"campaign": "Campaign Name", "channel": "Type", "activity_type": "Member Status",
				"lead_id": "Lead ID", "occurred_at": "Created Date"},
			warnings: []string{warn("touches", "lead_id", "Lead ID", "Contact ID"),
				warn("touches", "occurred_at", "Created Date", "First Responded Date")}},
		{name: "Type alone is the activity type", kind: funnel.Touches,
			header: []string{"Lead ID", "Date", "Type", "Channel"},
			roles:  map[string]string{"lead_id": "Lead ID", "occurred_at": "Date", "activity_type": "Type", "channel": "Channel"}},
		{name: "Type takes no channel another column holds", kind: funnel.Touches,
			header: []string{"Lead ID", "Date", "Member Status", "Type", "Campaign Type"},
			roles: map[string]string{"lead_id": "Lead ID", "occurred_at": "Date", "activity_type": "Member Status",
				"channel": "Campaign Type"},
			warnings: []string{warn("touches", "activity_type", "Member Status", "Type")}},
		{name: "Type takes no channel --col leaves unbound", kind: funnel.Touches,
			header: []string{"Lead ID", "Date", "Member Status", "Type"}, cols: map[string]string{"touches.channel": ""},
			roles:    map[string]string{"lead_id": "Lead ID", "occurred_at": "Date", "activity_type": "Member Status"},
			warnings: []string{warn("touches", "activity_type", "Member Status", "Type")}},
		{name: "ga4 flattened bigquery export", kind: funnel.Touches,
			header: []string{"event_date", "event_timestamp", "event_name", "event_previous_timestamp", "event_value_in_usd",
				"event_bundle_sequence_id", "user_id", "user_pseudo_id", "user_first_touch_timestamp", "device.category",
				"geo.country", "traffic_source.name", "traffic_source.medium", "traffic_source.source", "stream_id", "platform"},
			roles: map[string]string{"lead_id": "user_pseudo_id", "occurred_at": "event_timestamp", "activity_type": "event_name",
				"channel": "traffic_source.medium", "campaign": "traffic_source.name"},
			warnings: []string{warn("touches", "lead_id", "user_pseudo_id", "user_id"),
				warn("touches", "occurred_at", "event_timestamp", "event_date"),
				warn("touches", "channel", "traffic_source.medium", "traffic_source.source")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := Bind("t.csv", c.kind, c.header, Options{Columns: c.cols})
			if err != nil {
				t.Fatal(err)
			}
			if got := boundRoles(b); !reflect.DeepEqual(got, c.roles) {
				t.Errorf("roles\n got %v\nwant %v", got, c.roles)
			}
			if !reflect.DeepEqual(b.Warnings, c.warnings) {
				t.Errorf("warnings\n got %q\nwant %q", b.Warnings, c.warnings)
			}
		})
	}
}

// TestAliasesUnambiguous checks that no alias folds to two roles of one
// input, and that every alias is reachable (not shadowed by an earlier
// role's alias).
func TestAliasesUnambiguous(t *testing.T) {
	t.Parallel()
	for _, k := range funnel.TableKinds {
		seen := map[string]string{}
		for _, spec := range funnel.Schema(k) {
			for _, a := range append([]string{spec.Name}, aliases[k][spec.Name]...) {
				n := normalizeHeader(a)
				if other, ok := seen[n]; ok && other != spec.Name {
					t.Errorf("%s: %q folds to %q for both %s and %s", k, a, n, other, spec.Name)
				}
				seen[n] = spec.Name
			}
		}
		for role := range aliases[k] {
			if _, ok := roleSpec(k, role); !ok {
				t.Errorf("%s: aliases for unknown role %s", k, role)
			}
		}
		for h, second := range secondRoles[k] {
			if first, ok := seen[h]; !ok || first == second {
				t.Errorf("%s: second role %s of %q, which is an alias of %q", k, second, h, first)
			}
			if _, ok := roleSpec(k, second); !ok {
				t.Errorf("%s: second role of %q is the unknown role %s", k, h, second)
			}
		}
	}
}

func TestNormalizeHeader(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"No. of Employees", "noofemployees"},
		{"no_of_employees", "noofemployees"},
		{"Billing Country/Region", "billingcountryregion"},
		{"\ufeffLead ID", "leadid"},
		{"Amount (converted)", "amountconverted"},
		{`Date entered "MQL (Lifecycle Stage Pipeline)"`, "dateenteredmqllifecyclestagepipeline"},
		{"utm-source", "utmsource"},
		{"CreatedDate", "createddate"},
	}
	for _, c := range cases {
		if got := normalizeHeader(c.in); got != c.want {
			t.Errorf("normalizeHeader(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestBindRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		kind     funnel.TableKind
		header   []string
		cols     map[string]string
		roles    map[string]string
		headers  []string // after renaming, when checked
		warnings []string
		err      string
	}{
		{name: "kind-specific Id: leads", kind: funnel.Leads, header: []string{"Id", "Email"},
			roles: map[string]string{"lead_id": "Id", "email": "Email"}},
		{name: "kind-specific Id: opportunities", kind: funnel.Opportunities, header: []string{"Id", "Amount"},
			roles: map[string]string{"opportunity_id": "Id", "amount": "Amount"}},
		{name: "Id is not the lead of a touch", kind: funnel.Touches, header: []string{"Id", "Lead Id", "Activity Date"},
			roles: map[string]string{"lead_id": "Lead Id", "occurred_at": "Activity Date"}},
		{name: "canonical name beats alias", kind: funnel.Touches, header: []string{"Date", "occurred_at", "lead_id"},
			roles:    map[string]string{"occurred_at": "occurred_at", "lead_id": "lead_id"},
			warnings: []string{`columns "occurred_at" and "Date" both match occurred_at; using "occurred_at" (--col touches.occurred_at=HEADER binds another)`}},
		{name: "case and punctuation", kind: funnel.Opportunities, header: []string{"OPPORTUNITY_ID", "close-date", "is_won"},
			roles: map[string]string{"opportunity_id": "OPPORTUNITY_ID", "closed_at": "close-date", "won": "is_won"}},
		// The signals of an outcome (funnel.OpportunityOutcomes): a
		// "Status" is a status, not a stage; Dynamics writes Status and
		// Status Reason side by side, without a warning.
		{name: "dynamics status and reason", kind: funnel.Opportunities, header: []string{"Opportunity", "Status", "Status Reason", "Stage"},
			roles: map[string]string{"opportunity_id": "Opportunity", "status": "Status", "status_reason": "Status Reason", "stage": "Stage"}},
		{name: "pipedrive status", kind: funnel.Opportunities, header: []string{"Deal ID", "Deal - Status"},
			roles: map[string]string{"opportunity_id": "Deal ID", "status": "Deal - Status"}},
		{name: "closed flags", kind: funnel.Opportunities, header: []string{"Id", "IsClosed", "IsWon"},
			roles: map[string]string{"opportunity_id": "Id", "closed": "IsClosed", "won": "IsWon"}},
		{name: "hubspot is closed", kind: funnel.Opportunities, header: []string{"Record ID", "Is closed", "Is Closed Won", "hs_is_closed"},
			roles:    map[string]string{"opportunity_id": "Record ID", "closed": "Is closed", "won": "Is Closed Won"},
			warnings: []string{`columns "Is closed" and "hs_is_closed" both match closed; using "Is closed" (--col opportunities.closed=HEADER binds another)`}},
		{name: "duplicate headers", kind: funnel.Leads, header: []string{"Email", "Lead ID", "Email", "", "Email"},
			roles:   map[string]string{"email": "Email", "lead_id": "Lead ID"},
			headers: []string{"Email", "Lead ID", "Email (2)", "column 4", "Email (3)"},
			warnings: []string{`column 3 repeats the header "Email"; it is read as "Email (2)"`,
				`column 5 repeats the header "Email"; it is read as "Email (3)"`}},
		{name: "override bare and qualified", kind: funnel.Touches, header: []string{"Who", "When", "Lead ID", "Date"},
			cols:  map[string]string{"lead_id": "Lead ID", "touches.lead_id": "who", "occurred_at": "When", "leads.created_at": "Nope"},
			roles: map[string]string{"lead_id": "Who", "occurred_at": "When"}},
		{name: "override to nothing", kind: funnel.Touches, header: []string{"Lead ID", "Date", "Amount"},
			cols:  map[string]string{"touches.value": ""},
			roles: map[string]string{"lead_id": "Lead ID", "occurred_at": "Date"}},
		{name: "override names a missing header", kind: funnel.Touches, header: []string{"Lead ID", "Date"},
			cols: map[string]string{"touches.occurred_at": "When"},
			err:  `t.csv: no such column: --col touches.occurred_at="When": the headers are "Lead ID", "Date"`},
		{name: "bare override names a missing header", kind: funnel.Touches, header: []string{"Lead ID", "Date"},
			cols: map[string]string{"occurred_at": "When"},
			err:  `t.csv: no such column: --col occurred_at="When": the headers are "Lead ID", "Date"; --col INPUT.occurred_at=HEADER binds one input only`},
		{name: "override an unknown role", kind: funnel.Touches, header: []string{"Lead ID", "Date"},
			cols: map[string]string{"touches.amount": "Date"},
			err:  `t.csv: unknown role: --col touches.amount: touches has the roles lead_id, account_id, occurred_at, activity_type, channel, campaign, converted, value`},
		{name: "one column, two roles", kind: funnel.Touches, header: []string{"Lead ID", "Date"},
			cols: map[string]string{"touches.lead_id": "Lead ID", "touches.account_id": "Lead ID"},
			err:  `t.csv: unknown role: --col binds column "Lead ID" to both lead_id and account_id`},
		{name: "missing required", kind: funnel.Touches, header: []string{"Email", "Channel"},
			roles: map[string]string{"channel": "Channel"},
			err:   `t.csv: required column missing: no column for lead_id or account_id; no column for occurred_at (headers: "Email", "Channel"); bind one with --col touches.lead_id=HEADER`},
		{name: "account_id is enough for touches", kind: funnel.Touches, header: []string{"Company ID", "Timestamp"},
			roles: map[string]string{"account_id": "Company ID", "occurred_at": "Timestamp"}},
		{name: "stages long missing", kind: funnel.Stages, header: []string{"Lead ID", "Stage"},
			roles: map[string]string{"entity_id": "Lead ID", "stage": "Stage"},
			err:   `t.csv: required column missing: no column for entered_at (headers: "Lead ID", "Stage"); bind one with --col stages.entered_at=HEADER`},
		{name: "stages wide", kind: funnel.Stages, header: []string{"Contact ID", "Became a Lead Date", `Date entered "Customer (Lifecycle Stage Pipeline)"`},
			roles: map[string]string{"entity_id": "Contact ID"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := Bind("t.csv", c.kind, c.header, Options{Columns: c.cols})
			if c.err != "" {
				if err == nil || err.Error() != c.err {
					t.Fatalf("error\n got %v\nwant %s", err, c.err)
				}
				var fe *FileError
				if !errors.As(err, &fe) {
					t.Errorf("%T is not a *FileError", err)
				}
				if strings.Contains(c.err, "required column missing") && !errors.Is(err, ErrMissingRole) {
					t.Errorf("not ErrMissingRole")
				}
				if b == nil {
					return
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if got := boundRoles(b); !reflect.DeepEqual(got, c.roles) {
				t.Errorf("roles\n got %v\nwant %v", got, c.roles)
			}
			if c.headers != nil && !reflect.DeepEqual(b.Headers, c.headers) {
				t.Errorf("headers\n got %q\nwant %q", b.Headers, c.headers)
			}
			if !reflect.DeepEqual(b.Warnings, c.warnings) {
				t.Errorf("warnings\n got %q\nwant %q", b.Warnings, c.warnings)
			}
		})
	}
}

func TestWideStage(t *testing.T) {
	t.Parallel()
	cases := []struct{ header, stage string }{
		{"Became a Marketing Qualified Lead Date", "Marketing Qualified Lead"},
		{"Became an Opportunity Date", "Opportunity"},
		{"became a customer date", "customer"},
		{`Date entered "Lead (Lifecycle Stage Pipeline)"`, "Lead"},
		{`Date entered "Closed Won (Sales Pipeline)"`, "Closed Won"},
		{"Date entered Demo", "Demo"},
		{"Became a Date", ""},
		{"Create Date", ""},
		{"Date exited \"Lead (Lifecycle Stage Pipeline)\"", ""},
	}
	for _, c := range cases {
		got, ok := WideStage(c.header)
		if got != c.stage || ok != (c.stage != "") {
			t.Errorf("WideStage(%q) = %q, %v; want %q", c.header, got, ok, c.stage)
		}
	}
}

// TestPlaceRepeated: an error about a column whose header the file
// repeats says which column it is; errors about other columns, and about
// the renamed repeats, are left as they were.
func TestPlaceRepeated(t *testing.T) {
	t.Parallel()
	b, err := Bind("t.csv", funnel.Touches, []string{"lead_id", "occurred_at", "lead_id", "lead_id", "channel"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{-1, -1, 0, 0, -1}; !slices.Equal(b.repeatOf, want) {
		t.Errorf("repeatOf = %v, want %v", b.repeatOf, want)
	}
	got := b.placeRepeated(&RowError{File: "t.csv", Line: 9, Column: "lead_id", Err: ErrFieldCount}).Error()
	want := `t.csv:9: column "lead_id": wrong number of fields (the column is column 1, the first headed "lead_id": column 3 ("lead_id (2)") and column 4 ("lead_id (3)") repeat the header)`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, col := range []string{"channel", "lead_id (2)", ""} {
		e := &RowError{File: "t.csv", Line: 9, Column: col, Err: ErrFieldCount, Detail: "d"}
		if got := b.placeRepeated(e); got != e {
			t.Errorf("column %q: %v, want the error unchanged", col, got)
		}
	}
}
