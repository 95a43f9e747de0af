package attribution

import (
	"fmt"
	"math"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// PathOptions tells FromPaths how to read a path table.
type PathOptions struct {
	// Sep separates channels in a path; default ">".
	Sep string
}

// FromPaths reads an aggregated path table in the ChannelAttribution
// layout: path ("a > b > c": channels separated by Sep, each name trimmed,
// empty names skipped), total_conversions, total_conversion_value
// (optional) and total_null (optional; without it null journeys are
// unknown). Duplicate paths are merged.
//
// Errors name the file, line and column of a bad value: an empty path, a
// missing, negative or non-finite conversion count, a value on a path
// without conversions.
func FromPaths(t *funnel.Table, opts PathOptions) (*Journeys, error) {
	sep := opts.Sep
	if sep == "" {
		sep = ">"
	}
	pathCol := t.Role(funnel.RolePath)
	convCol := t.Role(funnel.RoleConversions)
	if pathCol == nil || convCol == nil {
		return nil, fmt.Errorf("%s: a path table needs the columns path and total_conversions", t.Source)
	}
	if convCol.Kind != funnel.KindNumber {
		return nil, fmt.Errorf("%s: column %q: total_conversions must be numbers", t.Source, convCol.Name)
	}
	valCol := t.Role(funnel.RoleConvValue)
	nullCol := t.Role(funnel.RoleNulls)
	for _, c := range []*funnel.Column{valCol, nullCol} {
		if c != nil && c.Kind != funnel.KindNumber {
			return nil, fmt.Errorf("%s: column %q: %s must be numbers", t.Source, c.Name, c.Role)
		}
	}
	j := NewJourneys(funnel.RoleChannel)
	j.SetNullsKnown(nullCol != nil)
	if valCol != nil {
		j.Currency = valCol.Currency
	}
	// Parse and intern each distinct path string once.
	pathID := map[int32]int32{}
	var buf []int32
	missingValue := 0
	var convSum, valueSum, nullSum funnel.Sum // each column's sums stay finite (funnel.ErrOverflow)
	for i := 0; i < t.Rows; i++ {
		bad := func(col *funnel.Column, format string, args ...any) error {
			return fmt.Errorf("%s: column %q: %s: %w", t.Where(i), col.Name, fmt.Sprintf(format, args...), ErrBadInput)
		}
		p := int32(-1)
		if pathCol.Kind == funnel.KindText {
			code := pathCol.Codes[i]
			id, ok := pathID[code]
			if !ok {
				id = -1
				if code != funnel.NA {
					if buf = j.parsePath(t.Dict.String(code), sep, buf[:0]); len(buf) > 0 {
						id = j.intern(buf)
					}
				}
				pathID[code] = id
			}
			p = id
		} else if buf = j.parsePath(t.Text(pathCol, i), sep, buf[:0]); len(buf) > 0 {
			p = j.intern(buf)
		}
		if p < 0 {
			return nil, bad(pathCol, "empty path")
		}
		conv := convCol.Nums[i]
		if math.IsNaN(conv) {
			return nil, bad(convCol, "missing total_conversions")
		}
		if conv < 0 || math.IsInf(conv, 0) {
			return nil, bad(convCol, "total_conversions %v is not a count", conv)
		}
		value := 0.0
		if valCol != nil {
			value = valCol.Nums[i]
			if math.IsNaN(value) {
				value = 0
				if conv > 0 {
					missingValue++
				}
			}
			if math.IsInf(value, 0) {
				return nil, bad(valCol, "value %v", value)
			}
			if conv == 0 && value != 0 {
				return nil, bad(valCol, "value %v on a path without conversions", value)
			}
		}
		nulls := 0.0
		if nullCol != nil {
			nulls = nullCol.Nums[i]
			if math.IsNaN(nulls) {
				nulls = 0
			}
			if nulls < 0 || math.IsInf(nulls, 0) {
				return nil, bad(nullCol, "total_null %v is not a count", nulls)
			}
		}
		for _, c := range [...]struct {
			sum *funnel.Sum
			col *funnel.Column
			v   float64
		}{{&convSum, convCol, conv}, {&valueSum, valCol, value}, {&nullSum, nullCol, nulls}} {
			if !c.sum.Add(c.v) {
				return nil, funnel.OverflowError(t.Where(i), c.col.Name)
			}
		}
		j.pathConv[p] += conv
		j.pathValue[p] += value
		j.pathNull[p] += nulls
	}
	j.aggregated = true
	if missingValue > 0 {
		j.warnf("%s: %d paths with conversions have no total_conversion_value; read as 0", t.Source, missingValue)
	}
	return j, nil
}

// parsePath splits s at sep, trims each name and skips empty names,
// appending the channel codes to dst.
func (j *Journeys) parsePath(s, sep string, dst []int32) []int32 {
	for s != "" {
		var name string
		if k := strings.Index(s, sep); k >= 0 {
			name, s = s[:k], s[k+len(sep):]
		} else {
			name, s = s, ""
		}
		name = strings.TrimSpace(name)
		if name != "" {
			dst = append(dst, j.Channel(name))
		}
	}
	return dst
}
