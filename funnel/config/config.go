package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/funnel-analytics/funnel/funnel"
)

// Config is the content of a funnel.yaml file. Every field is optional.
//
//	data: exports/                      # a folder of standard export names
//	inputs:                             # or one path (or glob) per input; {month} is substituted
//	  leads: crm/leads.csv
//	  touches: crm/activities-{month}.csv.gz
//	  web: web/visits-{month}.csv        # web activity (signals, the report's Signals sheet)
//	  attendees: webinars/{month}.csv    # a webinar attendee report (the Webinars sheet)
//	  agenda: webinars/agenda.csv        # the webinars' agenda (minute, topic)
//	columns:                            # role bindings, like --col
//	  touches.occurred_at: Activity Date
//	na_values: [Select, N/A, "-"]
//	split_values: ";"                   # multi-value columns, like --split-values
//	date_order: mdy                     # or dmy
//	timezone: America/New_York
//	encoding: windows-1252
//	delimiter: ";"
//	max_errors: 10
//	stages: [mql, sql, opportunity, customer]   # the stage ladder
//	scoring:                            # the lead-score model of reports
//	  model: models/lead-score.json     # a saved model (funnel fit --model), or fit settings:
//	  target: won_at                    # or target_stage: customer
//	  features: [industry]
//	  window: 180d
//	  decay: 30d
//	  transform: log1p
//	  penalty: l2
//	  lambda: 0.1
//	attribution: {by: channel, lookback: 90d, milestone: closed, models: [first_touch, markov]}
//	velocity: {period: month, within: 90d, alert_slower: 25%, alert_min: 20, months: 12}
//	size: {by: [industry, region], units_col: employees, price: 40}
//	accounts: {min_people: 2, min_touches: 1, window: 30d}
//	report: {output: "reports/funnel-{month}.xlsx", top_leads: 25}
//	speed: {alert_median: 1h, sales: exports/tasks.csv}   # or sales_touch: [call, meeting]
//	warehouse: {url: "postgres://analyst@db/crm", tables: {touches: marketing.activities}}
//
// Values that belong to an analysis (durations, penalties, model names)
// are kept as written and checked by the command that uses them, with the
// same parsers as its flags; Validate checks what it can without them.
type Config struct {
	Data      string            `yaml:"data"`
	Inputs    map[string]string `yaml:"inputs"`
	Columns   map[string]string `yaml:"columns"`
	NAValues  []string          `yaml:"na_values"`
	DateOrder string            `yaml:"date_order"`
	Timezone  string            `yaml:"timezone"`
	Encoding  string            `yaml:"encoding"`
	Delimiter string            `yaml:"delimiter"`
	MaxErrors int               `yaml:"max_errors"`
	Positive  []string          `yaml:"positive"`
	// SplitValues separates the values of multi-value text columns
	// (--split-values): fit's features and size's segments split them.
	SplitValues string `yaml:"split_values"`

	Stages      []string    `yaml:"stages"`
	Scoring     Scoring     `yaml:"scoring"`
	Attribution Attribution `yaml:"attribution"`
	Velocity    Velocity    `yaml:"velocity"`
	Size        Size        `yaml:"size"`
	Accounts    Accounts    `yaml:"accounts"`
	Report      Report      `yaml:"report"`
	Nurture     Nurture     `yaml:"nurture"`
	Speed       Speed       `yaml:"speed"`
	Warehouse   Warehouse   `yaml:"warehouse"`

	// Path is the file the config was read from; relative input paths are
	// resolved against its folder.
	Path string `yaml:"-"`
}

// Warehouse names a database to read the inputs from instead of files
// (--db, --db-table): its URL (a password is better left to PGPASSWORD
// or ~/.pgpass than written here) and the table of each input, by the
// input's name (touches: marketing.activities).
type Warehouse struct {
	URL    string            `yaml:"url"`
	Tables map[string]string `yaml:"tables"`
}

// Scoring holds the lead-score model of the monthly report: a saved model
// file, or the settings of funnel fit to fit one on the history before the
// month.
type Scoring struct {
	Model         string   `yaml:"model"`
	Target        string   `yaml:"target"`
	TargetStage   string   `yaml:"target_stage"`
	Features      []string `yaml:"features"`
	ActivityTypes []string `yaml:"activity_types"`
	Window        string   `yaml:"window"`
	Decay         string   `yaml:"decay"`
	Transform     string   `yaml:"transform"`
	Penalty       string   `yaml:"penalty"`
	Lambda        float64  `yaml:"lambda"`
	MinLevelCount int      `yaml:"min_level_count"`
	Missing       string   `yaml:"missing"`
}

// Attribution holds the settings of funnel attribute.
type Attribution struct {
	By        string   `yaml:"by"`
	Lookback  string   `yaml:"lookback"`
	Milestone string   `yaml:"milestone"`
	Level     string   `yaml:"level"`
	Models    []string `yaml:"models"`
	HalfLife  string   `yaml:"half_life"`
}

// Velocity holds the settings of funnel velocity and its alerts.
type Velocity struct {
	Period      string   `yaml:"period"`
	Within      string   `yaml:"within"`
	Pairs       []string `yaml:"pairs"`
	By          []string `yaml:"by"`
	AlertSlower string   `yaml:"alert_slower"`
	AlertMin    int      `yaml:"alert_min"`
	// StageField is the stage field of a field history stages file
	// (velocity --stage-field).
	StageField string `yaml:"stage_field"`
	// Months is how many periods up to the report's month the report shows.
	Months int `yaml:"months"`
}

// Size holds the settings of funnel size.
type Size struct {
	By       []string `yaml:"by"`
	Units    float64  `yaml:"units"`
	UnitsCol string   `yaml:"units_col"`
	Price    float64  `yaml:"price"`
	Prices   string   `yaml:"prices"`
	Filter   string   `yaml:"filter"`
	MinLeads int      `yaml:"min_leads"`
}

// Accounts holds the settings of funnel accounts.
type Accounts struct {
	MinPeople  int    `yaml:"min_people"`
	MinTouches int    `yaml:"min_touches"`
	Window     string `yaml:"window"`
	Targets    string `yaml:"targets"`
}

// Report holds the settings of funnel report.
type Report struct {
	// Output is the path of the report, with {month} substituted, e.g.
	// reports/funnel-{month}.xlsx; its extension gives the format.
	Output string `yaml:"output"`
	// TopLeads is how many of the month's best open leads the Scoring
	// sheet lists.
	TopLeads int `yaml:"top_leads"`
}

// Nurture holds the settings of funnel nurture that the report's Nurture
// sheet uses: the dormancy, the outcome stage, and the nurture program
// (its campaigns, a leads column, or a file of enrollments, relative to
// the config file; nurture.csv in the data folder when none is named) and
// the leads columns its comparison matches on.
type Nurture struct {
	Dormant       string   `yaml:"dormant"`
	Outcome       string   `yaml:"outcome"`
	Program       []string `yaml:"program"`
	ProgramColumn string   `yaml:"program_column"`
	Enrollments   string   `yaml:"enrollments"`
	Strata        []string `yaml:"strata"`
}

// Speed holds the settings of funnel speed that the report's Speed sheet
// uses: the stage that starts the clock (mql), the activity types or
// channels of a sales touch in the touches, or a file of sales activities
// (relative to the config file; sales_activities.csv in the data folder
// when none is named) every row of which is one, and the alert on the
// month's median delay (a duration such as 1h).
type Speed struct {
	Start       string   `yaml:"start"`
	SalesTouch  []string `yaml:"sales_touch"`
	Sales       string   `yaml:"sales"`
	AlertMedian string   `yaml:"alert_median"`
}

// MaxBytes is the largest config file read; a config is a few lines.
const MaxBytes = 1 << 20

// Load reads and validates the config file at path.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("config %s: larger than %d bytes", path, MaxBytes)
	}
	cfg, err := Parse(data)
	var unknown *UnknownKeyError
	if errors.As(err, &unknown) {
		unknown.Path = path // the message names the file itself
		return nil, unknown
	}
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	cfg.Path = path
	return cfg, nil
}

// Parse decodes and validates a config document. Unknown keys are errors
// (an *UnknownKeyError naming the first, with the nearest known key), so a
// misspelt key does not silently do nothing.
func Parse(data []byte) (*Config, error) {
	cfg := &Config{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		if unknown := unknownKey(err); unknown != nil {
			return nil, unknown
		}
		return nil, cleanYAMLError(err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// Inputs of the inputs: section besides the data model's
// (funnel.TableKinds): web activity, read as touches besides the touches
// (`funnel signals --web`), and a webinar agenda (`funnel webinar
// --agenda`); funnel report reads both.
const (
	InputWeb    = "web"
	InputAgenda = "agenda"
)

// Validate checks the values that can be checked without reading inputs.
func (c *Config) Validate() error {
	for name := range c.Inputs {
		if _, ok := funnel.ParseTableKind(name); !ok && name != InputWeb && name != InputAgenda {
			names := []string{InputWeb, InputAgenda}
			for _, k := range funnel.TableKinds {
				names = append(names, k.String())
			}
			if near := funnel.Closest(name, names); near != "" {
				return fmt.Errorf("inputs: unknown input %q (did you mean %q? one of %s, %s, %s)", name, near, kindList(), InputWeb, InputAgenda)
			}
			return fmt.Errorf("inputs: unknown input %q (one of %s, %s, %s)", name, kindList(), InputWeb, InputAgenda)
		}
	}
	for key, header := range c.Columns {
		table, role, found := strings.Cut(key, ".")
		if found {
			if _, ok := funnel.ParseTableKind(table); !ok {
				return fmt.Errorf("columns: %q: unknown input %q (one of %s)", key, table, kindList())
			}
		} else {
			role = table
		}
		if role == "" || strings.TrimSpace(header) == "" {
			return fmt.Errorf("columns: %q: want role: Header", key)
		}
	}
	switch c.DateOrder {
	case "", "mdy", "dmy":
	default:
		return fmt.Errorf("date_order: %q: want mdy or dmy", c.DateOrder)
	}
	if c.MaxErrors < 0 {
		return fmt.Errorf("max_errors: %d: must not be negative", c.MaxErrors)
	}
	if len([]rune(c.Delimiter)) > 1 {
		return fmt.Errorf("delimiter: %q: want a single character", c.Delimiter)
	}
	if c.Scoring.Target != "" && c.Scoring.TargetStage != "" {
		return fmt.Errorf("scoring: give target or target_stage, not both")
	}
	for _, n := range []struct {
		key string
		v   int
	}{
		{"scoring: min_level_count", c.Scoring.MinLevelCount},
		{"velocity: alert_min", c.Velocity.AlertMin},
		{"velocity: months", c.Velocity.Months},
		{"size: min_leads", c.Size.MinLeads},
		{"accounts: min_people", c.Accounts.MinPeople},
		{"accounts: min_touches", c.Accounts.MinTouches},
		{"report: top_leads", c.Report.TopLeads},
	} {
		if n.v < 0 {
			return fmt.Errorf("%s: %d: must not be negative", n.key, n.v)
		}
	}
	for _, n := range []struct {
		key string
		v   float64
	}{
		{"scoring: lambda", c.Scoring.Lambda},
		{"size: units", c.Size.Units},
		{"size: price", c.Size.Price},
	} {
		if n.v < 0 || math.IsNaN(n.v) || math.IsInf(n.v, 0) {
			return fmt.Errorf("%s: %v: want a finite number, not negative", n.key, n.v)
		}
	}
	return nil
}

// SubstituteMonth replaces every {month} in s by month.
func SubstituteMonth(s, month string) string { return strings.ReplaceAll(s, "{month}", month) }

// HasMonth reports whether s holds the {month} placeholder.
func HasMonth(s string) bool { return strings.Contains(s, "{month}") }

// Resolve returns p relative to the config file's folder when p is relative.
func (c *Config) Resolve(p string) string {
	if p == "" || p == "-" || filepath.IsAbs(p) || c.Path == "" {
		return p
	}
	return filepath.Join(filepath.Dir(c.Path), p)
}

func kindList() string {
	names := make([]string, len(funnel.TableKinds))
	for i, k := range funnel.TableKinds {
		names[i] = k.String()
	}
	return strings.Join(names, ", ")
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// cleanYAMLError turns yaml.v3's multi-line type errors into one line.
func cleanYAMLError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	msg = strings.ReplaceAll(msg, "\n  ", "; ")
	msg = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(msg)
	return errors.New(msg)
}
