package velocity_test

import (
	"fmt"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/velocity"
)

// ExampleStageStream streams a long stages file into a StageStream (as
// `funnel velocity` does through ingest.Options.Sink) and analyses it
// without ever holding the stages table.
func ExampleStageStream() {
	st := velocity.NewStageStream()
	_, _, err := ingest.Stream("../testdata/velocity/gen_stages/stages.csv", funnel.Stages, funnel.NewDict(), ingest.Options{}, st.Add)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := velocity.Analyze(nil, velocity.Options{Stream: st, Order: []string{"awareness", "engaged", "mql", "sql", "opportunity", "customer"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Entries(), "entries of", res.Entities, "entities,", res.Transitions, "transitions")
	for _, t := range res.Trend {
		fmt.Printf("%s->%s: %d, mean %.2f days\n", t.From, t.To, t.Transitions, t.MeanDays)
	}
	// The counts and means agree with pandas' monthly figures
	// (testdata/velocity/pandas_gen_stages_monthly.csv, count-weighted).
	// Output:
	// 3080 entries of 1200 entities, 1784 transitions
	// awareness->engaged: 742, mean 11.42 days
	// engaged->mql: 461, mean 13.72 days
	// mql->sql: 295, mean 11.79 days
	// sql->opportunity: 168, mean 13.25 days
	// opportunity->customer: 118, mean 13.09 days
}
