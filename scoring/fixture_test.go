package scoring

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fixtureDir holds the fixtures made by make_fixtures.R (R 4.2.2) and
// make_python_refs.py (numpy, scikit-learn); see its README.md.
var fixtureDir = filepath.Join("..", "testdata", "scoring")

// readCSV returns the header and records of a fixture file.
func readCSV(t testing.TB, name string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return recs[0], recs[1:]
}

// leadsDesign builds the design of terms over testdata/scoring/leads.csv,
// as R's model.matrix does for the same formula: "industry=Finance" is the
// 0/1 indicator of that level; other names are numeric columns. It returns
// the design and the target (column won).
func leadsDesign(t testing.TB, terms []string) (*Design, []float64) {
	t.Helper()
	return fixtureDesign(t, "leads.csv", "won", terms)
}

// fixtureDesign builds the design of terms over the fixture file (as
// leadsDesign) and returns it with the target column target.
func fixtureDesign(t testing.TB, file, target string, terms []string) (*Design, []float64) {
	t.Helper()
	header, recs := readCSV(t, file)
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	d := NewDesign(terms, len(recs))
	y := make([]float64, len(recs))
	for i, r := range recs {
		y[i] = parseFloat(t, r[col[target]])
		for j, term := range terms {
			name, level, isLevel := strings.Cut(term, "=")
			c, ok := col[name]
			if !ok {
				t.Fatalf("no column %q in %s", name, file)
			}
			if isLevel {
				if r[c] == level {
					d.Set(i, j+1, 1)
				}
				continue
			}
			d.Set(i, j+1, parseFloat(t, r[c]))
		}
	}
	return d, y
}

func parseFloat(t testing.TB, s string) float64 {
	t.Helper()
	if s == "NA" {
		return nan
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// rTerm maps an R coefficient name to the design's: (Intercept) and
// industryFinance become (intercept) and industry=Finance.
func rTerm(s string) string {
	if s == "(Intercept)" {
		return InterceptName
	}
	if l, ok := strings.CutPrefix(s, "industry"); ok {
		return "industry=" + l
	}
	return s
}

// refCoef is one row of a ref_*.csv coefficient file.
type refCoef struct {
	term                          string
	estimate, stdError, z, pValue float64
}

// readRefCoefs reads a coefficient reference written by make_fixtures.R.
func readRefCoefs(t testing.TB, name string) []refCoef {
	t.Helper()
	header, recs := readCSV(t, name)
	var out []refCoef
	for _, r := range recs {
		c := refCoef{term: rTerm(r[0]), estimate: parseFloat(t, r[1]), stdError: nan, z: nan, pValue: nan}
		if len(header) > 2 {
			c.stdError, c.z, c.pValue = parseFloat(t, r[2]), parseFloat(t, r[3]), parseFloat(t, r[4])
		}
		out = append(out, c)
	}
	return out
}

// readRefStats reads a (case, stat, value) reference file.
func readRefStats(t testing.TB, name string) map[string]float64 {
	t.Helper()
	_, recs := readCSV(t, name)
	out := map[string]float64{}
	for _, r := range recs {
		out[r[0]+"/"+r[1]] = parseFloat(t, r[2])
	}
	return out
}
