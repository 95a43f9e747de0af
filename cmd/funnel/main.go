// Command funnel is a command-line analytics toolkit for fuzzy-funnel
// modeling of B2B buying: lead-score weights by logistic regression,
// multi-touch attribution, stage velocity and market size, from CRM and
// activity exports (CSV, TSV, Excel).
package main

import "os"

func main() {
	os.Exit(int(Main(SystemIO(), os.Args[1:])))
}
