package nurture

import (
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/internal/tabletest"
)

// near: a and b agree to 1e-9, relative (absolute below 1); two NaNs agree.
func near(a, b float64) bool { return tabletest.Near(a, b, 1e-9) }

// basic reads testdata/nurture/basic (with the stages file when stages)
// and analyses it as of 2026-04-01 with --dormant 30d --weeks 4
// --target-cadence 8/4w --strata lead_source --program Welcome.
func basic(t *testing.T, stages bool) *Result {
	t.Helper()
	dir := filepath.Join("..", "testdata", "nurture", "basic")
	files := map[funnel.TableKind]string{funnel.Touches: filepath.Join(dir, "touches.csv"),
		funnel.Leads: filepath.Join(dir, "leads.csv"), funnel.Costs: filepath.Join(dir, "costs.csv")}
	if stages {
		files[funnel.Stages] = filepath.Join(dir, "stages.csv")
	}
	ds, err := ingest.LoadDataset(files, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	enr, _, err := ingest.Load(filepath.Join(dir, "nurture.csv"), funnel.Touches, ds.Dict, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Analyze(ds, Options{Dormant: 30 * 86400, Weeks: 4, TargetTouches: 8, TargetWeeks: 4, Program: []string{"Welcome"},
		Enrollments: enr, Strata: []string{"lead_source"}, AsOf: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC).Unix()})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDormancyBasic: worked by hand from testdata/nurture/basic (30-day
// dormancy; L4 unsubscribed on 02-20):
//
//	end of Jan: L1 (sql, last touch 01-22), L2 (no stage, last 01-02:
//	  30 days, dormant), L3 (no stage, 01-24), L4 (mql, 01-15); L5 and L6
//	  not created yet
//	end of Feb: L4 out (unsubscribed); L1 (sql, 38 days) and L2 (mql
//	  since 02-15) and L3 (no stage, 36 days) dormant; L5 (created 02-01,
//	  no touch, 28 days) and L6 (02-17) not
//	end of Mar: L1 dormant (sql); L2 (mql, 03-10), L6 (mql, 03-20) and L3
//	  (sql since 03-10, touch 03-05) not; L5 (no stage, 59 days) dormant
func TestDormancyBasic(t *testing.T) {
	t.Parallel()
	for _, stages := range []bool{true, false} { // the stages file, then the leads' mql_at, sql_at
		r := basic(t, stages)
		want := []DormancyRow{
			{"2026-01", "all", 4, 1, 0.25}, {"2026-01", NoStage, 2, 1, 0.5}, {"2026-01", "mql", 1, 0, 0}, {"2026-01", "sql", 1, 0, 0},
			{"2026-02", "all", 5, 3, 0.6}, {"2026-02", NoStage, 3, 1, 1.0 / 3}, {"2026-02", "mql", 1, 1, 1}, {"2026-02", "sql", 1, 1, 1},
			{"2026-03", "all", 5, 2, 0.4}, {"2026-03", NoStage, 1, 1, 1}, {"2026-03", "mql", 2, 0, 0}, {"2026-03", "sql", 2, 1, 0.5},
		}
		if len(r.Dormancy) != len(want) {
			t.Fatalf("stages %v: %d rows %+v, want %d", stages, len(r.Dormancy), r.Dormancy, len(want))
		}
		for i, w := range want {
			g := r.Dormancy[i]
			if g.Month != w.Month || g.Stage != w.Stage || g.Leads != w.Leads || g.Dormant != w.Dormant || !near(g.Share, w.Share) {
				t.Errorf("stages %v: row %d = %+v, want %+v", stages, i, g, w)
			}
		}
	}
}

// TestReengagementBasic: the spells, by hand: L1 dormant from 02-21
// (last touch 01-22), not back; L2 from 02-01 (01-02), back 03-10 by
// email_click/email after 67 days; L3 from 02-23 (01-24), back 03-05 by
// demo_request/direct after 40 days; L4 from 02-14 (01-15), unsubscribed
// after it began, not back; L5 from 03-03 (created 02-01); L6 from 03-19
// (02-17), back 03-20 by email_click/email after 31 days. The Wilson
// interval of 2 in 4 is 0.15 to 0.85 (R: prop.test(2, 4, correct =
// FALSE)$conf.int gives 0.1500389892 0.8499610108).
func TestReengagementBasic(t *testing.T) {
	t.Parallel()
	r := basic(t, true)
	want := []SpellRow{
		{"2026-02", 4, 2, 0.5, 0.1500389892, 0.8499610108, 53.5},
		{"2026-03", 2, 1, 0.5, math.NaN(), math.NaN(), 31},
		{"all", 6, 3, 0.5, math.NaN(), math.NaN(), 40},
	}
	if len(r.Spells) != len(want) {
		t.Fatalf("%d spell rows %+v", len(r.Spells), r.Spells)
	}
	for i, w := range want {
		g := r.Spells[i]
		if g.Month != w.Month || g.Spells != w.Spells || g.CameBack != w.CameBack || !near(g.Rate, w.Rate) || !near(g.MedianDays, w.MedianDays) {
			t.Errorf("row %d = %+v, want %+v", i, g, w)
		}
		if !math.IsNaN(w.Low) && (math.Abs(g.Low-w.Low) > 1e-9 || math.Abs(g.High-w.High) > 1e-9) {
			t.Errorf("row %d interval %g %g, want %g %g", i, g.Low, g.High, w.Low, w.High)
		}
	}
	wantBy := []ReturnRow{{"email_click", "email", 2, 2.0 / 3}, {"demo_request", "direct", 1, 1.0 / 3}}
	if len(r.Returns) != 2 || r.Returns[0] != wantBy[0] || r.Returns[1].ActivityType != "demo_request" || !near(r.Returns[1].Share, wantBy[1].Share) {
		t.Errorf("returns %+v, want %+v", r.Returns, wantBy)
	}
}

// TestCadenceBasic: touches in each lead's first 4 weeks against 2 a week:
// L5 none; L2 1 (0.25/wk) and L4 1 (its unsubscribe is no touch): under
// 25%, L4 reached sql; L6 2 (0.5/wk): 25-50%; L1 4 (1/wk): 50-100%, sql;
// L3 8 (2/wk): 100-150%, sql.
func TestCadenceBasic(t *testing.T) {
	t.Parallel()
	r := basic(t, true)
	want := []struct {
		leads, reached int
		mean           float64
	}{{1, 0, 0}, {2, 1, 0.25}, {1, 0, 0.5}, {1, 1, 1}, {1, 1, 2}, {0, 0, math.NaN()}}
	for b, w := range want {
		g := r.Cadence[b]
		if g.Leads != w.leads || g.Reached != w.reached || !near(g.Mean, w.mean) {
			t.Errorf("bin %s: %+v, want %+v", g.Bin, g, w)
		}
	}
	if g := r.Cadence[3]; g.From != 1 || g.To != 2 {
		t.Errorf("50-100%% bin from %g to %g, want 1 to 2 a week", g.From, g.To)
	}
}

// TestFrequencyBasic: lead-months by hand. January (31 days, 4.43
// weeks): L1 4 touches (0.90/wk), L2 1 (0.23/wk), neither touched in the
// 30 days after 02-01: both went dormant. February: L2 dormant at its
// start (out); L1, L3 and L4 no touch: L1 and L4 went dormant, L3 came
// back 03-05; L4 unsubscribed 02-20. March: its 30 days after run past
// the as-of time.
func TestFrequencyBasic(t *testing.T) {
	t.Parallel()
	r := basic(t, true)
	want := [][3]int{{3, 2, 1}, {1, 1, 0}, {1, 1, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}}
	for b, w := range want {
		g := r.Frequency[b]
		if g.LeadMonths != w[0] || g.Dropped != w[1] || g.Unsubscribed != w[2] {
			t.Errorf("bin %s: %+v, want lead-months, dormant, unsubscribed %v", g.Bin, g, w)
		}
	}
}

// TestComparisonBasic: members L1, L3, L6 by strata of lead_source: web
// (members L1, L3 both sql; L2 not), event (member L6 not; L4 sql, L5
// not). RR_MH = (2*1/3) / (1*1/3) = 2; var = (4/9 + 2/9) / (2/3 * 1/3) =
// 3, interval 2 exp(±1.959964 sqrt 3) = 0.06710 to 59.615. Standardised
// non-member rate (2*0/1 + 1*1/2) / 3. Costs: web 300 over 3 leads,
// event 600 over 3, the program (campaign Welcome) 90: members 100 + 100
// + 200 + 90 = 490 for 2, others 100 + 200 + 200 = 500 for 1.
func TestComparisonBasic(t *testing.T) {
	t.Parallel()
	c := basic(t, true).Comparison
	if c == nil {
		t.Fatal("no comparison")
	}
	z := 1.959963984540054
	for _, x := range []struct {
		name      string
		got, want float64
	}{
		{"ratio", c.RateRatio, 2}, {"low", c.Low, 2 * math.Exp(-z*math.Sqrt(3))}, {"high", c.High, 2 * math.Exp(z*math.Sqrt(3))},
		{"member rate", c.MemberRate, 2.0 / 3}, {"standardised", c.OtherRate, 0.5 / 3}, {"crude", c.CrudeOtherRate, 1.0 / 3},
		{"member cost", c.MemberCost, 490}, {"other cost", c.OtherCost, 500}, {"member per", c.MemberCostPer, 245}, {"other per", c.OtherCostPer, 500},
	} {
		if !near(x.got, x.want) {
			t.Errorf("%s = %.12g, want %.12g", x.name, x.got, x.want)
		}
	}
	if c.MatchedStrata != 2 || c.MatchedMembers != 3 || c.MatchedOthers != 3 || c.Unmatched != 0 {
		t.Errorf("matched %+v", c)
	}
}

// TestMantelHaenszel checks fill on four strata (a, n1, c, n0) against
// statsmodels: StratifiedTable([[a, n1-a], [c, n0-c]] per stratum)
// .riskratio_pooled = 1.84218229124319; the Greenland-Robins interval
// worked in Python from its formula (scipy norm.ppf(0.975)): 1.2085403441190936
// to 2.8080449367568563; the standardised non-member rate
// sum(n1 c / n0) / sum(n1) = 0.20687830687830683. A stratum without
// non-members is unmatched. The odds ratio and its interval are R's:
// mantelhaen.test(array(c(12,7,28,38, 5,9,15,51, 20,10,15,20, 3,1,7,11),
// dim = c(2,2,4)), correct = FALSE): 2.4483190956667107, 1.3378990198981724
// to 4.4803578633778240.
func TestMantelHaenszel(t *testing.T) {
	t.Parallel()
	c := &Comparison{}
	c.fill([]stratum{{n1: 40, a: 12, n0: 45, c: 7}, {n1: 20, a: 5, n0: 60, c: 9}, {n1: 35, a: 20, n0: 30, c: 10},
		{n1: 10, a: 3, n0: 12, c: 1}, {n1: 4, a: 4}}, 0.95)
	for _, x := range []struct {
		name      string
		got, want float64
	}{{"ratio", c.RateRatio, 1.84218229124319}, {"low", c.Low, 1.2085403441190936}, {"high", c.High, 2.8080449367568563},
		{"standardised", c.OtherRate, 0.20687830687830683}, {"member rate", c.MemberRate, 40.0 / 105},
		{"odds ratio", c.OddsRatio, 2.4483190956667107}, {"odds low", c.OddsLow, 1.3378990198981724}, {"odds high", c.OddsHigh, 4.4803578633778240}} {
		if !near(x.got, x.want) {
			t.Errorf("%s = %.17g, want %.17g", x.name, x.got, x.want)
		}
	}
	if c.Unmatched != 4 || c.MatchedStrata != 4 {
		t.Errorf("unmatched %d, strata %d", c.Unmatched, c.MatchedStrata)
	}
}
