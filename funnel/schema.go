package funnel

// TableKind names one of the inputs of the data model (docs/design.md, section 3).
type TableKind int

// The inputs.
const (
	Leads TableKind = iota + 1
	Touches
	Stages
	Opportunities
	Accounts
	Costs
	Paths
	Attendees
	Content
)

// TableKinds lists every input, in the order of the data model.
var TableKinds = []TableKind{Leads, Touches, Stages, Opportunities, Accounts, Costs, Paths, Attendees, Content}

// String returns the input's name, which is also its flag (--leads) and its
// standard file name in an export folder (leads.csv).
func (k TableKind) String() string {
	switch k {
	case Leads:
		return "leads"
	case Touches:
		return "touches"
	case Stages:
		return "stages"
	case Opportunities:
		return "opportunities"
	case Accounts:
		return "accounts"
	case Costs:
		return "costs"
	case Paths:
		return "paths"
	case Attendees:
		return "attendees"
	case Content:
		return "content"
	}
	return "unknown"
}

// ParseTableKind returns the TableKind named s, or false.
func ParseTableKind(s string) (TableKind, bool) {
	for _, k := range TableKinds {
		if k.String() == s {
			return k, true
		}
	}
	return 0, false
}

// Canonical role names. Roles are snake_case and stable: users write them
// in --col flags and config files.
const (
	RoleLeadID        = "lead_id"
	RoleAccountID     = "account_id"
	RoleEntityID      = "entity_id"
	RoleOpportunityID = "opportunity_id"
	RoleCreatedAt     = "created_at"
	RoleClosedAt      = "closed_at"
	RoleOccurredAt    = "occurred_at"
	RoleEnteredAt     = "entered_at"
	RoleActivityType  = "activity_type"
	RoleChannel       = "channel"
	RoleCampaign      = "campaign"
	RoleConverted     = "converted"
	RoleValue         = "value"
	RoleStage         = "stage"
	RoleAmount        = "amount"
	RoleWon           = "won"
	RoleClosed        = "closed"        // an opportunity's closed flag (Salesforce IsClosed)
	RoleStatus        = "status"        // an opportunity's status: Won, Lost, Open (see OpportunityOutcomes)
	RoleStatusReason  = "status_reason" // a finer status (Dynamics 365 Status Reason: In Progress, Out-Sold)
	RolePath          = "path"
	RoleConversions   = "total_conversions"
	RoleConvValue     = "total_conversion_value"
	RoleNulls         = "total_null"
	RoleIndustry      = "industry"
	RoleRegion        = "region"
	RoleEmployees     = "employees"
	RoleRevenue       = "revenue"
	RoleCost          = "cost"
	RolePeriod        = "period"
	RoleAccountName   = "account_name"
	RoleEmail         = "email"

	// Roles of a webinar attendee report (Attendees): a row per session
	// (join to leave) or per registrant who did not attend.
	RoleWebinar      = "webinar"       // the webinar's ID or topic
	RoleJoinedAt     = "joined_at"     // Join Time
	RoleLeftAt       = "left_at"       // Leave Time
	RoleMinutes      = "minutes"       // Time in Session (minutes)
	RoleRegisteredAt = "registered_at" // Registration Time
	RoleAttended     = "attended"      // Attended: Yes / No

	// Roles of a content inventory (Content): a row per content item,
	// joined to touches by item, URL or campaign, with its funnel stage
	// (tofu, mofu or bofu; the stage role) and the segment it suits.
	RoleItem    = "item"    // the content item's name or ID
	RoleURL     = "url"     // the page it lives on
	RoleFormat  = "format"  // blog, white paper, case study, demo
	RoleSegment = "segment" // the audience or segment it suits
)

// ActivityRole returns the role of the touches column whose values are
// the activity types of the touches: activity_type, or channel in touches
// without one. has reports whether the touches have a column of a role.
func ActivityRole(has func(role string) bool) string {
	if has(RoleActivityType) {
		return RoleActivityType
	}
	return RoleChannel
}

// RoleSpec describes one role of an input: its type, and whether a file of
// that input must have it.
type RoleSpec struct {
	Name     string
	Kind     Kind
	Required bool
	// OneOf groups required roles of which any one suffices (touches need
	// lead_id or account_id); roles with the same non-empty OneOf form a group.
	OneOf string
	// ID marks identifier roles: they are interned in the Dataset's shared
	// Dict so that ids join across tables.
	ID bool
}

// Schema returns the roles of input k (docs/design.md, section 3).
func Schema(k TableKind) []RoleSpec {
	return schemas[k]
}

var schemas = map[TableKind][]RoleSpec{
	Leads: {
		{Name: RoleLeadID, Kind: KindText, ID: true},
		{Name: RoleAccountID, Kind: KindText, ID: true},
		{Name: RoleCreatedAt, Kind: KindTime},
		{Name: RoleEmail, Kind: KindText},
		{Name: RoleAccountName, Kind: KindText},
		{Name: RoleIndustry, Kind: KindText},
		{Name: RoleRegion, Kind: KindText},
		{Name: RoleEmployees, Kind: KindNumber},
		{Name: RoleRevenue, Kind: KindNumber},
	},
	Touches: {
		{Name: RoleLeadID, Kind: KindText, Required: true, OneOf: "entity", ID: true},
		{Name: RoleAccountID, Kind: KindText, Required: true, OneOf: "entity", ID: true},
		{Name: RoleOccurredAt, Kind: KindTime, Required: true},
		{Name: RoleActivityType, Kind: KindText},
		{Name: RoleChannel, Kind: KindText},
		{Name: RoleCampaign, Kind: KindText},
		{Name: RoleConverted, Kind: KindBool},
		{Name: RoleValue, Kind: KindNumber},
	},
	Stages: {
		{Name: RoleEntityID, Kind: KindText, Required: true, ID: true},
		{Name: RoleStage, Kind: KindText, Required: true},
		{Name: RoleEnteredAt, Kind: KindTime, Required: true},
	},
	Opportunities: {
		{Name: RoleOpportunityID, Kind: KindText, Required: true, ID: true},
		{Name: RoleAccountID, Kind: KindText, ID: true},
		{Name: RoleLeadID, Kind: KindText, ID: true},
		{Name: RoleCreatedAt, Kind: KindTime},
		{Name: RoleClosedAt, Kind: KindTime},
		{Name: RoleAmount, Kind: KindNumber},
		{Name: RoleWon, Kind: KindBool},
		{Name: RoleStage, Kind: KindText},
		{Name: RoleClosed, Kind: KindBool},
		{Name: RoleStatus, Kind: KindText},
		{Name: RoleStatusReason, Kind: KindText},
	},
	Accounts: {
		{Name: RoleAccountID, Kind: KindText, ID: true},
		{Name: RoleAccountName, Kind: KindText},
		{Name: RoleIndustry, Kind: KindText},
		{Name: RoleRegion, Kind: KindText},
		{Name: RoleEmployees, Kind: KindNumber},
		{Name: RoleRevenue, Kind: KindNumber},
	},
	Costs: {
		{Name: RoleChannel, Kind: KindText, Required: true, OneOf: "target"},
		{Name: RoleCampaign, Kind: KindText, Required: true, OneOf: "target"},
		{Name: RoleCost, Kind: KindNumber, Required: true},
		{Name: RolePeriod, Kind: KindText},
	},
	Paths: {
		{Name: RolePath, Kind: KindText, Required: true},
		{Name: RoleConversions, Kind: KindNumber, Required: true},
		{Name: RoleConvValue, Kind: KindNumber},
		{Name: RoleNulls, Kind: KindNumber},
	},
	Attendees: {
		{Name: RoleEmail, Kind: KindText, Required: true},
		{Name: RoleWebinar, Kind: KindText},
		{Name: RoleJoinedAt, Kind: KindTime},
		{Name: RoleLeftAt, Kind: KindTime},
		{Name: RoleMinutes, Kind: KindNumber},
		{Name: RoleRegisteredAt, Kind: KindTime},
		{Name: RoleAttended, Kind: KindBool},
	},
	Content: {
		{Name: RoleItem, Kind: KindText, Required: true, OneOf: "content"},
		{Name: RoleURL, Kind: KindText, Required: true, OneOf: "content"},
		{Name: RoleCampaign, Kind: KindText, Required: true, OneOf: "content"},
		{Name: RoleStage, Kind: KindText, Required: true},
		{Name: RoleFormat, Kind: KindText},
		{Name: RoleSegment, Kind: KindText},
	},
}

// Dataset is a set of inputs read for one command. Its tables share one
// Dict, so text codes are comparable across tables. Any table may be nil.
type Dataset struct {
	Dict          *Dict
	Leads         *Table
	Touches       *Table
	Stages        *Table
	Opportunities *Table
	Accounts      *Table
	Costs         *Table
	Paths         *Table
	Attendees     *Table
	Content       *Table
	// Warnings collects what reading the inputs noticed (skipped bad rows,
	// a guessed encoding); commands copy them into their Report.
	Warnings []string

	// The latest timestamp of the inputs streamed to an analysis instead
	// of stored (see AddStreamed), when there was one.
	streamedLatest int64
	streamed       bool
}

// AddStreamed records the latest timestamp of an input that was streamed
// to an analysis instead of stored in the Dataset (ingest.Options.Sink;
// NoTime when the input has none), so that LatestTime and DefaultAsOf
// count it as they would count its table.
func (d *Dataset) AddStreamed(latest int64) {
	if latest != NoTime && (!d.streamed || latest > d.streamedLatest) {
		d.streamedLatest, d.streamed = latest, true
	}
}

// NewDataset returns an empty Dataset with a fresh Dict.
func NewDataset() *Dataset { return &Dataset{Dict: NewDict()} }

// Table returns the dataset's table of kind k (nil when not read).
func (d *Dataset) Table(k TableKind) *Table {
	switch k {
	case Leads:
		return d.Leads
	case Touches:
		return d.Touches
	case Stages:
		return d.Stages
	case Opportunities:
		return d.Opportunities
	case Accounts:
		return d.Accounts
	case Costs:
		return d.Costs
	case Paths:
		return d.Paths
	case Attendees:
		return d.Attendees
	case Content:
		return d.Content
	}
	return nil
}

// Set stores t as the dataset's table of kind t.Kind.
func (d *Dataset) Set(t *Table) {
	switch t.Kind {
	case Leads:
		d.Leads = t
	case Touches:
		d.Touches = t
	case Stages:
		d.Stages = t
	case Opportunities:
		d.Opportunities = t
	case Accounts:
		d.Accounts = t
	case Costs:
		d.Costs = t
	case Paths:
		d.Paths = t
	case Attendees:
		d.Attendees = t
	case Content:
		d.Content = t
	default:
		panic("funnel: Set of a table without a kind")
	}
}

// EachTime calls fn with every timestamp of every time column of every
// table, missing ones (NoTime) left out. Inputs streamed instead of stored
// have no table, so their timestamps are not among them (LatestTime counts
// their latest: see AddStreamed).
func (d *Dataset) EachTime(fn func(t int64)) {
	for _, k := range TableKinds {
		t := d.Table(k)
		if t == nil {
			continue
		}
		for _, c := range t.Columns {
			if c.Kind != KindTime {
				continue
			}
			for _, v := range c.Times {
				if v != NoTime {
					fn(v)
				}
			}
		}
	}
}

// LatestTime returns the latest timestamp in any time column of any table,
// streamed inputs included (see AddStreamed), or NoTime; it is the default
// --as-of.
func (d *Dataset) LatestTime() int64 {
	latest := NoTime
	if d.streamed {
		latest = d.streamedLatest
	}
	d.EachTime(func(t int64) { latest = max(latest, t) })
	return latest
}

// DefaultAsOf is the analysis time when the user gives no --as-of: the
// second after the latest timestamp in the inputs, so that cutoffs, which
// exclude what happens at or after them, still count every event in the
// data. It is NoTime when the inputs hold no timestamp.
func (d *Dataset) DefaultAsOf() int64 {
	t := d.LatestTime()
	if t == NoTime {
		return NoTime
	}
	return t + 1
}
