package ingest

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// FuzzLoad runs the whole reading path (sniffing, header binding to
// roles, type detection and value parsing) on arbitrary bytes as each
// input kind: it must not panic; an error is one line; a table that loads
// has consistent columns, codes within its Dict, and no infinite number.
//
//	go test ./funnel/ingest -run XXX -fuzz FuzzLoad -fuzztime 30s
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"lead_id,created_at,industry,employees\nL1,2024-01-02,Tech,10\nL2,01/03/2024,Retail,\n",
		"lead_id;occurred_at;activity_type;channel\nL1;2024-01-02 10:00;web;ads\nL1;2024-01-03;demo;email\n",
		"entity_id\tstage\tentered_at\nE1\tmql\t2024-01-01\nE1\tsql\t45300\n",
		"opportunity_id,amount,won,closed_at\nO1,\"1,200.50\",yes,2024-02-01\nO2,€300,no,\n",
		"path,total_conversions,total_conversion_value,total_null\na > b,3,30,1\n",
		"channel,cost,period\nads,1e3,2024-01\n",
		"Record ID,Create Date,Became a Marketing Qualified Lead Date\n1,2024-01-01,2024-02-01\n",
	} {
		for k := range funnel.TableKinds {
			f.Add([]byte(s), uint8(k))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		k := funnel.TableKinds[int(kind)%len(funnel.TableKinds)]
		opts := Options{MaxCellBytes: 256, MaxColumns: 16, MaxRecordSize: 1024, MaxErrors: int(kind % 3)}
		// Blocks of 1 to 94 bytes: the prefetcher's batches end inside
		// records, quotes and lines as well as between them.
		opts.knobs.blockBytes = 1 + int(kind/8)*3
		if with, without := loadDigest(t, data, k, opts, true), loadDigest(t, data, k, opts, false); with != without {
			t.Fatalf("blocks of %d bytes: prefetched\n%.2000s\nread in line\n%.2000s", opts.knobs.blockBytes, with, without)
		}
		r, err := NewReader(bytes.NewReader(data), "fuzz.csv", opts)
		if err != nil {
			checkOneLine(t, err)
			return
		}
		defer r.Close()
		dict := funnel.NewDict()
		tb, _, err := LoadFrom(r, k, dict, opts)
		if err != nil {
			checkOneLine(t, err)
			return
		}
		for _, c := range tb.Columns {
			n := 0
			switch c.Kind {
			case funnel.KindText:
				n = len(c.Codes)
				for _, code := range c.Codes {
					if code != funnel.NA && (code < 0 || int(code) >= dict.Len()) {
						t.Fatalf("column %q: code %d outside the Dict (%d strings)", c.Name, code, dict.Len())
					}
				}
			case funnel.KindNumber:
				n = len(c.Nums)
				for _, v := range c.Nums {
					if math.IsInf(v, 0) {
						t.Fatalf("column %q: infinite number read", c.Name)
					}
				}
			case funnel.KindBool:
				n = len(c.Bools)
			case funnel.KindTime:
				n = len(c.Times)
			}
			if n != tb.Rows {
				t.Fatalf("column %q has %d values for %d rows", c.Name, n, tb.Rows)
			}
		}
	})
}

func checkOneLine(t *testing.T, err error) {
	t.Helper()
	if msg := err.Error(); msg == "" || strings.ContainsAny(msg, "\n\r") {
		t.Fatalf("error %q: want one non-empty line", msg)
	}
}
