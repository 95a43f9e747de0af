package report

import (
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/webinar"
)

// TestSignalsAndWebinarsSheets builds April 2026 of testdata/signals/basic
// (its touches read as the web activity, no touches input) with the
// two-webinar attendee report of testdata/report/sheets. Worked by hand:
//
// Signals, as of 2026-05-01 00:00 (the month's end; O2 and O3 close at
// that second, so they are still open): the active accounts A1, A2 (an
// SQL entered 04-10) and A3 are the family of drop tests; p = P(X <= k |
// n, 1/4) gives A3 0.75^30 = 1.7858e-4, A1 0.75^31 + 31/4 0.75^30 =
// 1.5179e-3, A2 0.28111. Benjamini-Hochberg over m = 3: q_A3 = min(3 p_A3,
// q_A1), q_A1 = min(3 p_A1 / 2, p_A2) = 2.2769e-3. A4 is the one surge
// (a family of one: q = p).
//
// Webinars: W1 (2026-04-15 10:00-10:30) is in the month, W2 (March) is
// not. Slice 3 (minutes 10-15, "Demo" from minute 10) loses b and c: the
// largest drop, 2; slice 6 loses a and e too but is the closing. a (30
// min) and e (28 of 30) attended most, are no leads: most_not_converted;
// b and c left early; d registered only.
func TestSignalsAndWebinarsSheets(t *testing.T) {
	t.Parallel()
	basic := filepath.Join("..", "testdata", "signals", "basic")
	files := map[funnel.TableKind]string{funnel.Attendees: filepath.Join("..", "testdata", "report", "sheets", "attendees.csv")}
	for _, k := range []funnel.TableKind{funnel.Leads, funnel.Accounts, funnel.Opportunities, funnel.Stages} {
		files[k] = filepath.Join(basic, k.String()+".csv")
	}
	ds, err := ingest.LoadDataset(files, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	web := loadTouches(t, ds, filepath.Join(basic, "touches.csv"))
	m, _ := ParseMonth("2026-04", time.UTC)
	opts := Options{Month: m}
	opts.Signals.Web = web
	opts.Webinar.Agenda = []webinar.AgendaItem{{Minute: 0, Topic: "Intro"}, {Minute: 10, Topic: "Demo"}, {Minute: 20, Topic: "Q&A"}}
	rep, err := Build(ds, opts)
	if err != nil {
		t.Fatal(err)
	}
	drops, ok := rep.Table("signals_traffic_drop")
	if !ok || drops.Nrow() != 2 {
		t.Fatalf("signals_traffic_drop: %v", drops)
	}
	pA3, pA1, pA2 := math.Pow(0.75, 30), math.Pow(0.75, 31)+31*0.25*math.Pow(0.75, 30), 0.28111
	qA1 := math.Min(3*pA1/2, pA2)
	want := []struct {
		id   string
		p, q float64
	}{{"A3", pA3, math.Min(3*pA3, qA1)}, {"A1", pA1, qA1}}
	for i, w := range want {
		id, p, q := drops.Col("account_id").Records()[i], drops.Col("p_value").Float()[i], drops.Col("q_value").Float()[i]
		if id != w.id || math.Abs(p-w.p) > 1e-12*w.p || math.Abs(q-w.q) > 1e-12*w.q {
			t.Errorf("drop %d: %s p %g q %g, want %s p %g q %g", i, id, p, q, w.id, w.p, w.q)
		}
	}
	if s, _ := rep.Table("signals_surge"); s.Nrow() != 1 || s.Col("account_id").Records()[0] != "A4" {
		t.Errorf("signals_surge %v", s)
	}
	if tr, _ := rep.Table("signals_stalled_trial"); !slices.Equal(tr.Col("account_id").Records(), []string{"A6", "A5"}) {
		t.Errorf("signals_stalled_trial %v", tr)
	}
	ws, ok := rep.Table("webinars")
	if !ok || ws.Nrow() != 1 {
		t.Fatalf("webinars %v", ws)
	}
	row := func(col string) string { return ws.Col(col).Records()[0] }
	for col, v := range map[string]string{"webinar": "W1", "registered": "5", "attended": "4", "peak": "4", "avg_minutes": "20.500000",
		"drop_from_minute": "10.000000", "drop": "2", "drop_topic": "Demo", "most_not_converted": "2", "left_early": "2", "not_attended": "1"} {
		if got := row(col); got != v {
			t.Errorf("webinars %s = %s, want %s", col, got, v)
		}
	}
	if c, _ := rep.Table("webinar_curve"); c.Nrow() != 6 {
		t.Errorf("webinar_curve has %d slices, want 6 (W1 only)", c.Nrow())
	}
	for _, name := range []string{"signals_traffic_drop", "signals_traffic", "signals_backtest"} {
		if s := rep.Sheets[name]; s != SheetSignals {
			t.Errorf("%s on sheet %q", name, s)
		}
	}
	if s := rep.Sheets["webinar_follow_up"]; s != SheetWebinars {
		t.Errorf("webinar_follow_up on sheet %q", s)
	}
}
