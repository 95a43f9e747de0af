// Command gen writes the conformance corpus of testdata/exports: one
// export file per vendor layout, as the vendor writes it (title rows,
// footers, totals, hidden columns, UTF-16, epoch dates and all), from the
// layouts documented in testdata/exports/README.md. Run from the
// repository root:
//
//	go run ./testdata/exports/gen            # rewrites testdata/exports
//	go run ./testdata/exports/gen -out DIR   # writes the same files under DIR
//
// The output is deterministic (no clock, no randomness, fixed xlsx
// document times), so TestExportsCorpusCurrent can regenerate it and
// compare bytes with what is committed. The cmd and expect.md files of
// each case are written by hand and are not touched.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// corpus is the set of files gen writes: path (slash-separated, relative
// to the corpus root) to content.
type corpus map[string][]byte

func main() {
	out := flag.String("out", filepath.Join("testdata", "exports"), "root of the corpus")
	flag.Parse()
	files, err := build()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(*out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

// build makes every file of the corpus.
func build() (corpus, error) {
	c := corpus{}
	steps := []func(corpus) error{
		salesforceOpportunitiesCSV,
		salesforceOpportunitiesCSVEMEA,
		salesforceOpportunitiesCSVGBP,
		salesforceOpportunitiesXLSX,
		salesforceOpportunityHistory,
		salesforceOpportunityFieldHistory,
		salesforceLeadHistory,
		salesforceCampaignMembers,
		hubspotDeals,
		hubspotDealsAPI,
		hubspotContacts,
		pipedriveDeals,
		dynamicsOpportunities,
		zohoDeals,
		marketoActivities,
		ga4UIExport,
		ga4BigQuery,
		googleAdsCampaignReport,
		linkedinCampaignPerformance,
		excelSpendWorkbook,
		zoomWebinarAttendees,
		gotoWebinarAttendees,
		on24WebinarAttendees,
	}
	for _, step := range steps {
		if err := step(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// table writes rows as delimited text: sep between fields, eol after each
// row; a field is quoted when quoteAll is set or it holds sep, a quote or a
// line break (quotes doubled), as RFC 4180 says.
func table(rows [][]string, sep, eol string, quoteAll bool) []byte {
	var b bytes.Buffer
	for _, row := range rows {
		for i, f := range row {
			if i > 0 {
				b.WriteString(sep)
			}
			if quoteAll || needsQuote(f, sep) {
				b.WriteByte('"')
				for _, r := range f {
					if r == '"' {
						b.WriteByte('"')
					}
					b.WriteRune(r)
				}
				b.WriteByte('"')
			} else {
				b.WriteString(f)
			}
		}
		b.WriteString(eol)
	}
	return b.Bytes()
}

func needsQuote(f, sep string) bool {
	for _, r := range f {
		if string(r) == sep || r == '"' || r == '\n' || r == '\r' {
			return true
		}
	}
	return false
}
