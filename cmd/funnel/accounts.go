package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/accounts"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

type accountsOptions struct {
	g      *globalOptions
	inputs *inputFlags

	Targets           string
	MinPeople         int
	MinTouches        int
	Window            string
	Patterns          bool
	Gap               string
	Outcome           string
	MinAccounts       int
	Lookalike         bool
	Positives         string
	LookalikeFeatures []string
	NoEngagement      bool
	LookalikeCutoff   float64
	Seed              uint64
	CampaignBy        string
	MinTargetShare    string
	By                []string
	Phases            bool
	Phase             []string
	Tiers             string
	ShareMonths       int
	Responses         []string
	BacktestAsOf      string
	Horizon           string
	Top               int

	db  warehouseFlags
	cfg accounts.Options
}

func newAccountsCmd(g *globalOptions, runF func(*accountsOptions) error) *cobra.Command {
	opts := &accountsOptions{g: g}
	cmd := &cobra.Command{
		Use:   "accounts --leads FILE --touches FILE [--opportunities FILE] [--targets FILE]",
		Short: "Account-level engagement: high-intensity accounts, patterns, lookalikes, ABM metrics",
		Long: `Which accounts are warming up as a buying committee, and does it matter?
accounts counts the people and touches of each account, flags high-intensity
accounts (several people active within a window) and compares their
opportunity rate with the others'; --patterns finds activity sequences that go
with progress, --lookalike ranks accounts that resemble your won ones, and
--targets compares your target accounts (ABM) with the rest.

More: 'funnel help intensity', 'funnel help lookalike', 'funnel help abm',
'funnel help abm-over-time', 'funnel help phases'.`,
		Example: `  funnel accounts --data exports
  funnel accounts --data exports --lookalike --lookalike-from won --table lookalikes -o lookalikes.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(opts, runF, accountsRun, opts.parse, g.checkOutputs(opts.inputs))
		},
	}
	opts.inputs = addInputFlags(cmd, funnel.Leads, funnel.Touches, funnel.Opportunities, funnel.Accounts, funnel.Costs, funnel.Attendees)
	f := cmd.Flags()
	f.StringVar(&opts.Targets, "targets", "", "target account list `FILE`: ids one a line, or a table with an account_id column (default: the accounts' target column)")
	f.IntVar(&opts.MinPeople, "min-people", accounts.DefaultMinPeople, "contacts needed for high intensity")
	f.IntVar(&opts.MinTouches, "min-touches", accounts.DefaultMinTouches, "touches each of those contacts needs in the window")
	f.StringVar(&opts.Window, "window", "30d", "trailing window of high intensity")
	f.BoolVar(&opts.Patterns, "patterns", false, "add the table patterns: ordered pairs of activity types within --gap")
	f.StringVar(&opts.Gap, "gap", "7d", "most time from the first activity of a pattern to the second")
	f.StringVar(&opts.Outcome, "outcome", "high-intensity", "outcome of --patterns: high-intensity, opportunity or won")
	f.IntVar(&opts.MinAccounts, "min-accounts", 1, "leave out patterns seen in fewer accounts")
	f.BoolVar(&opts.Lookalike, "lookalike", false, "add the table lookalikes (positive-unlabeled learning)")
	f.StringVar(&opts.Positives, "lookalike-from", "", "positive accounts of --lookalike: won, high-intensity or opportunity (default: won with --opportunities, else high-intensity)")
	aliasFlag(f, "positives", "lookalike-from")
	f.StringSliceVar(&opts.LookalikeFeatures, "lookalike-features", nil, "account columns of --lookalike, comma-separated (default industry,region,employees)")
	f.BoolVar(&opts.NoEngagement, "no-engagement", false, "--lookalike without the touches per activity type")
	f.Float64Var(&opts.LookalikeCutoff, "lookalike-cutoff", accounts.DefaultLookalikeCutoff, "probability at which --lookalike flags an account (for the held-out recall)")
	f.Uint64Var(&opts.Seed, "seed", 1, "seed of the --lookalike held-out split")
	f.StringVar(&opts.CampaignBy, "campaign-by", "", "touches column of campaign_targets (default campaign, else channel)")
	f.StringVar(&opts.MinTargetShare, "min-target-share", "30%", "flag campaigns whose engaged accounts are less than this share target accounts (30% or 0.3)")
	f.StringSliceVar(&opts.By, "by", nil, "with --patterns, add the table patterns_by_segment: the patterns per segment of these account columns, e.g. industry,region")
	f.BoolVar(&opts.Phases, "phases", false, "add the tables phases and phase_mix: the activity mix per buying phase (engage, interact, convert) and where each falls in the accounts' journeys")
	f.StringArrayVar(&opts.Phase, "phase", nil, "set the buying phase of activity types, e.g. convert=event_visit,meeting (repeatable; the others by their names: 'funnel help phases')")
	addABMFlags(cmd, opts)
	addWarehouseFlags(cmd, &opts.db, "accounts is not pushed down yet: the tables' rows are streamed and analyzed as files are", false)
	opts.inputs.fromDatabase(&opts.db, "accounts")
	return cmd
}

// parse validates the flags into an accounts.Options.
func (o *accountsOptions) parse() error {
	c := &o.cfg
	if o.MinPeople < 1 {
		return usagef("--min-people %d: want 1 or more", o.MinPeople)
	}
	if o.MinTouches < 1 {
		return usagef("--min-touches %d: want 1 or more", o.MinTouches)
	}
	c.MinPeople, c.MinTouches = o.MinPeople, o.MinTouches
	var err error
	if c.Window, err = funnel.ParseDuration(o.Window); err != nil || c.Window == 0 {
		return usagef("--window %q: want a positive duration such as 30d", o.Window)
	}
	if c.Gap, err = funnel.ParseDuration(o.Gap); err != nil || c.Gap == 0 {
		return usagef("--gap %q: want a positive duration such as 7d", o.Gap)
	}
	c.Patterns = o.Patterns
	if c.PatternOutcome, err = accounts.ParseOutcome(o.Outcome); err != nil {
		return usagef("--outcome: %v", err)
	}
	if o.MinAccounts < 1 {
		return usagef("--min-accounts %d: want 1 or more", o.MinAccounts)
	}
	c.MinPatternAccounts = o.MinAccounts
	if c.PatternBy = trimAll(o.By); len(c.PatternBy) > 0 && !o.Patterns {
		return usagef("--by segments the patterns: give --patterns too")
	}
	if err := o.parsePhases(); err != nil {
		return err
	}
	c.Lookalike = o.Lookalike
	if o.Positives != "" {
		if c.Positives, err = accounts.ParseOutcome(o.Positives); err != nil {
			return usagef("--lookalike-from: %v", err)
		}
	}
	c.LookalikeFeatures = trimAll(o.LookalikeFeatures)
	c.NoEngagement = o.NoEngagement
	if !(o.LookalikeCutoff > 0 && o.LookalikeCutoff <= 1) {
		return usagef("--lookalike-cutoff %g: want a probability above 0, at most 1", o.LookalikeCutoff)
	}
	c.LookalikeCutoff, c.Seed = o.LookalikeCutoff, o.Seed
	c.CampaignBy = strings.TrimSpace(o.CampaignBy)
	if c.MinTargetShare, err = parseShare(o.MinTargetShare); err != nil {
		return usagef("--min-target-share %q: %v", o.MinTargetShare, err)
	}
	return o.parseABM()
}

// parsePhases reads --phases and each --phase PHASE=TYPE,... into the
// options; --phase without --phases is a usage error.
func (o *accountsOptions) parsePhases() error {
	c := &o.cfg
	c.Phases = o.Phases
	if len(o.Phase) > 0 && !o.Phases {
		return usagef("--phase sets the phases of --phases: give --phases too")
	}
	for _, spec := range o.Phase {
		name, types, ok := strings.Cut(spec, "=")
		phase, err := accounts.ParsePhase(name)
		if !ok || err != nil || strings.TrimSpace(types) == "" {
			return usagef("--phase %q: want PHASE=TYPE,TYPE with PHASE one of %s", spec, strings.Join(accounts.BuyingPhases, ", "))
		}
		if c.PhaseOf == nil {
			c.PhaseOf = map[string]string{}
		}
		for _, t := range strings.Split(types, ",") {
			if t = strings.TrimSpace(t); t != "" {
				c.PhaseOf[funnel.NameKey(t)] = phase
			}
		}
	}
	return nil
}

// parseShare reads "30%" or "0.3" as 0.3.
func parseShare(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(t, "%")), 64)
	if err != nil || math.IsNaN(v) {
		return 0, fmt.Errorf("want a share such as 30%% or 0.3")
	}
	if pct {
		v /= 100
	}
	if v < 0 || v > 1 {
		return 0, fmt.Errorf("want a share between 0 and 100%%")
	}
	return v, nil
}

func accountsRun(o *accountsOptions) error {
	g := o.g
	in, err := g.readInputs(o.inputs, funnel.Touches)
	if err != nil {
		return err
	}
	ac := o.cfg
	if ac.AsOf, err = g.asOf(in.opts); err != nil {
		return err
	}
	if o.Targets != "" {
		if ac.Targets, err = in.readTargets(o.Targets); err != nil {
			return err
		}
		ac.TargetsSource = o.Targets
	} else if in.ds.Accounts != nil && in.ds.Accounts.Named("target") != nil {
		ac.TargetsSource = in.files[funnel.Accounts] + " (target column)"
	}
	if err := o.readABM(in, &ac); err != nil {
		return err
	}
	a, err := accounts.Analyze(in.ds, ac)
	if err != nil {
		return err
	}
	return g.writeReport(in.withWarnings(a.Report()), in.paths())
}

// readTargets reads a target account list, as the inputs were read, and
// records it in s: a table with an account_id column (any header alias),
// or a one-column list of ids without a header.
func (s *inputSet) readTargets(path string) ([]string, error) {
	t, warnings, err := ingest.Load(path, funnel.Accounts, s.ds.Dict, s.opts)
	if err != nil {
		return nil, fmt.Errorf("--targets: %w", err)
	}
	var ids []string
	c := t.Role(funnel.RoleAccountID)
	if c == nil {
		if len(t.Columns) != 1 {
			return nil, fmt.Errorf("--targets %s: no account_id column; give account ids one a line, or a table with an account_id column", path)
		}
		c = t.Columns[0]
		ids = append(ids, strings.TrimSpace(c.Name)) // no header: the first line is an id
	}
	for i := 0; i < t.Rows; i++ {
		if c.IsNA(i) {
			continue
		}
		if c.Kind == funnel.KindNumber {
			ids = append(ids, strconv.FormatFloat(c.Nums[i], 'f', -1, 64))
			continue
		}
		ids = append(ids, t.Text(c, i))
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("--targets %s: no account ids", path)
	}
	s.add(path, warnings)
	return ids, nil
}
