package sample

import (
	"fmt"
	"time"
)

// File names of an export set: the standard names that `--data DIR` reads,
// and truth.json.
const (
	AccountsFile      = "accounts.csv"
	LeadsFile         = "leads.csv"
	TouchesFile       = "touches.csv"
	StagesFile        = "stages.csv"
	OpportunitiesFile = "opportunities.csv"
	CostsFile         = "costs.csv"
	TruthFile         = "truth.json"
)

// Files lists the files Generate writes, in the order it creates them.
var Files = []string{AccountsFile, LeadsFile, TouchesFile, StagesFile, OpportunitiesFile, CostsFile, WebinarAttendeesFile, AgendaFile, WebVisitsFile, ContentFile, NurtureFile, ExperimentFile, SalesActivitiesFile, SocialTouchesFile, TiersFile, TruthFile}

// Limits of a Config.
const (
	MinMonths = 12
	MaxMonths = 24
	MaxLeads  = 10_000_000
)

// Config says what to generate. The zero value of a field means its default.
type Config struct {
	// Leads is the number of leads (contacts), default 20000.
	Leads int
	// Seed seeds the one PCG source every value is drawn from.
	Seed uint64
	// Months is the number of calendar months of data, 12 to 24, default 18;
	// the last one is End's month.
	Months int
	// End is the last day of the data (UTC; the time of day is ignored),
	// default 2026-10-31. Timestamps run up to the end of that day.
	End time.Time
}

// DefaultConfig returns the default Config: 20000 leads, seed 1, 18 months
// ending 2026-10-31.
func DefaultConfig() Config {
	return Config{Leads: 20000, Seed: 1, Months: 18, End: defaultEnd}
}

var defaultEnd = time.Date(2026, time.October, 31, 0, 0, 0, 0, time.UTC)

// normalize fills defaults and checks the ranges.
func (c Config) normalize() (Config, error) {
	if c.Leads == 0 {
		c.Leads = 20000
	}
	if c.Months == 0 {
		c.Months = 18
	}
	if c.End.IsZero() {
		c.End = defaultEnd
	}
	if c.Leads < 1 || c.Leads > MaxLeads {
		return c, fmt.Errorf("sample: leads must be between 1 and %d, not %d", MaxLeads, c.Leads)
	}
	if c.Months < MinMonths || c.Months > MaxMonths {
		return c, fmt.Errorf("sample: months must be between %d and %d, not %d", MinMonths, MaxMonths, c.Months)
	}
	y, m, d := c.End.UTC().Date()
	if y < 1990 || y > 2200 {
		return c, fmt.Errorf("sample: end date %s is out of range (1990 to 2200)", c.End.UTC().Format(time.DateOnly))
	}
	c.End = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return c, nil
}
