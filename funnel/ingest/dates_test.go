package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
	_ "time/tzdata" // America/New_York without the system database

	"github.com/funnel-analytics/funnel/funnel"
)

// utcOf is the reference conversion: Go's time.Date, independent of the
// hand-written calendar arithmetic under test.
func utcOf(y int, m time.Month, d, h, mi, s int) int64 {
	return time.Date(y, m, d, h, mi, s, 0, time.UTC).Unix()
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	mdy := Options{DateOrder: "mdy"}
	dmy := Options{DateOrder: "dmy"}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in       string
		opts     Options
		want     int64
		dateOnly bool
	}{
		// Literal references: GNU date -u -d '...' +%s.
		{"2024-02-29", Options{}, 1709164800, true},
		{"2024-03-05T14:30:00Z", Options{}, 1709649000, false},
		{"2024-03-05 14:30:00", Options{}, 1709649000, false},
		{"2024-03-05T14:30:00+02:00", Options{}, 1709641800, false}, // 12:30Z
		{"2024-03-05T14:30:00.123Z", Options{}, 1709649000, false},  // fraction truncated
		{"2024-03-05T14:30:00.999999+0200", Options{}, 1709641800, false},
		{"2024-03-05 14:30", Options{}, 1709649000, false},
		{"3/5/2024 2:30 PM", mdy, 1709649000, false},
		{"03/05/2024 14:30", mdy, 1709649000, false},
		{"5/3/2024 2:30:00 pm", dmy, 1709649000, false},
		{"05-03-2024 14:30", Options{}, 1709649000, false}, // dash: day first
		{"05.03.2024 14:30:00", Options{}, 1709649000, false},
		{"2024/03/05 14:30", Options{}, 1709649000, false},
		{"2/29/2024", mdy, 1709164800, true},
		{"29.02.2024", Options{}, 1709164800, true},
		{"29/02/2024", Options{}, 1709164800, true}, // 29 > 12 settles day first
		{"2/29/2024", Options{}, 1709164800, true},  // 29 > 12 settles month first
		// New York: EST (UTC-5) in March, EDT (UTC-4) in July; GNU date
		// with TZ=America/New_York gives 1709647200 and 1720184400.
		{"2024-03-05 09:00", Options{Location: ny}, 1709647200, false},
		{"2024-07-05 09:00", Options{Location: ny}, 1720184400, false},
		{"2024-07-05T09:00:00-04:00", Options{Location: ny}, 1720184400, false}, // explicit offset wins
		// Month names with zone abbreviations (GoTo Webinar), references by
		// Python's datetime.fromisoformat(...).replace(tzinfo=utc): 10:58
		// AM EDT is 14:58 UTC, 11:59 PM CET 22:59 UTC; without a zone the
		// location's (New York in May: EDT).
		{"May 16, 2012 10:58 AM EDT", Options{}, 1337180280, false},
		{"Sept. 3, 2024 14:05:09 UTC", Options{}, 1725372309, false},
		{"March 1, 2024", Options{}, 1709251200, true},
		{"dec 31, 2024 11:59 PM CET", Options{}, 1735685940, false},
		{"May 14, 2024 12:00 PM", Options{Location: ny}, 1715702400, false},
		{"2024-03-05 09:00 EST", Options{}, 1709647200, false},
		// 12-hour clock edges (reference: time.Date).
		{"3/5/2024 12:00 AM", mdy, utcOf(2024, 3, 5, 0, 0, 0), false},
		{"3/5/2024 12:30 PM", mdy, utcOf(2024, 3, 5, 12, 30, 0), false},
		{"3/5/2024 11:59:59 PM", mdy, utcOf(2024, 3, 5, 23, 59, 59), false},
		{"  2024-03-05  ", Options{}, utcOf(2024, 3, 5, 0, 0, 0), true},
		{"1900-03-01", Options{}, -2203891200, true},
		{"9999-12-31", Options{}, 253402214400, true},
		{"2024-03-05 14:30:00 UTC", Options{}, 1709649000, false},
		{"2024-03-05T14:30:00-0530", Options{}, utcOf(2024, 3, 5, 20, 0, 0), false},
		// YYYYMMDD (GNU date -u -d 2024-02-02 +%s); in a zone, midnight there.
		{"20240202", Options{}, 1706832000, true},
		{"20240229", Options{}, 1709164800, true},
		{"20240202", Options{Location: ny}, 1706832000 + 5*3600, true}, // EST
	}
	for _, c := range cases {
		got, dateOnly, err := ParseDate(c.in, c.opts)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", c.in, err)
			continue
		}
		if got != c.want || dateOnly != c.dateOnly {
			t.Errorf("ParseDate(%q) = %d (%s), %v; want %d (%s), %v", c.in, got, funnel.FormatTime(got, false), dateOnly,
				c.want, funnel.FormatTime(c.want, false), c.dateOnly)
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		opts Options
		want string
		is   error
	}{
		{"2023-02-29", Options{}, `cannot parse "2023-02-29" as a date (day 29 out of range for 2023-02)`, ErrBadDate},
		{"May 14, 2024 12:00 PM IST", Options{}, `cannot parse "May 14, 2024 12:00 PM IST" as a date (unknown time zone "IST" (funnel reads UTC, GMT, an offset such as -04:00, or one of the North American and European abbreviations))`, ErrBadDate},
		{"Feb 30, 2024", Options{}, `cannot parse "Feb 30, 2024" as a date (day 30 out of range for 2024-02)`, ErrBadDate},
		{"Mai 3, 2024", Options{}, `cannot parse "Mai 3, 2024" as a date (not a date layout funnel reads (YYYY-MM-DD, MM/DD/YYYY, DD.MM.YYYY, ...))`, ErrBadDate},
		{"3/5/2024 10:00 EDT", Options{DateOrder: "mdy"}, `cannot parse "3/5/2024 10:00 EDT" as a date (unexpected text after the time)`, ErrBadDate},
		{"2024-13-01", Options{}, `cannot parse "2024-13-01" as a date (month 13 out of range (YYYY-MM-DD))`, ErrBadDate},
		{"3/5/2024", Options{}, `ambiguous day/month order "3/5/2024" (day and month are both <= 12; settle it with --date-order mdy|dmy)`, ErrAmbiguousDate},
		{"13/13/2024", Options{}, `cannot parse "13/13/2024" as a date (neither 13 nor 13 is a month)`, ErrBadDate},
		{"3/5/24", Options{}, `cannot parse "3/5/24" as a date (two-digit years are not read; export four-digit years)`, ErrBadDate},
		{"3/5/2024 13:00 PM", Options{DateOrder: "mdy"}, `cannot parse "3/5/2024 13:00 PM" as a date (hour 13 with AM/PM (1 to 12))`, ErrBadDate},
		{"2024-03-05 24:00", Options{}, `cannot parse "2024-03-05 24:00" as a date (hour 24 out of range (00 to 23))`, ErrBadDate},
		{"2024-03-05T14:30:00+25:00", Options{}, `cannot parse "2024-03-05T14:30:00+25:00" as a date (zone offset out of range)`, ErrBadDate},
		{"45356", Options{}, `cannot parse "45356" as a date (a number, not a date)`, ErrBadDate},
		{"1706832000", Options{}, `cannot parse "1706832000" as a date (a number, not a date)`, ErrBadDate}, // epoch: time roles only
		{"20230229", Options{}, `cannot parse "20230229" as a date (day 29 out of range for 2023-02)`, ErrBadDate},
		{"20241301", Options{}, `cannot parse "20241301" as a date (month 13 out of range (YYYYMMDD))`, ErrBadDate},
		{"22010101", Options{}, `cannot parse "22010101" as a date (YYYYMMDD year 2201 outside 1900..2200)`, ErrBadDate},
		{"March 5th, 2024", Options{}, `cannot parse "March 5th, 2024" as a date (not a date layout funnel reads (YYYY-MM-DD, MM/DD/YYYY, DD.MM.YYYY, ...))`, ErrBadDate}, // month names are read (Mon D, YYYY), ordinals are not
		{"05.13.2024", Options{}, `cannot parse "05.13.2024" as a date (month 13 out of range (DD.MM.YYYY))`, ErrBadDate},
		{"2024-03-05T", Options{}, `cannot parse "2024-03-05T" as a date (time of day must read HH:MM or HH:MM:SS)`, ErrBadDate},
		{"2024-03-05 14:61", Options{}, `cannot parse "2024-03-05 14:61" as a date (minutes and seconds run from 00 to 59)`, ErrBadDate},
		{"3/5/2024 14:30 +02:00", Options{DateOrder: "mdy"}, `cannot parse "3/5/2024 14:30 +02:00" as a date (unexpected text after the time)`, ErrBadDate},
	}
	for _, c := range cases {
		_, _, err := ParseDate(c.in, c.opts)
		if err == nil {
			t.Errorf("ParseDate(%q): no error", c.in)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("ParseDate(%q) error\n got %s\nwant %s", c.in, err, c.want)
		}
		if !errors.Is(err, c.is) {
			t.Errorf("ParseDate(%q) error %v is not %v", c.in, err, c.is)
		}
	}
}

// TestDateColumn feeds whole columns through the detector, as Load does.
func TestDateColumn(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		values   []string
		opts     Options
		serial   bool
		want     []int64
		layout   string
		dateOnly bool
		warning  string
	}{
		{"mdy settled late", []string{"3/5/2024 2:30 PM", "4/1/2024 9:05 AM", "3/15/2024 12:00 AM"}, Options{}, true,
			[]int64{utcOf(2024, 3, 5, 14, 30, 0), utcOf(2024, 4, 1, 9, 5, 0), utcOf(2024, 3, 15, 0, 0, 0)}, "MM/DD/YYYY h:MM AM/PM", false, ""},
		{"dmy settled late", []string{"05/03/2024", "", "01/04/2024", "25/03/2024"}, Options{}, true,
			[]int64{utcOf(2024, 3, 5, 0, 0, 0), funnel.NoTime, utcOf(2024, 4, 1, 0, 0, 0), utcOf(2024, 3, 25, 0, 0, 0)}, "DD/MM/YYYY", true, ""},
		{"ambiguous settled by option", []string{"05/03/2024", "01/04/2024"}, Options{DateOrder: "dmy"}, true,
			[]int64{utcOf(2024, 3, 5, 0, 0, 0), utcOf(2024, 4, 1, 0, 0, 0)}, "DD/MM/YYYY", true, ""},
		{"values beat the option", []string{"05/03/2024", "3/25/2024"}, Options{DateOrder: "dmy"}, true,
			[]int64{utcOf(2024, 5, 3, 0, 0, 0), utcOf(2024, 3, 25, 0, 0, 0)}, "MM/DD/YYYY", true,
			`x.csv: column "When": the dates read MM/DD/YYYY (line 3 shows it), not as --date-order dmy says`},
		{"iso date and datetime mix", []string{"2024-03-05", "2024-03-06 10:00:00", "2024-03-07T11:00:00Z"}, Options{}, true,
			[]int64{utcOf(2024, 3, 5, 0, 0, 0), utcOf(2024, 3, 6, 10, 0, 0), utcOf(2024, 3, 7, 11, 0, 0)}, "YYYY-MM-DDTHH:MM:SSZ", false, ""},
		{"iso offsets", []string{"2024-03-05T14:30:00+02:00", "2024-03-05T14:30:00.250-05:00"}, Options{}, true,
			[]int64{utcOf(2024, 3, 5, 12, 30, 0), utcOf(2024, 3, 5, 19, 30, 0)}, "YYYY-MM-DDTHH:MM:SS.fff±hh:mm", false, ""},
		{"dash ambiguous reads day first", []string{"05-03-2024", "01-04-2024"}, Options{}, true,
			[]int64{utcOf(2024, 3, 5, 0, 0, 0), utcOf(2024, 4, 1, 0, 0, 0)}, "DD-MM-YYYY", true, ""},
		{"dash month first", []string{"05-03-2024", "12-25-2024"}, Options{}, true,
			[]int64{utcOf(2024, 5, 3, 0, 0, 0), utcOf(2024, 12, 25, 0, 0, 0)}, "MM-DD-YYYY", true, ""},
		{"dot", []string{"29.02.2024", "01.03.2024 08:00"}, Options{}, true,
			[]int64{utcOf(2024, 2, 29, 0, 0, 0), utcOf(2024, 3, 1, 8, 0, 0)}, "DD.MM.YYYY HH:MM", false, ""},
		// Excel serials: 45356 is 2024-03-05 (Python: (date(2024,3,5) -
		// date(1899,12,30)).days == 45356); day 1 is 1900-01-01 and 59 is
		// 1900-02-28 because Excel counts a 1900-02-29 (GNU date gives
		// -2208988800 and -2203977600); 2958465 is 9999-12-31.
		{"excel serial", []string{"45356", "45356.5", "1", "59", "61", "2958465"}, Options{}, true,
			[]int64{1709596800, 1709640000, -2208988800, -2203977600, -2203891200, 253402214400}, "Excel serial (days.fraction)", false, ""},
		// Epoch times, by GNU date -u -d @...: 1706832000 is
		// 2024-02-02T00:00:00Z (19755 days of 86400 s: 54 years of 365
		// days and 13 leap days to 2024-01-01, then 32 days), 1706877045
		// is 12:30:45 that day. Sub-second digits are truncated: ...999 ms
		// is still the same second.
		{"epoch seconds", []string{"1706832000", "", "1706877045", "1706877045.999", "999999999"}, Options{}, true,
			[]int64{1706832000, funnel.NoTime, 1706877045, 1706877045, 999999999}, "epoch seconds", false, ""},
		{"epoch seconds at midnight", []string{"1706832000", "1709164800"}, Options{}, true,
			[]int64{1706832000, 1709164800}, "epoch seconds", true, ""},
		{"epoch milliseconds", []string{"1706832000123", "1706877045999", "100000000000"}, Options{}, true,
			[]int64{1706832000, 1706877045, 100000000}, "epoch milliseconds", false, ""},
		{"epoch microseconds", []string{"1706832000123456", "1706877045000001", "9999999999999999"}, Options{}, true,
			[]int64{1706832000, 1706877045, 9999999999}, "epoch microseconds", false, ""},
		// Epoch times are UTC instants: a zone changes nothing.
		{"epoch in a zone", []string{"1706832000123"}, Options{Location: time.FixedZone("X", 3600)}, true,
			[]int64{1706832000}, "epoch milliseconds", true, ""},
		// The bounds of the seconds: 10^8 is 1973-03-03T09:46:40Z,
		// 10^10-1 is 2286-11-20T17:46:39Z (GNU date).
		{"epoch bounds", []string{"100000000", "9999999999"}, Options{}, true,
			[]int64{100000000, 9999999999}, "epoch seconds", false, ""},
		// YYYYMMDD: 19000101 is Excel's day 1 above; 2200-12-31 is
		// 7289568000 (GNU date).
		{"compact", []string{"20240202", "19000101", "22001231", "20240229"}, Options{}, true,
			[]int64{1706832000, -2208988800, 7289568000, 1709164800}, "YYYYMMDD", true, ""},
		{"compact without serials", []string{"20240202"}, Options{}, false, []int64{1706832000}, "YYYYMMDD", true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dc := newDateColumn(c.opts, c.serial)
			var times []int64
			for i, v := range c.values {
				if v == "" {
					times = append(times, funnel.NoTime)
					continue
				}
				got, err := dc.parse(v, i+2, times)
				if err != nil {
					t.Fatalf("%q: %v", v, err)
				}
				times = append(times, got)
			}
			var warned string
			if err := dc.finish("x.csv", "When", times, func(w string) { warned = "x.csv: " + w }); err != nil {
				t.Fatal(err)
			}
			for i := range c.want {
				if times[i] != c.want[i] {
					t.Errorf("%q = %s, want %s", c.values[i], funnel.FormatTime(times[i], false), funnel.FormatTime(c.want[i], false))
				}
			}
			if dc.Layout() != c.layout || dc.dateOnly() != c.dateOnly {
				t.Errorf("layout %q dateOnly %v, want %q %v", dc.Layout(), dc.dateOnly(), c.layout, c.dateOnly)
			}
			if warned != c.warning {
				t.Errorf("warning %q, want %q", warned, c.warning)
			}
		})
	}
}

func TestDateColumnErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		values []string
		serial bool
		want   string // the error of the last value, or of finish
	}{
		{"families mix", []string{"2024-03-05", "03/05/2024"}, true,
			`cannot parse "03/05/2024" as a date (layout MM/DD/YYYY or DD/MM/YYYY differs from YYYY-MM-DD used since line 2)`},
		{"order flips", []string{"3/25/2024", "25/3/2024"}, true,
			`cannot parse "25/3/2024" as a date (day and month are the other way round from line 2 (MM/DD/YYYY))`},
		{"serial then date", []string{"45356", "2024-03-05"}, true,
			`cannot parse "2024-03-05" as a date (the column holds Excel serial numbers since line 2)`},
		{"date then number", []string{"2024-03-05", "45356"}, true,
			`cannot parse "45356" as a date (a number in a column of YYYY-MM-DD dates (since line 2))`},
		{"serial out of range", []string{"3000000"}, true,
			`cannot parse "3000000" as a date (Excel serial date out of range 1..2958465)`},
		{"milliseconds then seconds", []string{"1706832000123", "1706832001123", "1706832002"}, true,
			`cannot parse "1706832002" as a date (1706832002 has the size of epoch seconds (9-10 digits), but the column holds epoch milliseconds since line 2)`},
		{"seconds then microseconds", []string{"1706832000", "1706832000123456"}, true,
			`cannot parse "1706832000123456" as a date (1706832000123456 has the size of epoch microseconds (15-16 digits), but the column holds epoch seconds since line 2)`},
		{"11 digits", []string{"17068320001"}, true,
			`cannot parse "17068320001" as a date (a number of no date layout: Excel serials run to 2958465, YYYYMMDD has 8 digits, epoch seconds 9-10, milliseconds 12-13, microseconds 15-16)`},
		{"14 digits (YYYYMMDDHHMMSS)", []string{"20240202123045"}, true,
			`cannot parse "20240202123045" as a date (a number of no date layout: Excel serials run to 2958465, YYYYMMDD has 8 digits, epoch seconds 9-10, milliseconds 12-13, microseconds 15-16)`},
		{"too long", []string{"123456789012345678901234567890"}, true,
			`cannot parse "123456789012345678901234567890" as a date (a number of no date layout: Excel serials run to 2958465, YYYYMMDD has 8 digits, epoch seconds 9-10, milliseconds 12-13, microseconds 15-16)`},
		{"serial then YYYYMMDD", []string{"45356", "20240202"}, true,
			`cannot parse "20240202" as a date (the column holds Excel serial numbers since line 2)`},
		{"YYYYMMDD then serial", []string{"20240202", "45356"}, true,
			`cannot parse "45356" as a date (layout Excel serial differs from YYYYMMDD used since line 2)`},
		{"epoch then ISO", []string{"1706832000", "2024-02-02"}, true,
			`cannot parse "2024-02-02" as a date (layout YYYY-MM-DD differs from epoch seconds used since line 2)`},
		{"ISO then epoch", []string{"2024-02-02", "1706832000"}, true,
			`cannot parse "1706832000" as a date (layout epoch seconds differs from YYYY-MM-DD used since line 2)`},
		{"epoch without serials", []string{"1706832000"}, false,
			`cannot parse "1706832000" as a date (a number, not a date)`},
		{"compact year", []string{"20240202", "18991231"}, true,
			`cannot parse "18991231" as a date (YYYYMMDD year 1899 outside 1900..2200; the column reads YYYYMMDD)`},
		{"serial 60", []string{"60"}, true,
			`cannot parse "60" as a date (Excel serial 60 is 1900-02-29, a day that does not exist)`},
		{"ambiguous", []string{"03/04/2024", "", "01/02/2024"}, true,
			`x.csv:2: column "When": ambiguous day/month order "03/04/2024" (every date of the column reads both as MM/DD/YYYY and as DD/MM/YYYY; settle it with --date-order mdy|dmy)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dc := newDateColumn(Options{}, c.serial)
			var times []int64
			var err error
			for i, v := range c.values {
				if v == "" {
					times = append(times, funnel.NoTime)
					continue
				}
				var got int64
				if got, err = dc.parse(v, i+2, times); err != nil {
					break
				}
				times = append(times, got)
			}
			if err == nil {
				err = dc.finish("x.csv", "When", times, nil)
			}
			if err == nil || err.Error() != c.want {
				t.Errorf("error\n got %v\nwant %s", err, c.want)
			}
		})
	}
}

func ExampleParseDate() {
	for _, s := range []string{"2024-03-05T14:30:00+02:00", "3/15/2024 2:30 PM", "29.02.2024"} {
		t, dateOnly, _ := ParseDate(s, Options{})
		fmt.Println(funnel.FormatTime(t, dateOnly))
	}
	_, _, err := ParseDate("03/04/2024", Options{})
	fmt.Println(err)
	t, _, _ := ParseDate("03/04/2024", Options{DateOrder: "dmy"})
	fmt.Println(funnel.FormatTime(t, true))
	// Output:
	// 2024-03-05 12:30:00
	// 2024-03-15 14:30:00
	// 2024-02-29
	// ambiguous day/month order "03/04/2024" (day and month are both <= 12; settle it with --date-order mdy|dmy)
	// 2024-04-03
}

// TestParseFast checks the fast path of the commonest layouts against the
// general one: column by column, the same values, errors, layout and
// count, whichever value comes first. The expected times of the valid
// values are worked out by hand (utcOf); 2023 is not a leap year, 2024 is.
func TestParseFast(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		values []string
		want   []int64 // NoTime where the value is an error
		layout string
	}{
		{"datetimes", []string{"2024-05-27 08:05:16", "2024-02-29 23:59:59", "1999-12-31 00:00:00"},
			[]int64{utcOf(2024, 5, 27, 8, 5, 16), utcOf(2024, 2, 29, 23, 59, 59), utcOf(1999, 12, 31, 0, 0, 0)}, "YYYY-MM-DD HH:MM:SS"},
		{"dates then datetimes", []string{"2024-05-27", "2024-05-28 10:00:00", "2024-05-29"},
			[]int64{utcOf(2024, 5, 27, 0, 0, 0), utcOf(2024, 5, 28, 10, 0, 0), utcOf(2024, 5, 29, 0, 0, 0)}, "YYYY-MM-DD HH:MM:SS"},
		{"minutes first: seconds still change the layout", []string{"2024-05-27 08:05", "2024-05-27 08:05:16"},
			[]int64{utcOf(2024, 5, 27, 8, 5, 0), utcOf(2024, 5, 27, 8, 5, 16)}, "YYYY-MM-DD HH:MM:SS"},
		{"AM/PM first: a 24-hour value still changes the layout", []string{"2024-05-27 8:05:16 PM", "2024-05-27 20:05:16"},
			[]int64{utcOf(2024, 5, 27, 20, 5, 16), utcOf(2024, 5, 27, 20, 5, 16)}, "YYYY-MM-DD HH:MM:SS AM/PM"},
		{"T first", []string{"2024-05-27T08:05:16", "2024-05-27 08:05:17"},
			[]int64{utcOf(2024, 5, 27, 8, 5, 16), utcOf(2024, 5, 27, 8, 5, 17)}, "YYYY-MM-DDTHH:MM:SS"},
		{"bad values after good ones", []string{"2024-05-27 08:05:16", "2023-02-29 10:00:00", "2024-13-01 10:00:00", "2024-05-27 24:00:00",
			"2024-05-27 10:60:00", "2024-05-27 10:00:60", "0000-01-01 10:00:00", "2024-05-27 10:00:0x", "2024-05-00", "2024/05/27 10:00:00", "2024-05-27 10:00:00"},
			[]int64{utcOf(2024, 5, 27, 8, 5, 16), funnel.NoTime, funnel.NoTime, funnel.NoTime, funnel.NoTime, funnel.NoTime, funnel.NoTime, funnel.NoTime, funnel.NoTime, funnel.NoTime,
				utcOf(2024, 5, 27, 10, 0, 0)}, "YYYY-MM-DD HH:MM:SS"},
		{"slash column", []string{"05/27/2024 10:00:00", "2024-05-27 10:00:00"},
			[]int64{utcOf(2024, 5, 27, 10, 0, 0), funnel.NoTime}, "MM/DD/YYYY HH:MM:SS"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fast, slow := newDateColumn(Options{}, true), newDateColumn(Options{}, true)
			var ft, st []int64
			for i, v := range c.values {
				f, ferr := fast.parse(v, i+2, ft)
				s, serr := slow.parseLexed(v, i+2, st)
				if fmt.Sprint(ferr) != fmt.Sprint(serr) || f != s {
					t.Fatalf("%q: fast %d, %v; general %d, %v", v, f, ferr, s, serr)
				}
				want := c.want[i]
				if (ferr != nil) != (want == funnel.NoTime) || (ferr == nil && f != want) {
					t.Errorf("%q = %s, %v; want %s", v, funnel.FormatTime(f, false), ferr, funnel.FormatTime(want, false))
				}
				if ferr == nil {
					ft, st = append(ft, f), append(st, s)
				}
			}
			if fast != slow || fast.Layout() != c.layout {
				t.Errorf("columns differ: fast %+v (%s), general %+v (%s), want layout %s", fast, fast.Layout(), slow, slow.Layout(), c.layout)
			}
		})
	}
	// In a zone, the fast path converts as the general one does:
	// 2024-03-31 02:30 does not exist in Berlin (clocks go 02:00 -> 03:00),
	// and time.Date reads it as 03:30 CEST, 01:30 UTC.
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	dc := newDateColumn(Options{Location: berlin}, true)
	var times []int64
	for _, v := range []string{"2024-03-30 12:00:00", "2024-03-31 02:30:00"} {
		got, err := dc.parse(v, 2, times)
		if err != nil {
			t.Fatal(err)
		}
		times = append(times, got)
	}
	if want := []int64{utcOf(2024, 3, 30, 11, 0, 0), utcOf(2024, 3, 31, 1, 30, 0)}; !reflect.DeepEqual(times, want) {
		t.Errorf("Berlin: %v, want %v", times, want)
	}
}

// TestParseFastEveryDay reads every day from 1890 to 2210 (the month
// table spans 1900-2199; the days outside it take the calendar
// arithmetic) and the 29th-31st of every month, existing or not, as
// time.Date counts them; daysFromCivil gives what Hinnant's algorithm
// gives for all of them.
func TestParseFastEveryDay(t *testing.T) {
	t.Parallel()
	dc := newDateColumn(Options{}, true)
	if _, err := dc.parse("2024-05-27", 2, nil); err != nil { // settles the ISO layout
		t.Fatal(err)
	}
	for y := 1890; y <= 2210; y++ {
		for m := 1; m <= 12; m++ {
			for d := 1; d <= 31; d++ {
				s := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				got, ok := dc.fastLane(s)
				want := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
				exists := want.Day() == d // time.Date carries 2023-02-29 over to March 1
				if ok != exists || (ok && got != want.Unix()) {
					t.Fatalf("fastLane(%q) = %d, %v; want %d, %v", s, got, ok, want.Unix(), exists)
				}
				if got, calc := daysFromCivil(y, m, d), hinnantDays(y, m, d); got != calc { // days past the month's end too
					t.Fatalf("daysFromCivil(%d, %d, %d) = %d, the algorithm says %d", y, m, d, got, calc)
				}
			}
		}
	}
}

// TestLoadNumberDates reads the number layouts through Load: a time role
// in epoch milliseconds (HubSpot's API), attributes named as times in
// epoch microseconds and YYYYMMDD (GA4's event_timestamp and event_date),
// and numbers that merely look like them under other headers, which stay
// numbers. The times are the hand-worked ones of TestDateColumn:
// 1706832000 is 2024-02-02T00:00:00Z, 1706877045 12:30:45 that day,
// 1709164800 2024-02-29.
func TestLoadNumberDates(t *testing.T) {
	t.Parallel()
	header := []string{"lead_id", "created_at", "event_timestamp", "event_date", "order_number", "lifetime", "closed_at"}
	r := newMemRecords("l.csv", header,
		[]string{"1", "1706832000123", "1706832000123456", "20240202", "20240202", "1706832000", "1706832000"},
		[]string{"2", "1706877045999", "1706877045000001", "20240229", "20240203", "1706877045", "1706877045000"},
		[]string{"3", "", "", "", "", "", ""},
	)
	tab, _, err := LoadFrom(r, funnel.Leads, funnel.NewDict(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	times := []struct {
		header   string
		want     []int64
		layout   string
		dateOnly bool
	}{
		{"created_at", []int64{1706832000, 1706877045, funnel.NoTime}, "epoch milliseconds", false},
		{"event_timestamp", []int64{1706832000, 1706877045, funnel.NoTime}, "epoch microseconds", false},
		{"event_date", []int64{1706832000, 1709164800, funnel.NoTime}, "YYYYMMDD", true},
	}
	for _, c := range times {
		col := tab.Named(c.header)
		if col.Kind != funnel.KindTime || !reflect.DeepEqual(col.Times, c.want) || col.Layout != c.layout || col.DateOnly != c.dateOnly {
			t.Errorf("%s: kind %v, %v %q dateOnly %v; want time %v %q %v", c.header, col.Kind, col.Times, col.Layout, col.DateOnly, c.want, c.layout, c.dateOnly)
		}
	}
	// Not named as times: numbers, though they read as YYYYMMDD and epoch
	// seconds; closed_at mixes seconds and milliseconds, so it is no time.
	nums := []struct {
		header string
		want   []float64
	}{
		{"order_number", []float64{20240202, 20240203, naNum}},
		{"lifetime", []float64{1706832000, 1706877045, naNum}},
		{"closed_at", []float64{1706832000, 1706877045000, naNum}},
	}
	for _, c := range nums {
		if col := tab.Named(c.header); col.Kind != funnel.KindNumber || !sameFloats(col.Nums, c.want) {
			t.Errorf("%s: kind %v, %v; want number %v", c.header, col.Kind, col.Nums, c.want)
		}
	}
}

// TestLoadNumberDateErrors: in a time role, a change of epoch unit is an
// error naming the row, and Excel serials still read as serials (45356 is
// 2024-03-05, see TestDateColumn).
func TestLoadNumberDateErrors(t *testing.T) {
	t.Parallel()
	header := []string{"Lead ID", "Date", "Channel"}
	_, _, err := LoadFrom(newMemRecords("t.csv", header,
		[]string{"L1", "1706832000123", "web"},
		[]string{"L2", "1706832000", "web"},
	), funnel.Touches, funnel.NewDict(), Options{})
	want := `t.csv:3: column "Date": cannot parse "1706832000" as a date (1706832000 has the size of epoch seconds (9-10 digits), but the column holds epoch milliseconds since line 2)`
	if err == nil || err.Error() != want || !errors.Is(err, ErrBadDate) {
		t.Errorf("error\n got %v\nwant %s", err, want)
	}
	tab, _, err := LoadFrom(newMemRecords("t.csv", header,
		[]string{"L1", "45356", "web"},
		[]string{"L2", "45356.5", "web"},
	), funnel.Touches, funnel.NewDict(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := tab.Role(funnel.RoleOccurredAt); !reflect.DeepEqual(c.Times, []int64{1709596800, 1709640000}) || c.Layout != "Excel serial (days.fraction)" {
		t.Errorf("serials: %v %q", c.Times, c.Layout)
	}
}

// TestInspectNumberDates: inspect names the number layouts in date_layout.
func TestInspectNumberDates(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "touches.csv")
	data := "lead_id,occurred_at,event_timestamp,event_date\n" +
		"L1,1706832000,1706832000123456,20240202\n" +
		"L2,1706877045,1706877045000001,20240229\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	ins, err := Inspect(path, funnel.Touches, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]ColumnInfo{
		"occurred_at":     {Header: "occurred_at", Role: "occurred_at", Kind: "time", DateLayout: "epoch seconds", Min: "2024-02-02 00:00:00", Max: "2024-02-02 12:30:45"},
		"event_timestamp": {Header: "event_timestamp", Kind: "time", DateLayout: "epoch microseconds", Min: "2024-02-02 00:00:00", Max: "2024-02-02 12:30:45"},
		"event_date":      {Header: "event_date", Kind: "time", DateLayout: "YYYYMMDD", Min: "2024-02-02", Max: "2024-02-29"},
	}
	for _, c := range ins.Columns {
		if w, ok := want[c.Header]; ok && c != w {
			t.Errorf("column %q\n got %+v\nwant %+v", c.Header, c, w)
		}
		delete(want, c.Header)
	}
	if len(want) > 0 || ins.ErrorCount != 0 {
		t.Errorf("columns missing: %v; %d errors: %v", want, ins.ErrorCount, ins.Problems)
	}
}
