package ingest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestDecimalSeparator: a column whose "15.000" reads as 15 or as 15000
// is decided only where that is certain (issue 19, item 8). Expected
// values worked out by hand from each reading.
func TestDecimalSeparator(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		header  []string
		rows    [][]string
		decimal byte
		want    map[string][]float64 // column -> values
		err     string
	}{
		{name: "open dots fail", header: []string{"account_id", "employees"},
			rows: [][]string{{"A1", "15.000"}, {"A2", "8.500"}, {"A3", "950"}},
			err: `t.csv:2: column "employees": ambiguous decimal separator "15.000" (it reads as 15 (decimal point) or as 15000 (thousands dot), ` +
				`and no value of the column or the file settles which; settle it with --decimal , (1.234,5) or --decimal . (1,234.5))`},
		// A Total row that adds up in one reading only (24.450 is 15000 +
		// 8500 + 950 read with thousands dots; 15 + 8.5 + 950 = 973.5 the
		// other way) does not hide the column's ambiguity behind a total
		// that "does not add up"; once --decimal settles the column it is
		// judged in that style alone.
		{name: "open dots with a total fail at the first dot", header: []string{"account_id", "employees"},
			rows: [][]string{{"A1", "15.000"}, {"A2", "8.500"}, {"A3", "950"}, {"Total", "24.450"}},
			err: `t.csv:2: column "employees": ambiguous decimal separator "15.000" (it reads as 15 (decimal point) or as 15000 (thousands dot), ` +
				`and no value of the column or the file settles which; settle it with --decimal , (1.234,5) or --decimal . (1,234.5))`},
		{name: "--decimal , with a total", header: []string{"account_id", "employees"}, decimal: ',',
			rows: [][]string{{"A1", "15.000"}, {"A2", "8.500"}, {"A3", "950"}, {"Total", "24.450"}},
			want: map[string][]float64{"employees": {15000, 8500, 950}}},
		{name: "--decimal . with a total", header: []string{"account_id", "employees"}, decimal: '.',
			rows: [][]string{{"A1", "15.000"}, {"A2", "8.500"}, {"A3", "950"}, {"Total", "24.450"}},
			err:  `t.csv:5: column "employees": totals row does not add up "24.450" (a totals row ("Total") whose value is not the sum (973.5), mean, minimum or maximum of the 3 values above it)`},
		{name: "two dots settle", header: []string{"account_id", "employees"},
			rows: [][]string{{"A1", "15.000"}, {"A2", "8.500"}, {"A3", "950"}, {"A4", "1.250.000"}},
			want: map[string][]float64{"employees": {15000, 8500, 950, 1250000}}},
		{name: "--decimal ,", header: []string{"account_id", "employees"}, decimal: ',',
			rows: [][]string{{"A1", "15.000"}, {"A2", "8.500"}, {"A3", "950"}},
			want: map[string][]float64{"employees": {15000, 8500, 950}}},
		{name: "--decimal .", header: []string{"account_id", "employees"}, decimal: '.',
			rows: [][]string{{"A1", "15.000"}, {"A2", "8.500"}, {"A3", "950"}},
			want: map[string][]float64{"employees": {15, 8.5, 950}}},
		{name: "--decimal . refuses a decimal comma", header: []string{"account_id", "employees"}, decimal: '.',
			rows: [][]string{{"A1", "15.000"}, {"A2", "8,5"}},
			err:  `t.csv:3: column "employees": cannot parse "8,5" as a number (a European-style number (1.234,5) in a column of US-style numbers (1,234.5), as --decimal . says)`},
		{name: "a decimal point in the column", header: []string{"account_id", "employees"},
			rows: [][]string{{"A1", "15.000"}, {"A2", "12.5"}},
			want: map[string][]float64{"employees": {15, 12.5}}},
		{name: "a decimal comma elsewhere in the file", header: []string{"account_id", "employees", "revenue"},
			rows: [][]string{{"A1", "15.000", "1.234,5"}, {"A2", "8.500", "7"}},
			want: map[string][]float64{"employees": {15000, 8500}, "revenue": {1234.5, 7}}},
		{name: "open commas stay US", header: []string{"account_id", "employees"},
			rows: [][]string{{"A1", "1,200"}, {"A2", "950"}},
			want: map[string][]float64{"employees": {1200, 950}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab, _, err := LoadFrom(newMemRecords("t.csv", c.header, c.rows...), funnel.Accounts, funnel.NewDict(), Options{Decimal: c.decimal})
			if c.err != "" {
				if err == nil || err.Error() != c.err {
					t.Fatalf("error\n got %v\nwant %s", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for col, want := range c.want {
				if got := tab.Named(col).Nums; !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %v, want %v", col, got, want)
				}
			}
		})
	}
	_, _, err := LoadFrom(newMemRecords("t.csv", []string{"account_id", "employees"}, []string{"A1", "15.000"}), funnel.Accounts, funnel.NewDict(), Options{})
	if !errors.Is(err, ErrAmbiguousNumber) {
		t.Errorf("error %v is not ErrAmbiguousNumber", err)
	}
}

// TestMixedCurrencies: amounts in two currencies are not summed (item 9).
func TestMixedCurrencies(t *testing.T) {
	t.Parallel()
	header := []string{"account_id", "revenue"}
	_, _, err := LoadFrom(newMemRecords("t.csv", header, []string{"A1", "$1200"}, []string{"A2", "950"}, []string{"A3", "€800"}),
		funnel.Accounts, funnel.NewDict(), Options{})
	want := `t.csv:4: column "revenue": mixed currencies "€800" (an amount in EUR in a column of amounts in USD since line 2; convert them to one currency)`
	if err == nil || err.Error() != want || !errors.Is(err, ErrCurrency) {
		t.Errorf("error\n got %v\nwant %s", err, want)
	}
	// $, US$ and USD are one currency.
	tab, _, err := LoadFrom(newMemRecords("t.csv", header, []string{"A1", "$1,200"}, []string{"A2", "USD 800"}, []string{"A3", "US$5"}),
		funnel.Accounts, funnel.NewDict(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.Named("revenue").Nums; !reflect.DeepEqual(got, []float64{1200, 800, 5}) {
		t.Errorf("revenue = %v, want [1200 800 5]", got)
	}
}

// TestPlaceholderDates: dates before the floor are read as missing with a
// warning (item 11).
func TestPlaceholderDates(t *testing.T) {
	t.Parallel()
	rows := [][]string{{"L1", "2024-03-01"}, {"L2", "1900-01-01"}, {"L3", "0001-01-01"}, {"L4", "1989-12-31"}, {"L5", "1990-01-01"}}
	const mar1, jan1990 = 1709251200, 631152000 // 2024-03-01, 1990-01-01 UTC
	cases := []struct {
		min      time.Time
		want     []int64
		missing  int
		warnings []string
	}{
		{time.Time{}, []int64{mar1, funnel.NoTime, funnel.NoTime, funnel.NoTime, jan1990}, 3, []string{
			`t.csv: column "occurred_at": 3 dates are before 1990-01-01, the first 1900-01-01 on line 3 (placeholders for no date?); read as missing (--min-date sets the floor)`}},
		{time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), []int64{mar1, -2208988800, funnel.NoTime, 631065600, jan1990}, 1, []string{
			`t.csv: column "occurred_at": 1 date is before 1900-01-01, the first 0001-01-01 on line 4 (placeholders for no date?); read as missing (--min-date sets the floor)`}},
	}
	for _, c := range cases {
		tab, warnings, err := LoadFrom(newMemRecords("t.csv", []string{"lead_id", "occurred_at"}, rows...), funnel.Touches, funnel.NewDict(), Options{MinDate: c.min})
		if err != nil {
			t.Fatal(err)
		}
		col := tab.Named("occurred_at")
		if !reflect.DeepEqual(col.Times, c.want) || col.Missing != c.missing {
			t.Errorf("min %v: times %v (%d missing), want %v (%d)", c.min, col.Times, col.Missing, c.want, c.missing)
		}
		if !reflect.DeepEqual(warnings, c.warnings) {
			t.Errorf("warnings\n got %q\nwant %q", warnings, c.warnings)
		}
	}
}

// TestInvisibleCharacters: a byte order mark at the start of a middle row
// and zero-width spaces are trimmed like spaces (item 12).
func TestInvisibleCharacters(t *testing.T) {
	t.Parallel()
	rows := [][]string{{"L2", "2024-03-01"}, {"\ufeffL2", "2024-03-02"}, {"\u200bL2\u200b", "2024-03-03"}, {"L2\u2060", "\ufeff2024-03-04"}}
	tab, _, err := LoadFrom(newMemRecords("t.csv", []string{"lead_id", "occurred_at"}, rows...), funnel.Touches, funnel.NewDict(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := textsOf(tab, tab.Named("lead_id")); !reflect.DeepEqual(got, []string{"L2", "L2", "L2", "L2"}) {
		t.Errorf("lead_id = %q, want L2 four times", got)
	}
	if got := tab.Named("occurred_at").Times[3]; got != 1709510400 { // 2024-03-04 UTC
		t.Errorf("occurred_at[3] = %d, want 1709510400", got)
	}
}

// TestDSTGap: a local time the zone skips is read with the offset before
// the change, with a warning (issue 19, Smaller). (time.Date reads it with
// the offset after the change in New York, before it in Berlin: see
// TestParseFast.)
func TestDSTGap(t *testing.T) {
	t.Parallel()
	rows := [][]string{{"L1", "2024-03-10 01:30:00"}, {"L1", "2024-03-10 02:30:00"}, {"L2", "2024-03-10 03:30:00"}, {"L1", "2024-03-10 02:45:00"}}
	tab, warnings, err := LoadFrom(newMemRecords("t.csv", []string{"lead_id", "occurred_at"}, rows...), funnel.Touches, funnel.NewDict(),
		Options{Location: mustLocation("America/New_York")})
	if err != nil {
		t.Fatal(err)
	}
	// 2024-03-10 is day 19792 (1710028800): 01:30 EST is 06:30 UTC; 02:30
	// read with EST's -5h is 07:30 UTC, as is 03:30 EDT; 02:45 07:45 UTC.
	want := []int64{1710028800 + 23400, 1710028800 + 27000, 1710028800 + 27000, 1710028800 + 27900}
	if got := tab.Named("occurred_at").Times; !reflect.DeepEqual(got, want) {
		t.Errorf("times %v, want %v", got, want)
	}
	wantW := []string{`t.csv: column "occurred_at": 2 local times do not exist in America/New_York (the clocks went forward), the first "2024-03-10 02:30:00" on line 3 read as 2024-03-10 03:30:00 EDT, with the offset before the change`}
	if !reflect.DeepEqual(warnings, wantW) {
		t.Errorf("warnings\n got %q\nwant %q", warnings, wantW)
	}
}
