// Scoring with a deal-size model: the expected amount per lead, and with
// a win model the expected value.

package scoring

import (
	"cmp"
	"math"
	"slices"

	"github.com/funnel-analytics/funnel/funnel"
)

// addAmounts scores the leads with the deal-size model amf (as of the
// as-of given, which resolves to sc's, with the touches of
// AmountCounted) and sets each lead's ExpectedAmount and ExpectedValue =
// Probability x ExpectedAmount.
func (sc *Scoring) addAmounts(ds *funnel.Dataset, amf *ModelFile) error {
	amt, err := Score(ds, amf, ScoreOptions{AsOf: sc.opts.AsOf, Counted: sc.opts.AmountCounted})
	if err != nil {
		return err
	}
	byRow := make([]float64, ds.Leads.Rows)
	for i := range byRow {
		byRow[i] = math.NaN()
	}
	for _, l := range amt.Leads {
		byRow[l.Row] = l.ExpectedAmount
	}
	for k := range sc.Leads {
		l := &sc.Leads[k]
		l.ExpectedAmount = byRow[l.Row]
		l.ExpectedValue = l.Probability * l.ExpectedAmount
	}
	for _, w := range amt.Warnings {
		sc.Warnings = append(sc.Warnings, "deal-size model: "+w)
	}
	return nil
}

// sortByValue ranks the leads by expected value (with a win model) or
// expected amount, highest first, NaN last, ties in leads order.
func (sc *Scoring) sortByValue() {
	key := func(l *ScoredLead) float64 {
		if sc.opts.Amount != nil {
			return l.ExpectedValue
		}
		return l.ExpectedAmount
	}
	slices.SortFunc(sc.Leads, func(a, b ScoredLead) int {
		ka, kb := key(&a), key(&b)
		switch na, nb := math.IsNaN(ka), math.IsNaN(kb); {
		case na && !nb:
			return 1
		case nb && !na:
			return -1
		}
		if c := cmp.Compare(kb, ka); c != 0 {
			return c
		}
		return cmp.Compare(a.Row, b.Row)
	})
}

// amountReport is the `funnel score` report of a deal-size model alone:
// each lead's expected amount.
func (sc *Scoring) amountReport(mf *ModelFile) *funnel.Report {
	r := funnel.NewReport("score", "Expected deal size")
	r.AddMeta("target", mf.Target.Column)
	r.AddMeta("family", mf.Family)
	r.AddMeta("expected_amount", "exp(x'b) x smearing")
	r.AddMeta("smearing", mf.Amount.Smearing)
	r.AddMeta("as_of", funnel.FormatTime(sc.AsOf, false))
	r.AddMeta("leads_scored", len(sc.Leads))
	if sc.RowsAfterAsOf > 0 {
		r.AddMeta("rows_after_as_of", sc.RowsAfterAsOf)
	}
	r.AddMeta("model_fingerprint", mf.Fingerprint)
	n := len(sc.Leads)
	id, amount := make([]string, n), make([]float64, n)
	for k, l := range sc.Leads {
		id[k], amount[k] = l.LeadID, l.ExpectedAmount
	}
	var t funnel.FrameBuilder
	t.Strings("lead_id", id)
	t.Floats("expected_amount", amount)
	r.AddTable("scores", t.Frame())
	r.Warnings = append(r.Warnings, sc.Warnings...)
	return r
}

// amountColumns adds expected_amount and expected_value to the scores
// table of a win model scored with a deal-size model.
func (sc *Scoring) amountColumns(t *funnel.FrameBuilder) {
	if sc.opts.Amount == nil {
		return
	}
	n := len(sc.Leads)
	amount, value := make([]float64, n), make([]float64, n)
	for k, l := range sc.Leads {
		amount[k], value[k] = l.ExpectedAmount, l.ExpectedValue
	}
	t.Floats("expected_amount", amount)
	t.Floats("expected_value", value)
}
