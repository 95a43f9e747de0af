package sample_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

// memFS collects the files of a Generate call in memory.
type memFS map[string]*bytes.Buffer

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func (m memFS) create(name string) (io.WriteCloser, error) {
	b := new(bytes.Buffer)
	m[name] = b
	return nopCloser{b}, nil
}

func generate(t testing.TB, cfg sample.Config) (memFS, *sample.Truth) {
	t.Helper()
	fs := memFS{}
	truth, err := sample.Generate(cfg, fs.create)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", cfg, err)
	}
	return fs, truth
}

// table is a CSV file read back with encoding/csv.
type table struct {
	name   string
	header []string
	rows   [][]string
	col    map[string]int
}

// readTable parses data with encoding/csv, which checks that every record
// has as many fields as the header.
func readTable(t testing.TB, name string, data []byte) *table {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: header: %v", name, err)
	}
	tb := &table{name: name, header: header, col: map[string]int{}}
	for i, h := range header {
		tb.col[h] = i
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tb.rows = append(tb.rows, rec)
	}
	return tb
}

// get returns the value of column col in row i.
func (tb *table) get(i int, col string) string {
	c, ok := tb.col[col]
	if !ok {
		panic(tb.name + ": no column " + col)
	}
	return tb.rows[i][c]
}

// exportSet is a generated set read back.
type exportSet struct {
	accounts, leads, touches, stages, opps, costs *table
}

func readSet(t testing.TB, fs memFS) *exportSet {
	t.Helper()
	return &exportSet{
		accounts: readTable(t, sample.AccountsFile, fs[sample.AccountsFile].Bytes()),
		leads:    readTable(t, sample.LeadsFile, fs[sample.LeadsFile].Bytes()),
		touches:  readTable(t, sample.TouchesFile, fs[sample.TouchesFile].Bytes()),
		stages:   readTable(t, sample.StagesFile, fs[sample.StagesFile].Bytes()),
		opps:     readTable(t, sample.OpportunitiesFile, fs[sample.OpportunitiesFile].Bytes()),
		costs:    readTable(t, sample.CostsFile, fs[sample.CostsFile].Bytes()),
	}
}

// unix parses a "YYYY-MM-DD HH:MM:SS" UTC timestamp; "" gives ok=false.
func unix(t testing.TB, s string) (sec int64, ok bool) {
	t.Helper()
	if s == "" {
		return 0, false
	}
	v, err := time.Parse(time.DateTime, s)
	if err != nil {
		t.Fatalf("timestamp %q: %v", s, err)
	}
	return v.Unix(), true
}

func atof(t testing.TB, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("number %q: %v", s, err)
	}
	return v
}
