package funnel

import (
	"slices"
	"strings"
)

// SplitValues appends to buf the values of the multi-value cell s (HubSpot
// writes "API;Forecasting"): the text between the separators sep, trimmed,
// with empty ones and repeats (of a value already in buf) left out, in
// the order of the cell. A cell
// of separators and spaces only has no value. It allocates only when buf
// is too small. Analyses split text columns with it when the user gives a
// separator (--split-values); ingest keeps the cell whole.
func SplitValues(buf []string, s, sep string) []string {
	for rest, more := s, true; more; {
		var v string
		v, rest, more = strings.Cut(rest, sep)
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(buf, v) {
			buf = append(buf, v)
		}
	}
	return buf
}
