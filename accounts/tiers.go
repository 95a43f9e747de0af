package accounts

import (
	"fmt"

	"github.com/funnel-analytics/funnel/funnel"
)

// Tier is an account's ABM program: one-to-one (an account treated as a
// market of its own), one-to-few (a cluster of similar accounts) or
// one-to-many (programmatic ABM at scale); NoTier for an account without
// one.
type Tier int8

// The ABM tiers, from the most to the least personal.
const (
	NoTier Tier = iota
	OneToOne
	OneToFew
	OneToMany
)

// Tiers lists the tiers in order.
var Tiers = []Tier{OneToOne, OneToFew, OneToMany}

// TierColumn is the name (header or role, by funnel.Table.Named) of the
// tier column of the accounts table and of a --tiers file.
const TierColumn = "tier"

// String returns one-to-one, one-to-few, one-to-many, or "no tier".
func (t Tier) String() string {
	switch t {
	case OneToOne:
		return "one-to-one"
	case OneToFew:
		return "one-to-few"
	case OneToMany:
		return "one-to-many"
	}
	return "no tier"
}

// ParseTier reads a tier by its letters and digits in lower case
// (funnel.NameKey): one-to-one, one to one, 1:1, 1-to-1, 1to1; one-to-few,
// 1:few, 1-to-few; one-to-many, 1:many, 1-to-many. Anything else is not a
// tier (false).
func ParseTier(s string) (Tier, bool) {
	switch funnel.NameKey(s) {
	case "onetoone", "11", "1to1":
		return OneToOne, true
	case "onetofew", "1few", "1tofew":
		return OneToFew, true
	case "onetomany", "1many", "1tomany":
		return OneToMany, true
	}
	return NoTier, false
}

// TierOf is one account's tier, as read from a table.
type TierOf struct {
	Account string
	Tier    Tier
}

// TiersFromTable reads the tier of each account from t: its account_id
// column and its tier column (TierColumn). A blank tier is no tier; a
// value ParseTier does not read or a tier without an account is an error naming the file, line and column.
func TiersFromTable(t *funnel.Table) ([]TierOf, error) {
	ids, col := t.Role(funnel.RoleAccountID), t.Named(TierColumn)
	if ids == nil {
		return nil, fmt.Errorf("%s: no account_id column for the tiers (columns: %s)", t.Source, t.Headers())
	}
	if col == nil {
		return nil, fmt.Errorf("%s: no %s column (columns: %s)", t.Source, TierColumn, t.Headers())
	}
	var out []TierOf
	seen := map[string]bool{}
	for i := 0; i < t.Rows; i++ {
		v := t.Text(col, i)
		if v == "" {
			continue
		}
		tier, ok := ParseTier(v)
		if !ok {
			return nil, fmt.Errorf("%s: column %q: unknown tier %q (want one-to-one, one-to-few or one-to-many; 1:1, 1:few, 1:many)", t.Where(i), col.Name, v)
		}
		id := t.Text(ids, i)
		if id == "" {
			return nil, fmt.Errorf("%s: column %q: tier %s without an account id", t.Where(i), ids.Name, tier)
		}
		if seen[id] { // a repeated row (the loader refuses other values)
			continue
		}
		seen[id] = true
		out = append(out, TierOf{Account: id, Tier: tier})
	}
	return out, nil
}

// tiers marks each account's tier: cfg.Tiers, else the accounts table's
// tier column (when it has one). It returns nil without a tier. An
// account named only in the tiers is added, as a target account no input
// mentions is.
func (s *accountSet) tiers(cfg Options) ([]Tier, error) {
	list := cfg.Tiers
	if list == nil {
		t := s.ds.Accounts
		if t == nil || t.Named(TierColumn) == nil {
			return nil, nil
		}
		var err error
		if list, err = TiersFromTable(t); err != nil {
			return nil, fmt.Errorf("accounts: %w", err)
		}
	}
	if len(list) == 0 { // a tier column without a tier
		return nil, nil
	}
	ks := make([]int32, len(list))
	for j, to := range list {
		ks[j] = s.addID(to.Account)
	}
	out := make([]Tier, len(s.ids))
	for j, k := range ks {
		out[k] = list[j].Tier
	}
	if s.target != nil && len(s.target) < len(s.ids) {
		s.target = append(s.target, make([]bool, len(s.ids)-len(s.target))...)
	}
	return out, nil
}
