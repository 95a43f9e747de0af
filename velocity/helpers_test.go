package velocity

import (
	"testing"
	_ "time/tzdata" // tests name zones; do not depend on the system's zoneinfo

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/internal/tabletest"
)

// col describes one column of a test table: its header, role and kind.
type col struct {
	name string
	role string
	kind funnel.Kind
}

// parseTestTime reads a test time: see tabletest.ParseTime.
func parseTestTime(s string) (int64, bool, error) { return tabletest.ParseTime(s) }

// buildTable makes a typed table from string cells: see tabletest.Build.
func buildTable(t testing.TB, kind funnel.TableKind, source string, dict *funnel.Dict, cols []col, rows [][]string) *funnel.Table {
	t.Helper()
	tc := make([]tabletest.Col, len(cols))
	for i, c := range cols {
		tc[i] = tabletest.Col{Name: c.name, Role: c.role, Kind: c.kind}
	}
	return tabletest.Build(t, kind, source, dict, tc, rows)
}

var longCols = []col{
	{"entity_id", funnel.RoleEntityID, funnel.KindText},
	{"stage", funnel.RoleStage, funnel.KindText},
	{"entered_at", funnel.RoleEnteredAt, funnel.KindTime},
}

// longDataset returns a dataset whose stages table is rows of (entity, stage, time).
func longDataset(t testing.TB, rows [][]string) *funnel.Dataset {
	ds := funnel.NewDataset()
	ds.Stages = buildTable(t, funnel.Stages, "stages.csv", ds.Dict, longCols, rows)
	return ds
}

// near: see tabletest.Near.
func near(a, b, tol float64) bool { return tabletest.Near(a, b, tol) }

// velocityRow finds the row of period, from -> to (no groups).
func velocityRow(t *testing.T, r *Result, period, from, to string) VelocityRow {
	t.Helper()
	for _, v := range r.Velocity {
		if v.Period == period && v.From == from && v.To == to {
			return v
		}
	}
	t.Fatalf("no velocity row %s %s->%s in %v", period, from, to, r.Periods)
	return VelocityRow{}
}

func conversionRow(t *testing.T, r *Result, period, stage string) ConversionRow {
	t.Helper()
	for _, v := range r.Conversion {
		if v.Period == period && v.Stage == stage {
			return v
		}
	}
	t.Fatalf("no conversion row %s %s", period, stage)
	return ConversionRow{}
}
