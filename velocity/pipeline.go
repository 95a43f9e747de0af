package velocity

import (
	"fmt"
	"math"
	"strings"
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
// An opportunity is won when its won flag is true (without a won column:
// when its stage names a won stage, "Closed Won"); lost when it has a
// closed_at and is not won, or its stage names a lost stage ("Closed
// Lost"); open otherwise. A closed_at after AsOf counts as not yet closed;
// opportunities created after AsOf are left out. Win rate = won / (won +
// lost); the average won amount is over won opportunities with an amount;
// the average cycle is over won opportunities with created_at and
// closed_at, in exact fractional days. Undefined figures are NaN.
type PipelineResult struct {
	Open         int
	Won          int
	Lost         int
	WinRate      float64
	AvgWonAmount float64
	AvgCycleDays float64
	PerDay       float64
	PerMonth     float64
	Warnings     []string
}

// Opportunity outcomes as of a time.
const (
	oppLater int8 = iota - 1 // created after the as-of time: left out
	oppOpen
	oppWon
	oppLost
)

// The outcomes Outcomes gives, one per opportunity.
const (
	OutcomeLater = oppLater // created after the as-of time
	OutcomeOpen  = oppOpen
	OutcomeWon   = oppWon
	OutcomeLost  = oppLost
)

// Outcomes classifies every opportunity of opps as of asOf (zero: no
// cut-off) by the rules of PipelineResult: won by its won flag (or a
// stage saying won) once closed before asOf, lost when closed otherwise
// (or its stage says lost), open else, later when created at or after
// asOf. It is an error when opps has no won, stage or closed_at column.
func Outcomes(opps *funnel.Table, asOf time.Time) ([]int8, error) {
	oc, err := opportunityColumns(opps)
	if err != nil {
		return nil, err
	}
	return oc.outcomes(opps, asOf), nil
}

// oppColumns are the typed columns of an opportunities table.
type oppColumns struct {
	won, created, closed, amount, stage *funnel.Column
}

func opportunityColumns(opps *funnel.Table) (oppColumns, error) {
	var oc oppColumns
	var err error
	col := func(role string, kind funnel.Kind) *funnel.Column {
		c := opps.Role(role)
		if c != nil && c.Kind != kind && err == nil {
			err = fmt.Errorf("%w: %s: column %q (%s) holds %s values, want %s", ErrBadInput, opps.Source, c.Name, role, c.Kind, kind)
		}
		return c
	}
	oc.won = col(funnel.RoleWon, funnel.KindBool)
	oc.created = col(funnel.RoleCreatedAt, funnel.KindTime)
	oc.closed = col(funnel.RoleClosedAt, funnel.KindTime)
	oc.amount = col(funnel.RoleAmount, funnel.KindNumber)
	oc.stage = col(funnel.RoleStage, funnel.KindText)
	if err != nil {
		return oc, err
	}
	if oc.won == nil && oc.stage == nil && oc.closed == nil {
		return oc, fmt.Errorf("%w: %s: opportunity outcomes need won, stage or closed_at (columns: %s)", ErrBadInput, opps.Source, headers(opps))
	}
	return oc, nil
}

// outcomes classifies every opportunity as of asOf (zero: no cut-off), by
// the rules of PipelineResult.
func (oc oppColumns) outcomes(opps *funnel.Table, asOf time.Time) []int8 {
	cut := asOfCut(asOf)
	out := make([]int8, opps.Rows)
	for r := range out {
		if oc.created != nil && oc.created.Times[r] != funnel.NoTime && oc.created.Times[r] >= cut {
			out[r] = oppLater
			continue
		}
		closedAt, closedLater := funnel.NoTime, false
		if oc.closed != nil && oc.closed.Times[r] != funnel.NoTime {
			if oc.closed.Times[r] < cut {
				closedAt = oc.closed.Times[r]
			} else {
				closedLater = true
			}
		}
		switch {
		case oc.won != nil && oc.won.Bools[r] == 1, oc.won == nil && oc.stage != nil && stageSays(opps.Text(oc.stage, r), "won"):
			out[r] = oppWon
			if closedLater {
				out[r] = oppOpen
			}
		case closedAt != funnel.NoTime:
			out[r] = oppLost
		case !closedLater && oc.stage != nil && stageSays(opps.Text(oc.stage, r), "lost"):
			out[r] = oppLost
		default:
			out[r] = oppOpen
		}
	}
	return out
}

// Pipeline computes pipeline velocity from an opportunities table as of
// asOf (zero: no cut-off).
func Pipeline(opps *funnel.Table, asOf time.Time) (*PipelineResult, error) {
	if opps == nil {
		return nil, fmt.Errorf("%w: no opportunities table", ErrBadInput)
	}
	oc, err := opportunityColumns(opps)
	if err != nil {
		return nil, err
	}
	res := &PipelineResult{}
	var wonAmount, cycleSecs float64
	nAmount, nCycle, negative := 0, 0, 0
	for r, o := range oc.outcomes(opps, asOf) {
		switch o {
		case oppWon:
			res.Won++
			if oc.amount != nil && !math.IsNaN(oc.amount.Nums[r]) {
				wonAmount += oc.amount.Nums[r]
				nAmount++
			}
			if oc.created != nil && oc.closed != nil && oc.closed.Times[r] != funnel.NoTime && oc.created.Times[r] != funnel.NoTime {
				d := oc.closed.Times[r] - oc.created.Times[r]
				if d < 0 {
					negative++
					continue
				}
				cycleSecs += float64(d)
				nCycle++
			}
		case oppLost:
			res.Lost++
		case oppOpen:
			res.Open++
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

// stageSays reports whether a stage name contains the word w ("Closed Won").
func stageSays(stage, w string) bool {
	for _, f := range strings.FieldsFunc(strings.ToLower(stage), func(r rune) bool {
		return !(r >= 'a' && r <= 'z')
	}) {
		if f == w {
			return true
		}
	}
	return false
}
