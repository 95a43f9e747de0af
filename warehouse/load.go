package warehouse

import (
	"github.com/funnel-analytics/funnel/funnel"
)

// roleKind is the kind a role of input kind holds (its schema's), ok
// false for a column bound to no role.
func roleKind(kind funnel.TableKind, role string) (funnel.Kind, bool) {
	for _, s := range funnel.Schema(kind) {
		if s.Name == role {
			return s.Kind, true
		}
	}
	return 0, false
}

// RoleNames are the roles of input kind, in its schema's order.
func RoleNames(kind funnel.TableKind) []string {
	var names []string
	for _, s := range funnel.Schema(kind) {
		names = append(names, s.Name)
	}
	return names
}

// AsRoles returns a copy of t (bound by Bind, no rows) whose role columns
// have their roles' kinds (an integer lead_id is read as text, as a file's
// ids are), for the rules that go by the columns a table has
// (attribution.ResolveLevel).
func AsRoles(t *funnel.Table) *funnel.Table {
	if t == nil {
		return nil
	}
	c := *t
	c.Columns = make([]*funnel.Column, len(t.Columns))
	for i, col := range t.Columns {
		cc := *col
		if k, ok := roleKind(t.Kind, col.Role); ok {
			cc.Kind = k
		}
		c.Columns[i] = &cc
	}
	return &c
}
