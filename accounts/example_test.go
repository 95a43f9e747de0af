package accounts_test

import (
	"fmt"
	"path/filepath"

	"github.com/funnel-analytics/funnel/accounts"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// ExampleAnalyze finds the high-intensity accounts of a small
// hand-made export (testdata/accounts/basic): two or more contacts
// touched within 30 days.
func ExampleAnalyze() {
	dir := filepath.Join("..", "testdata", "accounts", "basic")
	ds, err := ingest.LoadDataset(map[funnel.TableKind]string{
		funnel.Leads:   filepath.Join(dir, "leads.csv"),
		funnel.Touches: filepath.Join(dir, "touches.csv"),
	}, ingest.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := accounts.Analyze(ds, accounts.Options{MinPeople: 2, Window: 30 * funnel.SecondsPerDay})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ac := range a.Accounts {
		if ac.HighIntensity {
			fmt.Println(ac.ID, ac.PeopleEngaged, funnel.FormatTime(ac.HighIntensitySince, false))
		}
	}
	// Output:
	// A4 3 2026-03-01 08:00:00
	// A2 2 2026-02-20 09:00:00
	// A1 2 2026-01-31 10:00:00
	// A7 2 2026-05-20 10:00:00
}

// ExampleRiskRatio compares two opportunity rates, 30 of 100 and 15 of
// 100, with the 95% Katz log interval.
func ExampleRiskRatio() {
	ratio, low, high, _ := accounts.RiskRatio(30, 100, 15, 100)
	fmt.Printf("%.2f [%.3f, %.3f]\n", ratio, low, high)
	// Output:
	// 2.00 [1.149, 3.482]
}
