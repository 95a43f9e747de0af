package ingest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestISOAttributesReadAsInterned loads random leads files with and
// without isoAttr: the tables (every column's kind, codes, times, layout,
// missing count), the shared Dict in code order, the warnings and the
// errors must be the same. The attribute columns mix ISO timestamps and
// dates, missing values, values of other shapes at random rows (or none),
// ISO-shaped invalid dates; other rows are bad in another column (skipped
// under --max-errors), repeated, or repeat an id with other values.
func TestISOAttributesReadAsInterned(t *testing.T) {
	t.Parallel()
	header := []string{"lead_id", "employees", "won_at", "seen", "notes"}
	for part := range uint64(2) { // two halves of the seeds, in parallel
		t.Run(fmt.Sprint("seeds half ", part), func(t *testing.T) {
			t.Parallel()
			for seed := part * 150; seed < (part+1)*150; seed++ {
				rng := rand.New(rand.NewPCG(seed, 7))
				n := 1 + rng.IntN(60)
				breakAt := map[int]int{2: -1, 3: -1} // column -> first row of another shape
				for col := range breakAt {
					if rng.IntN(3) > 0 {
						breakAt[col] = rng.IntN(n)
					}
				}
				var rows [][]string
				for i := range n {
					row := []string{fmt.Sprintf("L%d", i), fmt.Sprint(rng.IntN(500)), "", "", "note"}
					for _, col := range []int{2, 3} {
						day := 1 + rng.IntN(3) // few distinct values: repeats
						switch r := rng.IntN(10); {
						case i == breakAt[col]:
							row[col] = []string{"05/02/2024", "soon", "2024-05-02T10:00:00", "45000", "2024-13-01"}[rng.IntN(5)]
						case r < 2:
							row[col] = ""
						case r < 5:
							row[col] = fmt.Sprintf("2024-05-%02d", day)
						case r < 6:
							row[col] = fmt.Sprintf("2024-05-%02d 00:00:00", day) // midnight, told from the date alone
						default:
							row[col] = fmt.Sprintf("2024-05-%02d %02d:%02d:07", day, rng.IntN(24), rng.IntN(2))
						}
					}
					switch r := rng.IntN(20); {
					case r == 0:
						row[1] = "many" // a bad number: the row is skipped
					case r == 1 && i > 0:
						rows = append(rows, append([]string(nil), rows[rng.IntN(len(rows))]...)) // a repeated row
					case r == 2 && i > 0:
						row[0] = rows[rng.IntN(len(rows))][0] // a duplicate id
					}
					rows = append(rows, row)
				}
				for _, maxErrors := range []int{0, 1000} {
					load := func(iso bool) (*funnel.Table, []string, error, []string) {
						dict := funnel.NewDict()
						opts := Options{MaxErrors: maxErrors, knobs: knobs{noISOAttrs: !iso}}
						tab, warnings, err := LoadFrom(newMemRecords("t.csv", header, rows...), funnel.Leads, dict, opts)
						var all []string
						for c := range dict.Len() {
							all = append(all, dict.String(int32(c)))
						}
						return tab, warnings, err, all
					}
					want, wantWarn, wantErr, wantDict := load(false)
					got, gotWarn, gotErr, gotDict := load(true)
					where := fmt.Sprintf("seed %d, max errors %d", seed, maxErrors)
					if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
						t.Fatalf("%s: error %v, want %v", where, gotErr, wantErr)
					}
					if !reflect.DeepEqual(gotWarn, wantWarn) || !reflect.DeepEqual(gotDict, wantDict) {
						t.Fatalf("%s: warnings %q dict %q,\nwant %q dict %q", where, gotWarn, gotDict, wantWarn, wantDict)
					}
					if wantErr != nil {
						continue
					}
					if got.Rows != want.Rows || len(got.Columns) != len(want.Columns) {
						t.Fatalf("%s: %d rows %d columns, want %d and %d", where, got.Rows, len(got.Columns), want.Rows, len(want.Columns))
					}
					for k, wc := range want.Columns {
						gc := got.Columns[k]
						if gc.Kind != wc.Kind || gc.Missing != wc.Missing || gc.DateOnly != wc.DateOnly || gc.Layout != wc.Layout ||
							!reflect.DeepEqual(gc.Codes, wc.Codes) || !reflect.DeepEqual(gc.Times, wc.Times) {
							t.Fatalf("%s: column %s: kind %v missing %d date only %v layout %q codes %v times %v,\nwant kind %v missing %d date only %v layout %q codes %v times %v",
								where, wc.Name, gc.Kind, gc.Missing, gc.DateOnly, gc.Layout, gc.Codes, gc.Times, wc.Kind, wc.Missing, wc.DateOnly, wc.Layout, wc.Codes, wc.Times)
						}
					}
				}
			}
		})
	}
}

// TestISOAttributeLeave follows one attribute through the loader: ISO
// values are kept as times with the local Dict empty; the first value of
// another shape writes them back into it, in the order read, the value of
// a row that was not kept (line 4, a duplicate id) in its place, the date
// alone and the midnight time told apart, and the column holds codes.
func TestISOAttributeLeave(t *testing.T) {
	t.Parallel()
	header := []string{"lead_id", "won_at"}
	rows := [][]string{
		{"L1", "2024-05-01 00:00:00"},
		{"L2", "2024-05-01"},
		{"L1", "2024-05-03 10:11:12"}, // a duplicate id with another value: not kept
		{"L3", ""},
		{"L4", "2024-05-01"},
	}
	r := newMemRecords("t.csv", header, rows...)
	l, err := newLoader(r, funnel.Leads, funnel.NewDict(), Options{}, loadConfig{})
	if err != nil {
		t.Fatal(err)
	}
	b := l.cols[1]
	for i, rec := range rows {
		rowErr := l.row(rec, i+2)
		if (rowErr != nil) != (i == 2) {
			t.Fatalf("line %d: %v", i+2, rowErr)
		}
	}
	if !b.iso.on || b.local.Len() != 0 || l.table.Rows != 4 {
		t.Fatalf("after ISO values: on %v, local Dict %d values, %d rows; want on, 0, 4", b.iso.on, b.local.Len(), l.table.Rows)
	}
	may1 := utcOf(2024, 5, 1, 0, 0, 0)
	if want := []int64{may1, may1, funnel.NoTime, may1}; !reflect.DeepEqual(b.col.Times, want) {
		t.Fatalf("times %v, want %v", b.col.Times, want)
	}
	if rowErr := l.row([]string{"L5", "soon"}, 7); rowErr != nil {
		t.Fatal(rowErr)
	}
	if b.iso.on || b.col.Times != nil {
		t.Fatalf("after %q: on %v, times %v", "soon", b.iso.on, b.col.Times)
	}
	var local []string
	for c := range b.local.Len() {
		local = append(local, b.local.String(int32(c)))
	}
	if want := []string{"2024-05-01 00:00:00", "2024-05-01", "2024-05-03 10:11:12", "soon"}; !reflect.DeepEqual(local, want) {
		t.Errorf("local Dict %q, want %q", local, want)
	}
	if want := []int32{0, 1, funnel.NA, 1, 3}; !reflect.DeepEqual(b.col.Codes, want) {
		t.Errorf("codes %v, want %v", b.col.Codes, want)
	}
}
