package webinar

import (
	"strconv"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// links joins attendees to the other inputs: their lead and account (by
// email, through the leads), the moments of their conversions, and the
// target accounts.
type links struct {
	leads         map[string][2]string // email (folded) -> lead id, account id; nil without leads
	byLead        map[string][]int64   // lead id -> conversion moments (demo touches, stage entries)
	byAccount     map[string][]int64   // account id -> opportunity creations
	checked       string
	target        map[string]bool // nil without targets
	targetsSource string
}

func newLinks(ds *funnel.Dataset, events []*event, opts Options) *links {
	l := &links{byLead: map[string][]int64{}, byAccount: map[string][]int64{}}
	lt := ds.Leads
	email, id, acct := lt.Role(funnel.RoleEmail), lt.Role(funnel.RoleLeadID), lt.Role(funnel.RoleAccountID)
	if email != nil && id != nil {
		want := map[string]bool{}
		for _, ev := range events {
			for k := range ev.byKey {
				want[k] = true
			}
		}
		l.leads = map[string][2]string{}
		for i := 0; i < lt.Rows; i++ {
			k := lower(lt.Text(email, i))
			if !want[k] {
				continue
			}
			if _, dup := l.leads[k]; dup {
				continue // the first lead with the email
			}
			var a string
			if acct != nil {
				a = idText(lt, acct, i)
			}
			l.leads[k] = [2]string{idText(lt, id, i), a}
		}
		l.checked = l.conversions(ds)
	}
	l.targets(ds, opts)
	return l
}

// idText is an id cell as text (a numeric id without ".0").
func idText(t *funnel.Table, c *funnel.Column, i int) string {
	if c.Kind == funnel.KindNumber {
		if c.IsNA(i) {
			return ""
		}
		return strconv.FormatFloat(c.Nums[i], 'f', -1, 64)
	}
	return t.Text(c, i)
}

// conversions records the conversion moments of the attendees' leads and
// accounts and says what was checked.
func (l *links) conversions(ds *funnel.Dataset) string {
	leads, accts := map[string]bool{}, map[string]bool{}
	for _, v := range l.leads {
		leads[v[0]] = true
		if v[1] != "" {
			accts[v[1]] = true
		}
	}
	var checked []string
	if t := ds.Touches; t != nil {
		lead, at := t.Role(funnel.RoleLeadID), t.TimeRole(funnel.RoleOccurredAt)
		act := t.Role(funnel.ActivityRole(t.Has))
		conv := t.Role(funnel.RoleConverted)
		if lead != nil && at != nil && (act != nil || conv != nil) {
			for i := 0; i < t.Rows; i++ {
				id := idText(t, lead, i)
				if !leads[id] {
					continue
				}
				demo := act != nil && strings.Contains(strings.ToLower(t.Text(act, i)), "demo")
				if demo || conv != nil && conv.Kind == funnel.KindBool && conv.Bools[i] == 1 {
					l.byLead[id] = append(l.byLead[id], at.Times[i])
				}
			}
			checked = append(checked, "demo requests and conversions in "+t.Source)
		}
	}
	if t := ds.Opportunities; t != nil {
		lead, acct, at := t.Role(funnel.RoleLeadID), t.Role(funnel.RoleAccountID), t.TimeRole(funnel.RoleCreatedAt)
		if at != nil && (lead != nil || acct != nil) {
			for i := 0; i < t.Rows; i++ {
				if lead != nil {
					if id := idText(t, lead, i); leads[id] {
						l.byLead[id] = append(l.byLead[id], at.Times[i])
					}
				}
				if acct != nil {
					if id := idText(t, acct, i); accts[id] {
						l.byAccount[id] = append(l.byAccount[id], at.Times[i])
					}
				}
			}
			checked = append(checked, "opportunities created in "+t.Source)
		}
	}
	if t := ds.Stages; t != nil {
		ent, at := t.Role(funnel.RoleEntityID), t.TimeRole(funnel.RoleEnteredAt)
		if ent != nil && at != nil {
			for i := 0; i < t.Rows; i++ {
				if id := idText(t, ent, i); leads[id] {
					l.byLead[id] = append(l.byLead[id], at.Times[i])
				}
			}
			checked = append(checked, "stage entries in "+t.Source)
		}
	}
	if len(checked) == 0 {
		return "emails matched to leads; no touches, opportunities or stages to check"
	}
	return strings.Join(checked, "; ")
}

// lead returns the lead and account of an email ("" when unknown).
func (l *links) lead(email string) (string, string) {
	v := l.leads[lower(email)]
	return v[0], v[1]
}

// converted reports whether the lead or account converted in (from, to].
func (l *links) converted(lead, account string, from, to int64) bool {
	in := func(ts []int64) bool {
		for _, t := range ts {
			if t != funnel.NoTime && t > from && t <= to {
				return true
			}
		}
		return false
	}
	return lead != "" && in(l.byLead[lead]) || account != "" && in(l.byAccount[account])
}

// targets reads the target accounts: opts.Targets, else the accounts'
// boolean target column (as `funnel accounts` does).
func (l *links) targets(ds *funnel.Dataset, opts Options) {
	if opts.Targets != nil {
		l.target = map[string]bool{}
		for _, id := range opts.Targets {
			l.target[strings.TrimSpace(id)] = true
		}
		l.targetsSource = opts.TargetsSource
		return
	}
	t := ds.Accounts
	col := t.Named("target")
	id := t.Role(funnel.RoleAccountID)
	if col == nil || id == nil || col.Kind != funnel.KindBool {
		return
	}
	l.target = map[string]bool{}
	for i := 0; i < t.Rows; i++ {
		if col.Bools[i] == 1 {
			l.target[idText(t, id, i)] = true
		}
	}
	l.targetsSource = t.Source + " (target column)"
}
