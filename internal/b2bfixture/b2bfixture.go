// Package b2bfixture is the planted B2B fixture of the warehouse
// equality tests (package warehouse, cmd/funnel's attribute --db): the
// same touches, leads, opportunities and stages as export files and as
// tables of the test PostgreSQL (internal/pgtest).
package b2bfixture

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// Fixture is the B2B equality fixture of the warehouse tests as CSV texts: touches, leads,
// opportunities and a long stages table. Planted:
//
//   - 30 accounts of 1 to 4 contacts each, 6 contacts without an account
//     in the leads, and lead L999 touching without being in the leads
//     (unmapped at account level);
//   - touches on a 12-hour grid (ties within a lead and across an
//     account's contacts), 7 channels (one with the path separator, a
//     quote and a comma, one with a multi-byte letter), 5 campaigns, a
//     few without a channel; a fifth of the touches carry the account_id
//     themselves;
//   - per account 0 to 3 opportunities: won (with an amount, a few
//     without), lost (a close date, not won), open (no close date), one
//     of an account without any touch, created 0-40 days before closing;
//   - account A000's contact L0000 has touches exactly 30 days and 30
//     days plus one second before its won deal's close: the lookback's
//     boundary (the first kept, the second dropped);
//   - stages mql, sql, opportunity, customer entered in time order by
//     most contacts, some skipping mql (reached by their sql entry), and
//     mql and sql by two accounts in three (account-level entries in the
//     same table: the contacts' outnumber them).
type Fixture struct{ Touches, Leads, Opportunities, Stages string }

// New returns the fixture (the same texts on every call).
func New() Fixture {
	r := rand.New(rand.NewPCG(15, 4))
	channels := []string{"email", "paid search", "organic", `events > "trade", shows`, "Wébinar", "social", "direct"}
	campaigns := []string{"spring", "summer", "webinar-series", "abm", "retarget"}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ts := func(t time.Time) string { return t.Format("2006-01-02 15:04:05") }
	var touches, leads, opps, stages strings.Builder
	touches.WriteString("lead_id,account_id,occurred_at,channel,campaign\n")
	leads.WriteString("lead_id,account_id,created_at\n")
	opps.WriteString("opportunity_id,account_id,lead_id,created_at,closed_at,amount,won\n")
	stages.WriteString("entity_id,stage,entered_at\n")
	lead, opp := 0, 0
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	for a := 0; a < 30; a++ {
		acc := fmt.Sprintf("A%03d", a)
		var contacts []string
		for range 1 + r.IntN(4) {
			contacts = append(contacts, fmt.Sprintf("L%04d", lead))
			lead++
		}
		first := start.Add(time.Duration(r.IntN(60)) * 12 * time.Hour)
		for _, l := range contacts {
			fmt.Fprintf(&leads, "%s,%s,%s\n", l, acc, ts(first.Add(time.Duration(r.IntN(10))*12*time.Hour)))
			if a == 29 {
				continue // an account without a touch
			}
			at := first
			for range r.IntN(8) {
				at = at.Add(time.Duration(r.IntN(12)) * 12 * time.Hour)
				ch := quote(channels[r.IntN(len(channels))])
				if r.IntN(30) == 0 {
					ch = ""
				}
				own := ""
				if r.IntN(5) == 0 {
					own = acc
				}
				fmt.Fprintf(&touches, "%s,%s,%s,%s,%s\n", l, own, ts(at), ch, campaigns[r.IntN(len(campaigns))])
			}
			st := first.Add(time.Duration(r.IntN(20)) * 12 * time.Hour)
			for k, name := range []string{"mql", "sql", "opportunity", "customer"} {
				if r.IntN(3) == 0 {
					break
				}
				if k == 0 && r.IntN(4) == 0 {
					continue // straight to sql
				}
				fmt.Fprintf(&stages, "%s,%s,%s\n", l, name, ts(st))
				st = st.Add(time.Duration(r.IntN(20)) * 12 * time.Hour)
			}
		}
		if r.IntN(3) > 0 { // the account's own entries (account-level stages)
			fmt.Fprintf(&stages, "%s,mql,%s\n%[1]s,sql,%s\n", acc, ts(first.Add(time.Duration(r.IntN(30))*12*time.Hour)),
				ts(first.Add(time.Duration(30+r.IntN(30))*12*time.Hour)))
		}
		for range r.IntN(4) {
			closed := first.Add(time.Duration(10+r.IntN(80)) * 12 * time.Hour)
			created := closed.Add(-time.Duration(r.IntN(80)) * 12 * time.Hour)
			who := contacts[r.IntN(len(contacts))]
			closeAt, amount, won := ts(closed), fmt.Sprint(1000+250*r.IntN(40)), "no"
			switch u := r.IntN(10); {
			case u < 5:
				won = "yes"
				if u == 0 {
					amount = ""
				}
			case u < 8:
			default:
				closeAt = "" // open
			}
			fmt.Fprintf(&opps, "O%04d,%s,%s,%s,%s,%s,%s\n", opp, acc, who, ts(created), closeAt, amount, won)
			opp++
		}
	}
	for k := 0; k < 6; k++ { // contacts without an account
		l := fmt.Sprintf("L%04d", lead)
		lead++
		fmt.Fprintf(&leads, "%s,,%s\n", l, ts(start))
		fmt.Fprintf(&touches, "%s,,%s,email,spring\n", l, ts(start.Add(time.Duration(k)*12*time.Hour)))
		fmt.Fprintf(&stages, "%s,mql,%s\n", l, ts(start.Add(time.Duration(k+1)*12*time.Hour)))
	}
	fmt.Fprintf(&touches, "L999,,%s,social,abm\n", ts(start))
	// The lookback boundary: L0000 (account A000) closes a deal on 04-01;
	// its touches 30 days and 30 days and a second before it.
	closeAt := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	fmt.Fprintf(&touches, "L0000,,%s,organic,abm\n", ts(closeAt.Add(-30*24*time.Hour-time.Second)))
	fmt.Fprintf(&touches, "L0000,,%s,direct,abm\n", ts(closeAt.Add(-30*24*time.Hour)))
	fmt.Fprintf(&opps, "O%04d,A000,L0000,%s,%s,5000,yes\n", opp, ts(closeAt.Add(-24*time.Hour)), ts(closeAt))
	return Fixture{touches.String(), leads.String(), opps.String(), stages.String()}
}

// Write writes the fixture into dir as touches.csv, leads.csv,
// opportunities.csv and stages.csv and returns their paths by input.
func (f Fixture) Write(t testing.TB, dir string) map[funnel.TableKind]string {
	paths := map[funnel.TableKind]string{}
	for kind, text := range map[funnel.TableKind]string{funnel.Touches: f.Touches, funnel.Leads: f.Leads,
		funnel.Opportunities: f.Opportunities, funnel.Stages: f.Stages} {
		p := filepath.Join(dir, kind.String()+".csv")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths[kind] = p
	}
	return paths
}

// Tables are the fixture's tables in the database (Load).
var Tables = map[funnel.TableKind]string{funnel.Touches: "crm.touches", funnel.Leads: "crm.lead",
	funnel.Opportunities: "crm.opportunity", funnel.Stages: "crm.stage_history"}

// Load loads the fixture into the database at url (Tables): the times
// with a zone, the leads' created_at without one, the amounts numeric,
// won a boolean, the rest text; each in the files' row order.
func (f Fixture) Load(t testing.TB, url string) {
	paths := f.Write(t, t.TempDir())
	types := map[funnel.TableKind]map[string]string{
		funnel.Touches:       {"occurred_at": "timestamptz"},
		funnel.Leads:         {"created_at": "timestamp"},
		funnel.Opportunities: {"created_at": "timestamptz", "closed_at": "timestamptz", "amount": "numeric(12,2)", "won": "boolean"},
		funnel.Stages:        {"entered_at": "timestamptz"},
	}
	for _, kind := range []funnel.TableKind{funnel.Touches, funnel.Leads, funnel.Opportunities, funnel.Stages} {
		pgtest.LoadCSV(t, url, Tables[kind], paths[kind], types[kind])
	}
}
