package velocity

import (
	"math"
	"reflect"
	"testing"
	"time"
)

func FuzzWideHeaders(f *testing.F) {
	for _, s := range []string{"Became a Lead Date", "Date entered 'Customer (Lifecycle Stage Pipeline)'", "Engaged=engage_date,Closed=close_date", "mql:customer", "=,:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if st, ok := WideStage(s); ok && st == "" {
			t.Errorf("WideStage(%q): empty stage", s)
		}
		if ws, err := ParseWide(s); err == nil {
			for _, w := range ws {
				if w.Stage == "" || w.Header == "" {
					t.Errorf("ParseWide(%q): %+v", s, ws)
				}
			}
		}
		if ps, err := ParsePairs(s); err == nil {
			for _, p := range ps {
				if p.From == "" || p.To == "" {
					t.Errorf("ParsePairs(%q): %+v", s, ps)
				}
			}
		}
		_, _ = ParseOrder(s)
		_ = stageFromHeader(s)
	})
}

// FuzzTransitions decodes bytes into stage entries (3 bytes each: entity,
// stage, day) and checks invariants of the definitions: reversing the rows
// changes nothing; streaming them changes nothing; every conversion row has entered >= advanced +
// still_open and advanced >= advanced_within; no duration is negative.
func FuzzTransitions(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 1, 3, 0, 0, 5, 0, 1, 5, 1, 2, 0, 1, 0, 9})
	f.Add([]byte{2, 3, 3, 2, 3, 3, 2, 1, 3})
	stages := []string{"mql", "sql", "opportunity", "customer"}
	f.Fuzz(func(t *testing.T, b []byte) {
		var rows [][]string
		for i := 0; i+2 < len(b) && len(rows) < 200; i += 3 {
			day := time.Date(2024, 2, 20, 0, 0, 0, 0, time.UTC).Add(time.Duration(b[i+2]) * 7 * time.Hour)
			rows = append(rows, []string{string(rune('A' + b[i]%6)), stages[b[i+1]%4], day.Format(time.DateTime)})
		}
		if len(rows) == 0 {
			return
		}
		opts := Options{Order: stages, Pairs: []Pair{{"mql", "customer"}}, Within: 3 * 86400, Period: Week}
		ds := longDataset(t, rows)
		res, err := Analyze(ds, opts)
		if err != nil {
			t.Fatal(err)
		}
		// Streamed in chunks, the same rows give the same result.
		streamed := opts
		streamed.Stream = streamTable(t, ds.Stages, 1+len(b)%5)
		res2, err := Analyze(nil, streamed)
		if err != nil {
			t.Fatal(err)
		}
		if resultText(res2) != resultText(res) {
			t.Fatalf("streamed:\n%s\nwant\n%s", resultText(res2), resultText(res))
		}
		rev := make([][]string, len(rows))
		for i := range rows {
			rev[len(rows)-1-i] = rows[i]
		}
		res2, err = Analyze(longDataset(t, rev), opts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(stripNaN(res.Velocity), stripNaN(res2.Velocity)) || !reflect.DeepEqual(stripNaNConv(res.Conversion), stripNaNConv(res2.Conversion)) {
			t.Fatalf("row order changes the result")
		}
		for _, c := range res.Conversion {
			if c.Entered < c.Advanced+c.StillOpen || c.Advanced < c.AdvancedWithin {
				t.Fatalf("conversion %+v", c)
			}
		}
		for _, v := range res.Velocity {
			if v.Transitions > 0 && (v.MeanDays < 0 || v.MedianDays < 0 || v.P90Days < v.MedianDays-1e-9 || math.IsNaN(v.MeanDays) || math.IsInf(v.P90Days, 0)) {
				t.Fatalf("velocity %+v", v)
			}
		}
	})
}
