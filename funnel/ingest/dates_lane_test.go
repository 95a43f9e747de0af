package ingest

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// laneColumns are columns settled in every layout (by their values, read
// through the one path), before a value is read through parse (the fast
// lane, else the one path) and through parseLexed alone: the ISO ones
// are those the fast lane reads; in the others it must step aside.
var laneColumns = []struct {
	name   string
	opts   Options
	values []string
}{
	{"none", Options{}, nil},
	{"ISO date", Options{}, []string{"2024-05-27"}},
	{"ISO datetime", Options{}, []string{"2024-01-01 00:00:00"}},
	{"ISO date then datetime", Options{}, []string{"2024-05-27", "2024-05-28 10:00:00"}},
	{"ISO minutes", Options{}, []string{"2024-05-27 08:05"}},
	{"ISO AM/PM", Options{}, []string{"2024-05-27 8:05:16 PM"}},
	{"ISO T", Options{}, []string{"2024-05-27T08:05:16"}},
	{"ISO T fraction zone", Options{}, []string{"2024-05-27T08:05:16.250+02:00"}},
	{"ISO Berlin", Options{Location: mustLocation("Europe/Berlin")}, []string{"2024-03-30 12:00:00"}},
	{"year-slash", Options{}, []string{"2024/05/27 10:00:00"}},
	{"slash open", Options{}, []string{"05/06/2024 10:00:00"}},
	{"slash mdy", Options{}, []string{"05/27/2024"}},
	{"slash dmy", Options{DateOrder: "dmy"}, []string{"27/05/2024 10:00 PM"}},
	{"dash", Options{}, []string{"27-05-2024 10:00"}},
	{"dot", Options{}, []string{"27.05.2024"}},
	{"YYYYMMDD", Options{}, []string{"20240202"}},
	{"Excel serial", Options{}, []string{"45356.5"}},
	{"epoch seconds", Options{}, []string{"1706832000"}},
	{"epoch milliseconds", Options{}, []string{"1706832000123"}},
	{"epoch microseconds", Options{}, []string{"1706832000123456"}},
}

// laneValues are values of every layout, valid and not: read in each of
// laneColumns, the two paths must agree on all of them.
var laneValues = []string{
	// ISO: the fast lane's two layouts, valid, at the calendar's edges, and not
	"2024-05-27", "2024-02-29", "2023-02-29", "2024-04-31", "2024-12-31", "1899-12-31", "2200-01-01", "9999-12-31",
	"0000-01-01", "2024-00-10", "2024-13-01", "2024-05-00", "2024-05-32",
	"2024-05-27 00:00:00", "2024-05-27 23:59:59", "2024-05-27 24:00:00", "2024-05-27 10:60:00", "2024-05-27 10:00:60",
	"2024-03-31 02:30:00", "2024-05-27 10:00:0x", "2024-05-27x10:00:00", "2024-05-27 10-00-00", "2024_05_27",
	"+024-05-27", "2024-5-27", "2024-05-7", "2024-05-27 1:00:00", "2024-05-27 10:00",
	// ISO: the other forms
	"2024-05-27T10:00:00", "2024-05-27T10:00:00Z", "2024-05-27 10:00:00 UTC", "2024-05-27T10:00:00.5+02:00",
	"2024-05-27 10:00:00,5", "2024-05-27T10:00:00-0130", "2024-05-27T10:00:00+19:00", "2024-05-27 10:00:00 PM",
	"2024-05-27 12:00 AM", "2024-05-27 13:00 PM", "2024-05-27T10:00 PM",
	// year-slash, slash, dash, dot
	"2024/05/27", "2024/05/27 10:00", "05/27/2024", "27/05/2024", "05/06/2024", "5/6/2024 2:30 PM", "13/13/2024",
	"00/05/2024", "05/27/24", "27-05-2024", "05-27-2024 10:00:00", "27.05.2024", "27.05.2024 10:00", "27.05.2024 10:00 Z",
	// numbers: YYYYMMDD, Excel serials, epoch times, and sizes of none
	"20240202", "20240229", "20230229", "20241301", "18991231", "22010101", "02024022", "2024020", "202402020",
	"45356", "45356.5", "0", "1", "60", "61", "2958465", "2958466", ".5", "5.", "1.2.3",
	"99999999", "100000000", "1706877045", "1706877045.5", "9999999999", "10000000000", "99999999999",
	"100000000000", "1706877045999", "1706877045999.5", "100000000000000", "1706877045000001", "9999999999999999",
	"10000000000000000", "99999999999999999999",
	// neither
	"", " ", "x", "-", "2024", "#N/A", "٣/٥/٢٠٢٤", "2024-05-27\x00", "2024-05-27 10:00:00\xff",
}

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// laneDiff reads first, then s, in two columns of opts: one through parse,
// the other through parseLexed alone. It describes how they differ, in a
// value, an error or the column's state, or returns "".
func laneDiff(opts Options, first []string, s string) string {
	lane, one := newDateColumn(opts, true), newDateColumn(opts, true)
	var lt, ot []int64
	for i, v := range append(first, s) {
		a, aerr := lane.parse(v, i+2, lt)
		b, berr := one.parseLexed(v, i+2, ot)
		if a != b || fmt.Sprint(aerr) != fmt.Sprint(berr) || lane != one {
			return fmt.Sprintf("%q: lane %d %v %+v; one path %d %v %+v", v, a, aerr, lane, b, berr, one)
		}
		if aerr == nil {
			lt, ot = append(lt, a), append(ot, b)
		}
	}
	return ""
}

// TestFastLaneAgrees: in a column of every layout, every value of every
// layout reads through the fast lane as through the one path, value,
// error and column state alike; and the fast lane takes the values it is
// for.
func TestFastLaneAgrees(t *testing.T) {
	t.Parallel()
	for _, c := range laneColumns {
		for _, s := range laneValues {
			if d := laneDiff(c.opts, c.values, s); d != "" {
				t.Errorf("%s column: %s", c.name, d)
			}
		}
	}
	taken := []struct {
		first, s string
	}{
		{"2024-05-27", "2024-02-29"},
		{"2024-01-01 00:00:00", "2024-05-27 23:59:59"},
		{"2024-01-01 00:00:00", "2024-05-27"},
		{"20240202", "20240229"},
		{"1706832000", "1706877045"},
		{"1706832000123", "1706877045999"},
		{"1706832000123456", "1706877045000001"},
	}
	for _, c := range taken {
		dc := newDateColumn(Options{}, true)
		if _, err := dc.parseLexed(c.first, 2, nil); err != nil {
			t.Fatal(err)
		}
		if _, ok := dc.fastLane(c.s); !ok {
			t.Errorf("the fast lane leaves %q after %q", c.s, c.first)
		}
	}
}

// TestFastLaneMutated: values of every layout, mutated at random (a byte
// replaced by one of a date's characters, dropped, doubled, or the value
// cut short), read alike through the fast lane and the one path in a
// column of every layout.
func TestFastLaneMutated(t *testing.T) {
	t.Parallel()
	const alphabet = "0123456789-/:. TZ+,APM\xff"
	rng := rand.New(rand.NewPCG(17, 7))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		b := []byte(laneValues[rng.IntN(len(laneValues))])
		for k := rng.IntN(3) + 1; k > 0 && len(b) > 0; k-- {
			i := rng.IntN(len(b))
			switch rng.IntN(4) {
			case 0:
				b[i] = alphabet[rng.IntN(len(alphabet))]
			case 1:
				b = append(b[:i], b[i+1:]...)
			case 2:
				b = append(b[:i+1], b[i:]...)
			default:
				b = b[:i]
			}
		}
		c := laneColumns[rng.IntN(len(laneColumns))]
		if d := laneDiff(c.opts, c.values, string(b)); d != "" {
			t.Fatalf("%s column: %s", c.name, d)
		}
	}
}

// FuzzFastLane: in a column settled by first (a value of any layout), s
// reads through the fast lane as through the one path, value, error and
// column state alike.
func FuzzFastLane(f *testing.F) {
	for _, c := range laneColumns {
		for _, s := range laneValues {
			if len(c.values) > 0 && c.opts.Location == nil && c.opts.DateOrder == "" {
				f.Add(c.values[len(c.values)-1], s)
			}
		}
	}
	f.Fuzz(func(t *testing.T, first, s string) {
		if d := laneDiff(Options{}, []string{first}, s); d != "" {
			t.Fatal(d)
		}
	})
}
