package sample

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"testing"
)

// nopCloser makes a bytes.Buffer a WriteCloser.
type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

// touchRow is one row of touches.csv, the most numerous file (about 20
// rows a lead), as writeTouches writes it.
type touchRow struct {
	lead, account int
	at            int64
	act, ch       string
	campaign      string
	conv          bool
	amount        int64
}

// touchRows are rows cycling through the vocabularies, one campaign name
// of four needing quotes (a comma and a quote), one row of seven converting.
func touchRows(n int) []touchRow {
	campaigns := []string{"2025-Q3 Paid Search: Brand", "Evergreen Webinars", `Q4 "Scale", EMEA`, "Onboarding"}
	rows := make([]touchRow, n)
	for i := range rows {
		rows[i] = touchRow{i / 20, i / 60, 1735689600 + int64(i)*977, activityNames[i%nActivity],
			channelNames[i%nChannel], campaigns[i%len(campaigns)], i%7 == 0, int64(i%90000) + 1000}
	}
	return rows
}

var touchHeader = []string{"lead_id", "account_id", "touched_at", "activity", "channel", "campaign", "converted", "amount"}

// writeTouchRows writes rows with the package's rowWriter.
func writeTouchRows(wc io.WriteCloser, rows []touchRow) error {
	w := newRowWriter("touches", wc, touchHeader...)
	for _, r := range rows {
		w.id('L', r.lead, 7)
		w.id('A', r.account, 6)
		w.time(r.at)
		w.text(r.act)
		w.text(r.ch)
		w.text(r.campaign)
		w.flag(r.conv)
		if r.conv {
			w.int(r.amount)
		} else {
			w.empty()
		}
		w.end()
	}
	return w.finish()
}

// writeTouchRowsCSV writes rows with encoding/csv: each number formatted
// to a string (the csv.Writer takes []string), the record reused.
func writeTouchRowsCSV(w io.Writer, rows []touchRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(touchHeader); err != nil {
		return err
	}
	rec := make([]string, len(touchHeader))
	var scratch [32]byte
	for _, r := range rows {
		rec[0] = string(appendID(scratch[:0], 'L', r.lead, 7))
		rec[1] = string(appendID(scratch[:0], 'A', r.account, 6))
		rec[2] = string(appendDateTime(scratch[:0], r.at))
		rec[3], rec[4], rec[5] = r.act, r.ch, r.campaign
		rec[6], rec[7] = "0", ""
		if r.conv {
			rec[6], rec[7] = "1", strconv.FormatInt(r.amount, 10)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// TestRowWriterMatchesEncodingCSV: the two writers give the same bytes on
// the benchmark's rows (quoted campaign `"Q4 ""Scale"", EMEA"` included).
func TestRowWriterMatchesEncodingCSV(t *testing.T) {
	t.Parallel()
	rows := touchRows(1000)
	var a, b bytes.Buffer
	if err := writeTouchRows(nopCloser{&a}, rows); err != nil {
		t.Fatal(err)
	}
	if err := writeTouchRowsCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("rowWriter and encoding/csv differ")
	}
	if !bytes.Contains(a.Bytes(), []byte(`,"Q4 ""Scale"", EMEA",`)) {
		t.Error("the quoted campaign is not quoted as encoding/csv quotes it")
	}
}

// BenchmarkTouchRows writes 100,000 touch rows (about 8 MB) with the
// rowWriter and with encoding/csv; MB/s is the CSV written per second.
func BenchmarkTouchRows(b *testing.B) {
	rows := touchRows(100000)
	var buf bytes.Buffer
	writeTouchRows(nopCloser{&buf}, rows)
	b.Run("rowWriter", func(b *testing.B) {
		b.SetBytes(int64(buf.Len()))
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			writeTouchRows(nopCloser{&buf}, rows)
		}
	})
	b.Run("encoding-csv", func(b *testing.B) {
		b.SetBytes(int64(buf.Len()))
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			writeTouchRowsCSV(&buf, rows)
		}
	})
}
