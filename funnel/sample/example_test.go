package sample_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

type memFile struct{ *bytes.Buffer }

func (memFile) Close() error { return nil }

// ExampleGenerate builds a small export set in memory, as `funnel demo`
// does, and shows the first lead and the planted weight of a demo request.
// (The lead row is a snapshot of this version's output for seed 1: a
// change to the generator that changes it changes every set.)
func ExampleGenerate() {
	files := map[string]*bytes.Buffer{}
	truth, err := sample.Generate(sample.Config{Leads: 50, Seed: 1}, func(name string) (io.WriteCloser, error) {
		files[name] = new(bytes.Buffer)
		return memFile{files[name]}, nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.SplitN(files[sample.LeadsFile].String(), "\n", 3)
	fmt.Println(lines[0])
	fmt.Println(lines[1])
	fmt.Println("window:", truth.Config.Start, "to", truth.Config.End)
	fmt.Println("demo_request log-odds per count:", truth.ActivityLogOdds.Activity["demo_request"])
	// Output:
	// lead_id,account_id,email,created_at,job_title,seniority,industry,region,employees,lead_source,lifecycle_stage,mql_at,sql_at,won,won_at
	// L0000001,A000002,robert.white@harborpointbrands.com,2026-03-08 18:57:00,Demand Generation Manager,Manager,Retail,NA,45986,organic_search,opportunity,2026-05-02 06:59:47,2026-05-14 23:20:52,0,
	// window: 2025-05-01 to 2026-10-31
	// demo_request log-odds per count: 1.4
}
