package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// floatStyle is how the floats of one column are written for people (the
// table and md renderers); see the package documentation for the rule.
type floatStyle struct {
	decimals int
}

// isPValueName reports whether a column name denotes p-values.
func isPValueName(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "p", "p_value", "pvalue":
		return true
	}
	return strings.HasSuffix(n, "_p") || strings.HasSuffix(n, "_p_value") || strings.HasSuffix(n, "_pvalue")
}

// floatStyleFor chooses the decimals of a float column: 4 for p-values,
// none when every finite value is whole, else enough for 5 significant
// digits of the largest magnitude, clamped to 0..4.
func floatStyleFor(name string, vals []float64) floatStyle {
	if isPValueName(name) {
		return floatStyle{decimals: 4}
	}
	m, whole := magnitude(vals)
	if whole {
		return floatStyle{decimals: 0}
	}
	return floatStyle{decimals: decimalsFor(m, 5, 4)}
}

// magnitude returns the largest absolute finite value of vals and whether
// every finite value is a whole number.
func magnitude(vals []float64) (maxAbs float64, whole bool) {
	whole = true
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		if a := math.Abs(v); a > maxAbs {
			maxAbs = a
		}
		if v != math.Trunc(v) {
			whole = false
		}
	}
	return maxAbs, whole
}

// decimalsFor returns the number of decimals that shows m with sig
// significant digits, clamped to 0..maxDecimals:
//
//	d = sig - 1 - floor(log10 m)
func decimalsFor(m float64, sig, maxDecimals int) int {
	if m == 0 || math.IsNaN(m) || math.IsInf(m, 0) {
		return 0
	}
	d := sig - 1 - int(math.Floor(math.Log10(m)))
	return max(0, min(d, maxDecimals))
}

// format writes v with the style's decimals. A value that those decimals
// would misstate by more than half a percent (a rate in a column of
// amounts: 0.9927 as "1") gets enough decimals for 3 significant digits
// instead, up to 4; a nonzero value that would read as zero gets 3
// significant digits (see fixed).
func (st floatStyle) format(v float64) string {
	d := st.decimals
	if a := math.Abs(v); a > 0 && !math.IsInf(a, 0) {
		p := math.Pow(10, float64(d))
		if math.Abs(math.Round(v*p)/p-v) > 0.005*a {
			d = max(d, decimalsFor(a, 3, 4))
		}
	}
	return fixed(v, d)
}

// fixed writes v with d decimals, "NA" for NaN and "Inf"/"-Inf" for
// infinities; negative zero is written as zero, and a nonzero value that
// would round to zero is written with 3 significant digits ('g').
func fixed(v float64, d int) string {
	switch {
	case math.IsNaN(v):
		return "NA"
	case math.IsInf(v, 1):
		return "Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case v == 0:
		v = 0 // drop the sign of negative zero
	}
	s := strconv.FormatFloat(v, 'f', d, 64)
	if v != 0 && strings.Trim(s, "-0.") == "" {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return s
}

// metaFloat writes a meta float for people: 6 significant digits, 0..6
// decimals, trailing zeros dropped.
func metaFloat(v float64) string {
	if v == math.Trunc(v) && !math.IsInf(v, 0) {
		return fixed(v, 0)
	}
	s := fixed(v, decimalsFor(math.Abs(v), 6, 6))
	if strings.Contains(s, ".") && !strings.ContainsAny(s, "eE") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// fullFloat writes v in full precision (the shortest decimal that reads
// back as v), "" for NaN and "Inf"/"-Inf" for infinities.
func fullFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return ""
	case math.IsInf(v, 1):
		return "Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return shortestFloat(v)
}

// shortestFloat writes a finite v as the shortest decimal that reads back
// as v, in plain notation (21418721, not 2.1418721e+07) unless it is huge
// or tiny: exponent form when |v| >= 1e21 or 0 < |v| < 1e-6, the rule of
// JavaScript's Number.toString, so spreadsheets, awk and JSON readers all
// see the same text.
func shortestFloat(v float64) string {
	if a := math.Abs(v); a >= 1e21 || (a != 0 && a < 1e-6) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// metaValue is a meta value reduced to one of the kinds the renderers
// know: nil, string, bool, int64, float64 or []string.
func metaValue(v any) any {
	switch x := v.(type) {
	case nil, string, bool, int64, float64, []string:
		return x
	case int:
		return int64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint:
		if uint64(x) <= math.MaxInt64 {
			return int64(x)
		}
		return float64(x)
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x)
		}
		return float64(x)
	case float32:
		return float64(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case time.Duration:
		return x.String()
	case fmt.Stringer:
		return x.String()
	case error:
		return x.Error()
	}
	return fmt.Sprint(v)
}

// metaText writes a meta value for people (table, md, xlsx summary).
func metaText(v any) string {
	switch x := metaValue(v).(type) {
	case nil:
		return "NA"
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return metaFloat(x)
	case []string:
		return strings.Join(x, ", ")
	}
	return fmt.Sprint(v)
}

// metaRaw writes a meta value in full precision (csv and tsv without tables).
func metaRaw(v any) string {
	switch x := metaValue(v).(type) {
	case nil:
		return ""
	case float64:
		return fullFloat(x)
	}
	return metaText(v)
}
