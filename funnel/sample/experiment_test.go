package sample_test

import (
	"math"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

// TestPlantedExperiment: experiment.csv against leads.csv and truth.json,
// on the two statistical sets. Every row is a lead of the pool (created on
// or after From), dated at its created_at, with its account; the truth's
// counts per arm are those leads.csv gives (sql_at set); the pool is every
// lead created since From, at PoolRate. The planted rates: each arm's SQL
// rate within 4 standard errors of its expected rate (control PoolRate,
// treatment PoolRate x 1.25), and each arm's size within 4 standard
// errors of 0.4 of the pool.
func TestPlantedExperiment(t *testing.T) {
	t.Parallel()
	for _, cfg := range statConfigs {
		fs, truth := generate(t, cfg)
		et := truth.Experiment
		leads := readTable(t, sample.LeadsFile, fs[sample.LeadsFile].Bytes())
		ex := readTable(t, sample.ExperimentFile, fs[sample.ExperimentFile].Bytes())
		from, err := time.Parse(time.DateOnly, et.From)
		if err != nil {
			t.Fatal(err)
		}
		row := map[string]int{}
		pool, poolSQL := 0, 0
		for i := range leads.rows {
			row[leads.get(i, "lead_id")] = i
			if c, _ := unix(t, leads.get(i, "created_at")); c >= from.Unix() {
				pool++
				if leads.get(i, "sql_at") != "" {
					poolSQL++
				}
			}
		}
		if pool != et.PoolLeads || math.Abs(float64(poolSQL)/float64(pool)-et.PoolRate) > 1e-15 || len(ex.rows) != et.Rows || truth.Rows[sample.ExperimentFile] != et.Rows {
			t.Errorf("seed %d: pool %d (%d sql), rows %d; truth %+v", cfg.Seed, pool, poolSQL, len(ex.rows), et)
		}
		arms := map[string]sample.ExperimentArm{}
		for i := range ex.rows {
			k, ok := row[ex.get(i, "lead_id")]
			if !ok || ex.get(i, "assigned_at") != leads.get(k, "created_at") || ex.get(i, "account_id") != leads.get(k, "account_id") {
				t.Fatalf("seed %d: experiment row %d %v does not match its lead", cfg.Seed, i+2, ex.rows[i])
			}
			a := arms[ex.get(i, "group")]
			a.Units++
			if leads.get(k, "sql_at") != "" {
				a.Conversions++
			}
			arms[ex.get(i, "group")] = a
		}
		if len(arms) != 2 || arms["control"] != et.Arms["control"] || arms["treatment"] != et.Arms["treatment"] {
			t.Errorf("seed %d: arms %+v, truth %+v", cfg.Seed, arms, et.Arms)
		}
		if !(math.Abs(et.TreatmentRate-1.25*et.PoolRate) < 1e-15 && et.ControlRate == et.PoolRate && math.Abs(et.Uplift-0.25*et.PoolRate) < 1e-15) {
			t.Errorf("seed %d: planted rates %+v", cfg.Seed, et)
		}
		for name, want := range map[string]float64{"control": et.ControlRate, "treatment": et.TreatmentRate} {
			a := arms[name]
			n := float64(a.Units)
			if se := math.Sqrt(want * (1 - want) / n); math.Abs(float64(a.Conversions)/n-want) > 4*se {
				t.Errorf("seed %d: %s rate %g of %g leads, planted %g", cfg.Seed, name, float64(a.Conversions)/n, n, want)
			}
			if se := math.Sqrt(float64(pool) * 0.4 * 0.6); math.Abs(n-0.4*float64(pool)) > 4*se {
				t.Errorf("seed %d: %s has %g leads of the pool's %d, want about 40%%", cfg.Seed, name, n, pool)
			}
		}
	}
}
