package ingest

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/funnel-analytics/funnel/funnel"
)

// FuzzParseDate: no panics; every error is a *ValueError wrapping a date
// sentinel; a parsed value written back as ISO text reads the same.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2024-03-05T14:30:00.123+02:00", "3/5/2024 2:30 PM", "29/02/2024",
		"05-03-2024 14:30", "05.03.2024", "2024/03/05 14:30", "9999-12-31T23:59:59-18:00", "0001-01-01T00:00:00Z",
		"12/12/2024 12:00 AM", "2024-03-05 14:30:00 UTC", "45356", "1/1/1000", "", "2024-13-01", "٣/٥/٢٠٢٤",
		"20240202", "20230229", "22001231", "1706832000123"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, order uint8) {
		opts := Options{DateOrder: [...]string{"", "mdy", "dmy"}[order%3]}
		v, dateOnly, err := ParseDate(s, opts)
		if err != nil {
			var ve *ValueError
			if !errors.As(err, &ve) || !(errors.Is(err, ErrBadDate) || errors.Is(err, ErrAmbiguousDate)) {
				t.Fatalf("ParseDate(%q): %T %v", s, err, err)
			}
			return
		}
		if v < utcOf(1000, 1, 1, 0, 0, 0) || v >= utcOf(9999, 1, 1, 0, 0, 0) {
			return // written back, it might leave four-digit years
		}
		text := funnel.FormatTime(v, dateOnly)
		back, backDateOnly, err := ParseDate(text, Options{})
		if err != nil || back != v || backDateOnly != dateOnly {
			t.Fatalf("ParseDate(%q) = %d (%s, dateOnly %v); read back %d %v %v", s, v, text, dateOnly, back, backDateOnly, err)
		}
	})
}

// FuzzNumberDates: in a time role, a number reads as the layout its size
// says (see dateFamily) and nothing else: an epoch time is the number
// divided by its unit, truncated; YYYYMMDD has 8 digits; an Excel serial
// is at most 2958465; and no value of another size is a date.
func FuzzNumberDates(f *testing.F) {
	for _, n := range []uint64{0, 1, 45356, 2958465, 2958466, 19000101, 20240202, 99999999, 1e8, 1706832000, 9999999999, 1e10,
		1e11 - 1, 1e11, 1706832000123, 1e13, 1e14 - 1, 1e14, 1706832000123456, 1e16 - 1, 1e16, 1<<64 - 1} {
		f.Add(n, uint8(0))
	}
	f.Fuzz(func(t *testing.T, n uint64, frac uint8) {
		s := strconv.FormatUint(n, 10)
		if frac%4 == 1 {
			s += ".5"
		}
		dc := newDateColumn(Options{}, true)
		got, err := dc.parse(s, 2, nil)
		if err != nil {
			return
		}
		switch dc.fam {
		case famEpoch:
			e := epochUnits[dc.unit]
			if n < e.min || n >= 100*e.min || got != int64(n/e.perSec) {
				t.Fatalf("%s read as epoch %s: %d", s, e.name, got)
			}
		case famCompact:
			y, m, d := civilFromDays(floorDiv(got, funnel.SecondsPerDay))
			if len(s) != 8 || got%funnel.SecondsPerDay != 0 || uint64(y*10000+m*100+d) != n {
				t.Fatalf("%s read as YYYYMMDD: %d (%d-%d-%d)", s, got, y, m, d)
			}
		case famSerial:
			if n < 1 || n > 2958465 {
				t.Fatalf("%s read as Excel serial: %d", s, got)
			}
		default:
			t.Fatalf("%s read as %s", s, dc.Layout())
		}
	})
}

// FuzzParseNumber: no panics; results are finite; a parsed value written
// back by strconv reads the same; errors wrap ErrBadNumber.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1,234,567.89", "1.234.567,89", "1 234,5", "$1,200", "USD 1,200", "1.200,00 €", "12.5%",
		"(1,200)", "-$5", "1e5", "1e400", "NaN", "Inf", "0,123", "1'234.50", "−7", "1\u00a0234,5", "", "--", "5.", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseNumber(s)
		if err != nil {
			if !errors.Is(err, ErrBadNumber) {
				t.Fatalf("ParseNumber(%q): %v is not ErrBadNumber", s, err)
			}
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
		text := strconv.FormatFloat(v, 'g', -1, 64)
		back, err := ParseNumber(text)
		if err != nil || back != v {
			t.Fatalf("ParseNumber(%q) = %v; ParseNumber(%q) = %v, %v", s, v, text, back, err)
		}
		// A column reading the value alone agrees with ParseNumber.
		var nc numColumn
		if cv, err := nc.parse(trimCell(s), 2, nil); err != nil || cv != v {
			t.Fatalf("numColumn(%q) = %v, %v; ParseNumber %v", s, cv, err, v)
		}
	})
}

// FuzzParseBool: no panics; tokens are case-insensitive and round-trip.
func FuzzParseBool(f *testing.F) {
	for _, s := range []string{"1", "0", "true", "FALSE", "Yes", "no", "y", "N", "t", "f", " TRUE ", "yess", "", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseBool(s)
		if err != nil {
			if !errors.Is(err, ErrBadBool) {
				t.Fatalf("ParseBool(%q): %v is not ErrBadBool", s, err)
			}
			return
		}
		if back, err := ParseBool(strconv.FormatBool(v)); err != nil || back != v {
			t.Fatalf("ParseBool(%q) = %v; FormatBool round trip %v %v", s, v, back, err)
		}
		if utf8.ValidString(s) {
			if up, err := ParseBool(strings.ToUpper(s)); err != nil || up != v {
				t.Fatalf("ParseBool(%q) = %v but upper case %v %v", s, v, up, err)
			}
		}
		// Positive values only add trues: a standard token keeps its value.
		bc := newBoolColumn(Options{Positive: []string{"Closed Won"}})
		if got, err := bc.parse(trimCell(s)); err != nil || (got == 1) != v {
			t.Fatalf("boolColumn(%q) = %d, %v; ParseBool %v", s, got, err, v)
		}
	})
}
