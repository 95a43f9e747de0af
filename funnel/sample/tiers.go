package sample

import (
	"fmt"
	"io"
	"math/rand/v2"
)

// TiersFile is the planted ABM tier list (issue 20): a row per target
// account, account_id and tier, the file `funnel accounts --tiers` reads
// (and reads from a --data folder by this name).
const TiersFile = "account_tiers.csv"

// tiersStream is the PCG stream of the tier planting: its own random
// source, so that the other files are the same bytes with or without it.
const tiersStream = 0x7469657273 // "tiers"

// The tier rule: a target account of at least tierLargeEmployees is
// one-to-one with chance tierOneLarge, a smaller one with tierOneSmall;
// else one-to-few with chance tierFew; else one-to-many.
const (
	tierLargeEmployees = 5000
	tierOneLarge       = 0.3
	tierOneSmall       = 0.02
	tierFew            = 0.3
)

// tierNames are the tiers as the file writes them, in common spellings
// (funnel accounts reads them all).
var tierNames = [3]string{"1:1", "1:few", "1:many"}

// targetAccount is a target account as the tier planting needs it.
type targetAccount struct {
	id, employees int
}

// TiersTruth is the planted tiers: the rule and the target accounts of
// each tier, which `funnel accounts --tiers` counts in its abm table. The
// tiers were drawn after the touches and deals, so they have no planted
// effect on engagement: they are a segment, not a cause.
type TiersTruth struct {
	File     string         `json:"file"`
	Rule     string         `json:"rule"`
	Accounts map[string]int `json:"accounts"` // one-to-one, one-to-few, one-to-many -> target accounts
}

// plantTiers writes TiersFile for the target accounts of g and records it
// in truth (Tiers, and its rows in Rows).
func plantTiers(cfg Config, g *generator, truth *Truth, create func(name string) (io.WriteCloser, error)) error {
	rng := rand.New(rand.NewPCG(cfg.Seed, tiersStream))
	w, err := createRows(create, TiersFile, "account_id", "tier")
	if err != nil {
		return err
	}
	tt := &TiersTruth{File: TiersFile, Accounts: map[string]int{},
		Rule: fmt.Sprintf("target accounts only: one-to-one with chance %g at %d employees or more, else %g; else one-to-few with chance %g; else one-to-many",
			tierOneLarge, tierLargeEmployees, tierOneSmall, tierFew)}
	full := [3]string{"one-to-one", "one-to-few", "one-to-many"}
	for _, a := range g.targets {
		one := tierOneSmall
		if a.employees >= tierLargeEmployees {
			one = tierOneLarge
		}
		tier := 2
		switch u := rng.Float64(); {
		case u < one:
			tier = 0
		case u < one+(1-one)*tierFew:
			tier = 1
		}
		w.id('A', a.id, g.accountWidth)
		w.text(tierNames[tier])
		w.end()
		tt.Accounts[full[tier]]++
	}
	if err := w.finish(); err != nil {
		return err
	}
	truth.Tiers = tt
	truth.Rows[TiersFile] = w.rows
	return nil
}
