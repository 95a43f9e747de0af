package market

import (
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/internal/tabletest"
)

// col describes one column of a test table: its header, role and kind.
type col struct {
	name string
	role string
	kind funnel.Kind
}

// buildTable makes a typed table from string cells: see tabletest.Build.
func buildTable(t testing.TB, kind funnel.TableKind, source string, dict *funnel.Dict, cols []col, rows [][]string) *funnel.Table {
	t.Helper()
	tc := make([]tabletest.Col, len(cols))
	for i, c := range cols {
		tc[i] = tabletest.Col{Name: c.name, Role: c.role, Kind: c.kind}
	}
	return tabletest.Build(t, kind, source, dict, tc, rows)
}

// longCols are the columns of a long stages table.
var longCols = []col{
	{"entity_id", funnel.RoleEntityID, funnel.KindText},
	{"stage", funnel.RoleStage, funnel.KindText},
	{"entered_at", funnel.RoleEnteredAt, funnel.KindTime},
}

// near: see tabletest.Near.
func near(a, b, tol float64) bool { return tabletest.Near(a, b, tol) }
