package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/accounts"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// tiersFileNames are the names --data looks for when --tiers is not
// given and the accounts have no tier column (sample.TiersFile first).
var tiersFileNames = []string{"account_tiers.csv", "account_tiers.csv.gz", "account_tiers.tsv", "account_tiers.xlsx"}

// addABMFlags adds the flags of ABM over time to `funnel accounts`: the
// tiers, the target share's window and responses, and the lookalike
// backtest.
func addABMFlags(cmd *cobra.Command, opts *accountsOptions) {
	f := cmd.Flags()
	f.StringVar(&opts.Tiers, "tiers", "", "account tiers `FILE`: account_id and tier (one-to-one, one-to-few, one-to-many; 1:1, 1:few, 1:many) (default: the accounts' tier column, else account_tiers.csv in --data)")
	f.IntVar(&opts.ShareMonths, "share-months", accounts.DefaultShareMonths, "months of the target_share table, ending with the as-of month")
	f.StringSliceVar(&opts.Responses, "responses", nil, "activity types that are responses, comma-separated (default: by words, see 'funnel help abm')")
	f.StringVar(&opts.BacktestAsOf, "backtest-as-of", "", "rank lookalikes with the data as of `DATE` and follow how they converted after it (tables lookalike_backtest, lookalike_backtest_accounts)")
	f.StringVar(&opts.Horizon, "horizon", "180d", "how long after --backtest-as-of a conversion counts")
	f.IntVar(&opts.Top, "top", 0, "accounts in the backtest's top group (default: the top decile)")
}

// parseABM validates the ABM flags into o.cfg (the backtest date is read
// with the inputs' reading options, in readABM).
func (o *accountsOptions) parseABM() error {
	c := &o.cfg
	if o.ShareMonths < 1 {
		return usagef("--share-months %d: want 1 or more", o.ShareMonths)
	}
	c.ShareMonths = o.ShareMonths
	c.Responses = trimAll(o.Responses)
	h, err := funnel.ParseDuration(o.Horizon)
	if err != nil || h <= 0 {
		return usagef("--horizon %q: want a positive duration such as 180d", o.Horizon)
	}
	c.Horizon = h
	if o.Top < 0 {
		return usagef("--top %d: want 0 (the top decile) or more", o.Top)
	}
	c.Top = o.Top
	return nil
}

// readABM reads the tiers (--tiers, else the accounts' tier column, else
// account_tiers.csv in --data) and the backtest date into ac.
func (o *accountsOptions) readABM(in *inputSet, ac *accounts.Options) error {
	var err error
	if ac.BacktestAsOf, err = parseAsOf("--backtest-as-of", o.BacktestAsOf, in.opts); err != nil {
		return err
	}
	path := o.Tiers
	if path == "" {
		if in.ds.Accounts != nil && in.ds.Accounts.Named(accounts.TierColumn) != nil {
			ac.TiersSource = in.files[funnel.Accounts] + " (tier column)"
			return nil
		}
		if o.g.DataDir != "" {
			path = findFile(o.g.DataDir, tiersFileNames)
		}
	}
	if path != "" {
		if ac.Tiers, err = in.readTiers(path); err != nil {
			return err
		}
		ac.TiersSource = path
	}
	return nil
}

// readTiers reads a tiers file (account_id and tier columns), as the
// inputs were read, and records it in s.
func (s *inputSet) readTiers(path string) ([]accounts.TierOf, error) {
	t, warnings, err := ingest.Load(path, funnel.Accounts, s.ds.Dict, s.opts)
	if err != nil {
		return nil, fmt.Errorf("--tiers: %w", err)
	}
	tiers, err := accounts.TiersFromTable(t)
	if err != nil {
		return nil, fmt.Errorf("--tiers: %w", err)
	}
	s.add(path, warnings)
	return tiers, nil
}
