package scoring

import (
	"testing"
)

func TestSignals(t *testing.T) {
	t.Parallel()
	// numpy means, presence lift and scipy.stats.pointbiserialr, make_python_refs.py.
	py := readRefStats(t, "ref_python.csv")
	terms := []string{"visits", "trial", "partner", "employees", "industry=Retail"}
	d, y := leadsDesign(t, terms)
	sig := Signals(d, y, nil)
	if len(sig) != len(terms) {
		t.Fatalf("%d signals", len(sig))
	}
	indicator := map[string]bool{"trial": true, "partner": true, "industry=Retail": true}
	for _, s := range sig {
		k := "signal_" + s.Term + "/"
		if s.Indicator != indicator[s.Term] {
			t.Errorf("%s: Indicator = %v", s.Term, s.Indicator)
		}
		for _, v := range []struct {
			what      string
			got, want float64
		}{
			{"mean_positive", s.MeanPositive, py[k+"mean_positive"]},
			{"mean_negative", s.MeanNegative, py[k+"mean_negative"]},
			{"lift", s.Lift, py[k+"lift"]},
			{"rows_present", float64(s.RowsPresent), py[k+"rows_present"]},
			{"correlation", s.Correlation, py[k+"correlation"]},
		} {
			if !near(v.got, v.want, 1e-10) {
				t.Errorf("%s %s = %.15g, numpy/scipy %.15g", s.Term, v.what, v.got, v.want)
			}
		}
	}
}
