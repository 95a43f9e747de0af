package report

import (
	"github.com/funnel-analytics/funnel/accounts"
)

// SheetABM is the sheet of the target accounts over time.
const SheetABM = "ABM"

// abm adds the ABM sheet when there are target accounts (a target list,
// or the accounts' target or tier column): the target accounts' (and each
// tier's) share of the touches, responses, attendees and pipeline per
// month over the report's months, as `funnel accounts --table
// target_share` gives it as of the month's end, and, with an attendee
// report, the target accounts with two or more attendees at the events
// that began in the month. When a total rose in the month while the
// target share fell, a warning says so (`accounts` warns of it too;
// it is said once).
func (b *builder) abm() error {
	a := b.acct
	if a == nil {
		b.skip("abm", "no touches with accounts (touches with account_id, or leads with account_id)")
		return nil
	}
	if a.TargetShare == nil {
		b.skip("abm", "no target accounts (a target list, or the accounts' target or tier column)")
		return nil
	}
	ev := a.Events
	if ev != nil { // the events that began in the month (the accounts section is done with a)
		ev.Rows = keep(ev.Rows, func(r accounts.EventRow) bool { return b.m.Contains(r.Start) })
		in := map[string]bool{}
		for _, r := range ev.Rows {
			in[r.Event] = true
		}
		ev.Accounts = keep(ev.Accounts, func(r accounts.EventAccount) bool { return in[r.Event] })
	}
	sub := a.Report()
	b.add(sub, accounts.TableTargetShare, "target_share", SheetABM)
	for _, k := range []string{"target_share_window", "response_rule", "tiers"} {
		if v, ok := sub.MetaValue(k); ok {
			b.rep.AddMeta(k, v)
		}
	}
	if ev != nil {
		b.add(sub, accounts.TableEventTargets, "event_targets", SheetABM)
		b.add(sub, accounts.TableEventAccounts, "event_accounts", SheetABM)
		b.warnOnce("accounts", ev.Warnings)
	}
	b.warnOnce("accounts", a.TargetShare.Warnings)
	return nil
}
