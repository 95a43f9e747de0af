package signals

import (
	"cmp"
	"math"
	"slices"

	"github.com/funnel-analytics/funnel/funnel"
)

// Trial is a stalled trial; the tagged fields are the columns of the
// stalled_trial table.
type Trial struct {
	AccountID   string  `table:"account_id"`
	AccountName string  `table:"account_name"`
	SignedUpBy  string  `table:"signed_up_by"`
	SignedUp    string  `table:"signed_up"`
	DaysSince   float64 `table:"days_since_signup"` // AsOf - signup, in days
	TrialEnds   string  `table:"trial_ends"`
	Uses        int     `table:"uses"` // usage touches from the signup to the judging time
	LastUse     string  `table:"last_use"`
	Stall       string  `table:"stall"` // "no usage" or "usage stopped"
	IdleDays    float64 `table:"idle_days"`
	People      int     `table:"people"` // the account's contacts
	Action      string  `table:"action"`
}

// trials judges every account's latest trial signup before AsOf whose
// trial runs at AsOf or ended less than StallAfter before it. The judging
// time is j = min(AsOf, signup + TrialLength); the trial is stalled when
// j - (its last usage in [signup, j), else the signup) >= StallAfter.
func (ix *index) trials() []Trial {
	var out []Trial
	rows := ix.trialRows
	for lo := 0; lo < len(rows); {
		hi := lo
		for hi < len(rows) && rows[hi].acct == rows[lo].acct {
			hi++
		}
		if k := rows[lo].acct; k >= 0 {
			if t, ok := ix.stalled(k, rows[lo:hi]); ok {
				out = append(out, t)
			}
		}
		lo = hi
	}
	slices.SortFunc(out, func(x, y Trial) int {
		return cmp.Or(cmp.Compare(y.IdleDays, x.IdleDays), cmp.Compare(x.AccountID, y.AccountID))
	})
	return out
}

// stalled judges the latest signup among one account's trial rows (in
// time order).
func (ix *index) stalled(k int32, rows []activity) (Trial, bool) {
	s := -1
	for i, a := range rows {
		if a.kind == rowSignup {
			s = i
		}
	}
	if s < 0 {
		return Trial{}, false
	}
	signup := rows[s].t
	end := signup + ix.opts.TrialLength
	if end+ix.opts.StallAfter <= ix.opts.AsOf {
		return Trial{}, false // ended long enough ago to be news no more
	}
	judged := min(ix.opts.AsOf, end)
	uses, last := 0, signup
	for _, a := range rows[s+1:] {
		if a.kind == rowUsage && a.t < judged {
			uses++
			last = a.t
		}
	}
	idle := judged - last
	if idle < ix.opts.StallAfter {
		return Trial{}, false
	}
	t := Trial{
		AccountID: ix.ids[k], AccountName: ix.names[k], SignedUp: funnel.FormatTime(signup, false),
		DaysSince: roundDays(ix.opts.AsOf - signup), TrialEnds: funnel.FormatTime(end, false),
		Uses: uses, Stall: "no usage", IdleDays: roundDays(idle), People: len(ix.contacts[k]), Action: SuggestedAction,
	}
	if rows[s].lead != funnel.NA {
		t.SignedUpBy = ix.contactName(rows[s].lead)
	}
	if uses > 0 {
		t.Stall, t.LastUse = "usage stopped", funnel.FormatTime(last, false)
	}
	return t, true
}

// roundDays writes seconds as days to one decimal.
func roundDays(s int64) float64 { return math.Round(funnel.Days(0, s)*10) / 10 }
