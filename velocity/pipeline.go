package velocity

import (
	"fmt"
	"math"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// DaysPerMonth converts pipeline velocity per day to per month: 365.2425/12.
const DaysPerMonth = 365.2425 / 12

// PipelineResult is pipeline (sales) velocity from an opportunities table:
//
//	per day = open × win rate × average won amount / average cycle days
//	per month = per day × 365.2425/12
//
// Each opportunity is won, lost or open as of AsOf by
// funnel.OpportunityOutcomes: from its status, closed flag, won flag or a
// stage name that says closed, never from a past close date alone (that is
// the expected close date of an open deal); a close at or after AsOf is
// not known yet, and opportunities created at or after AsOf are left out.
// Win rate = won / (won + lost); the average won amount is over won
// opportunities with an amount; the average cycle is over won
// opportunities with created_at and closed_at, in exact fractional days.
// Undefined figures are NaN.
type PipelineResult struct {
	Open         int
	Won          int
	Lost         int
	WinRate      float64
	AvgWonAmount float64
	// Currency is the ISO code the amounts named (funnel.Column.Currency;
	// "" when none did): the unit of AvgWonAmount and the velocities.
	Currency     string
	AvgCycleDays float64
	PerDay       float64
	PerMonth     float64
	// OutcomeSource says where the outcomes came from (the meta
	// outcome_source; see funnel.Outcomes.Source).
	OutcomeSource string
	Warnings      []string
}

// OpportunityOutcomes decides the outcomes of opps as of asOf (zero: no
// cut-off; else the first whole second after it) by
// funnel.OpportunityOutcomes, its errors wrapped in ErrBadInput. Pipeline
// and package market decide outcomes through it, so both cut alike.
func OpportunityOutcomes(opps *funnel.Table, asOf time.Time) (*funnel.Outcomes, error) {
	out, err := funnel.OpportunityOutcomes(opps, asOfCut(asOf))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadInput, err)
	}
	return out, nil
}

// Pipeline computes pipeline velocity from an opportunities table as of
// asOf (zero: no cut-off).
func Pipeline(opps *funnel.Table, asOf time.Time) (*PipelineResult, error) {
	if opps == nil {
		return nil, fmt.Errorf("%w: no opportunities table", ErrBadInput)
	}
	outcomes, err := OpportunityOutcomes(opps, asOf)
	if err != nil {
		return nil, err
	}
	amount, created, closed := opps.Role(funnel.RoleAmount), opps.TimeRole(funnel.RoleCreatedAt), opps.TimeRole(funnel.RoleClosedAt)
	if amount != nil && amount.Kind != funnel.KindNumber {
		return nil, fmt.Errorf("%w: %s: column %q (amount) holds %s values, want number", ErrBadInput, opps.Source, amount.Name, amount.Kind)
	}
	res := &PipelineResult{Open: outcomes.Open, Won: outcomes.Won, Lost: outcomes.Lost, OutcomeSource: outcomes.Source(), Warnings: outcomes.Warnings()}
	var wonAmount, cycleSecs float64
	nAmount, nCycle, negative := 0, 0, 0
	for r, o := range outcomes.Of {
		if o != funnel.OutcomeWon {
			continue
		}
		if amount != nil && !math.IsNaN(amount.Nums[r]) {
			wonAmount += amount.Nums[r]
			nAmount++
		}
		if created != nil && closed != nil && closed.Times[r] != funnel.NoTime && created.Times[r] != funnel.NoTime {
			d := closed.Times[r] - created.Times[r]
			if d < 0 {
				negative++
				continue
			}
			cycleSecs += float64(d)
			nCycle++
		}
	}
	if negative > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s: %d won opportunities closed before they were created: left out of the average cycle", opps.Source, negative))
	}
	res.WinRate, res.AvgWonAmount, res.AvgCycleDays = math.NaN(), math.NaN(), math.NaN()
	if res.Won+res.Lost > 0 {
		res.WinRate = float64(res.Won) / float64(res.Won+res.Lost)
	}
	if nAmount > 0 {
		res.AvgWonAmount = wonAmount / float64(nAmount)
	}
	if amount != nil {
		res.Currency = amount.Currency
	}
	if nCycle > 0 {
		res.AvgCycleDays = cycleSecs / float64(nCycle) / funnel.SecondsPerDay
	}
	res.PerDay = float64(res.Open) * res.WinRate * res.AvgWonAmount / res.AvgCycleDays
	if res.AvgCycleDays == 0 {
		res.PerDay = math.NaN()
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s: won opportunities close the day they are created (average cycle 0 days): pipeline velocity undefined", opps.Source))
	}
	res.PerMonth = res.PerDay * DaysPerMonth
	return res, nil
}
