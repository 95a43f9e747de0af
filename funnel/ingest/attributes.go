package ingest

import (
	"fmt"
	"math"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// attrType is the type of an attribute column, decided from its distinct
// values, with the typed value of each distinct value (by local code).
type attrType struct {
	kind     funnel.Kind
	bools    []int8    // KindBool
	nums     []float64 // KindNumber
	times    []int64   // KindTime
	codes    []int32   // KindText: codes in the shared Dict
	dateOnly bool      // KindTime
	layout   string    // KindTime
	currency string    // KindNumber: the currency its amounts named (Column.Currency)
}

// typeAttribute types an attribute column from its distinct values (see
// typeDistinct) and converts its rows.
func (l *loader) typeAttribute(b *colBuilder) {
	at := l.typeDistinct(b)
	if at.kind == 0 {
		return // every value missing: text of NA codes
	}
	at.apply(b.col)
}

// apply converts the rows of c, read as local codes, to the type.
func (at *attrType) apply(c *funnel.Column) {
	switch at.kind {
	case funnel.KindBool:
		c.Kind, c.Bools, c.Codes = funnel.KindBool, byCode(c.Codes, at.bools, -1), nil
	case funnel.KindNumber:
		c.Kind, c.Nums, c.Codes = funnel.KindNumber, byCode(c.Codes, at.nums, math.NaN()), nil
		c.Currency = at.currency
	case funnel.KindTime:
		c.Kind, c.Times, c.Codes = funnel.KindTime, byCode(c.Codes, at.times, funnel.NoTime), nil
		c.DateOnly, c.Layout = at.dateOnly, at.layout
	case funnel.KindText:
		for i, code := range c.Codes {
			if code != funnel.NA {
				c.Codes[i] = at.codes[code]
			}
		}
	}
}

// byCode returns the value of each code of codes, vals[code], or na for
// funnel.NA.
func byCode[T any](codes []int32, vals []T, na T) []T {
	out := make([]T, len(codes))
	for i, code := range codes {
		if code == funnel.NA {
			out[i] = na
		} else {
			out[i] = vals[code]
		}
	}
	return out
}

// typeDistinct decides the type of an attribute column from its distinct
// values, in this order:
//
//   - bool when every value is 0 or 1 and the header reads as a flag (a
//     word such as is, has, converted, won, responded, unsubscribed, opt,
//     do not; see flagWords): a 0/1 column is otherwise a number, since
//     counts and scores are 0/1 often enough in small files;
//   - time when the header names a time (timeHeader) and every value is
//     digits read as one of YYYYMMDD and epoch seconds, milliseconds or
//     microseconds (see dateFamily): GA4's event_timestamp, a HubSpot
//     API export's lastmodifieddate; under any other header such a column
//     is a number;
//   - number when every value parses as a number (numStyle); a value with a
//     leading zero, such as the zip code "02139", keeps the column text;
//   - bool when every value is a boolean token (yes/no, true/false, y/n,
//     t/f, 1/0) or an Options.Positive value;
//   - time when every value parses as a date of one layout (Excel serial
//     numbers are not dates here); a column whose slash dates leave the
//     day/month order open stays text, with a warning;
//   - text otherwise, re-interned into the shared Dict.
//
// A column that would be numeric but for up to three values without digits
// ("N/A", "-") is text, with a warning suggesting --na-values. A column
// without values has kind 0. It releases the column's local Dict.
func (l *loader) typeDistinct(b *colBuilder) attrType {
	name, local := b.col.Name, b.local
	b.local = nil
	nd := local.Len()
	if nd == 0 {
		return attrType{}
	}
	zeroOne := true
	for i := 0; i < nd && zeroOne; i++ {
		s := local.String(int32(i))
		zeroOne = s == "0" || s == "1"
	}
	if zeroOne && flagHeader(name) {
		vals := make([]int8, nd)
		for i := range vals {
			if local.String(int32(i)) == "1" {
				vals[i] = 1
			}
		}
		return attrType{kind: funnel.KindBool, bools: vals}
	}
	if timeHeader(name) && allDigits(local) {
		if at, ok := l.attrTimes(name, local, true); ok {
			return at
		}
	}
	if vals, cur, ok := l.attrNumbers(name, local); ok {
		return attrType{kind: funnel.KindNumber, nums: vals, currency: cur}
	}
	bools := newBoolColumn(l.opts)
	vals := make([]int8, nd)
	isBool := true
	for i := 0; i < nd && isBool; i++ {
		s := local.String(int32(i))
		v, ok := boolToken(s)
		switch {
		case (ok && v) || bools.isPositive(s):
			vals[i] = 1
		case !ok:
			isBool = false
		}
	}
	if isBool {
		return attrType{kind: funnel.KindBool, bools: vals}
	}
	if at, ok := l.attrTimes(name, local, false); ok {
		return at
	}
	remap := make([]int32, nd)
	for i := range remap {
		remap[i] = l.dict.Code(local.String(int32(i)))
	}
	return attrType{kind: funnel.KindText, codes: remap}
}

// attrNumbers reads every distinct value of an attribute as a number,
// and returns the currency they named ("" when none).
func (l *loader) attrNumbers(name string, local *funnel.Dict) ([]float64, string, bool) {
	nd := local.Len()
	nc := newNumColumn(l.opts)
	vals := make([]float64, nd)
	var bad []string
	numeric := 0
	for i := 0; i < nd; i++ {
		s := local.String(int32(i))
		v, err := nc.parse(s, i+1, vals)
		if err != nil || leadingZero(s) {
			if bad = append(bad, s); len(bad) > 3 {
				return nil, "", false
			}
			continue
		}
		vals[i] = v
		nc.commit(i)
		numeric++
	}
	if len(bad) == 0 {
		if nc.style == styleOpen && nc.dotLine > 0 && !nc.point { // "15.000": see numStyle
			if l.numStyle == styleOpen {
				l.warn(fmt.Sprintf("column %q is read as text: %q reads as a number with a decimal point or with a thousands dot, and no value of the file settles which (--decimal , or --decimal . does)",
					name, nc.dotValue))
				return nil, "", false
			}
			nc.settle(l.numStyle, 0, vals)
		}
		return vals, nc.cur, true
	}
	if numeric >= 2 {
		for _, s := range bad {
			if strings.ContainsAny(s, "0123456789") {
				return nil, "", false
			}
		}
		quoted := make([]string, len(bad))
		for i, s := range bad {
			quoted[i] = fmt.Sprintf("%q", clip(s))
		}
		l.warn(fmt.Sprintf("column %q is read as text because of %s; if %s missing, add --na-values %q",
			name, joinAnd(quoted), map[bool]string{true: "it means", false: "they mean"}[len(bad) == 1], strings.Join(bad, ",")))
	}
	return nil, "", false
}

// leadingZero reports a number written with a leading zero ("007",
// "02139"): a code, not a quantity.
func leadingZero(s string) bool {
	s = strings.TrimPrefix(s, "-")
	return len(s) >= 2 && s[0] == '0' && asciiDigit(s[1])
}

// attrTimes reads every distinct value of an attribute as a date of one
// layout, epoch times too when epoch.
func (l *loader) attrTimes(name string, local *funnel.Dict, epoch bool) (attrType, bool) {
	nd := local.Len()
	dc := newDateColumn(l.opts, false)
	dc.allowEpoch = epoch
	vals := make([]int64, nd)
	for i := 0; i < nd; i++ {
		t, err := dc.parse(local.String(int32(i)), i+1, vals[:i])
		if err != nil {
			return attrType{}, false
		}
		vals[i] = t
	}
	if err := dc.finish(l.name, name, vals, nil); err != nil {
		l.warn(fmt.Sprintf("column %q looks like dates, but every one reads both as MM/DD/YYYY and DD/MM/YYYY; it is kept as text (--date-order mdy|dmy reads it as dates)", name))
		return attrType{}, false
	}
	return attrType{kind: funnel.KindTime, times: vals, dateOnly: dc.dateOnly(), layout: dc.Layout()}, true
}

// flagWords are header words that make a 0/1 attribute a boolean.
var flagWords = map[string]bool{
	"is": true, "has": true, "was": true, "did": true, "do": true, "does": true, "can": true, "flag": true,
	"converted": true, "conversion": true, "won": true, "lost": true, "closed": true, "responded": true,
	"success": true, "successful": true, "unsubscribed": true, "subscribed": true, "opt": true, "opted": true,
	"optin": true, "optout": true, "bounced": true, "active": true, "deleted": true, "churned": true,
	"qualified": true, "mql": true, "sql": true, "attended": true, "registered": true, "clicked": true,
	"opened": true, "target": true, "label": true, "outcome": true, "customer": true,
}

// allDigits reports whether every value of d is digits, with at most one
// '.' (the shape of the number layouts of dates, see looksSerial).
func allDigits(d *funnel.Dict) bool {
	for i := 0; i < d.Len(); i++ {
		if !looksSerial(d.String(int32(i))) {
			return false
		}
	}
	return true
}

// timeWords are the words that, last in a header, name a time: Event
// Timestamp, won_at, closedAt, Created On, Deal - Won time, event_date,
// Date Created, and HubSpot's property names written as one word.
var timeWords = map[string]bool{
	"timestamp": true, "at": true, "on": true, "time": true, "date": true, "datetime": true,
	"created": true, "updated": true, "modified": true,
	"createdate": true, "closedate": true, "lastmodifieddate": true,
}

// timeHeader reports whether a header names a time: its last word (see
// headerWords) is in timeWords.
func timeHeader(h string) bool {
	w := headerWords(h)
	return len(w) > 0 && timeWords[w[len(w)-1]]
}

// flagHeader reports whether a header names a flag: one of its words
// (see headerWords) is in flagWords.
func flagHeader(h string) bool {
	for _, w := range headerWords(h) {
		if flagWords[w] {
			return true
		}
	}
	return false
}

// headerWords splits a header into lower-case words at spaces,
// punctuation and camelCase.
func headerWords(h string) []string {
	var words []string
	start := -1
	for i := 0; i <= len(h); i++ {
		var c byte
		if i < len(h) {
			c = h[i]
		}
		alnum := asciiDigit(c) || asciiLetter(c)
		upper := c >= 'A' && c <= 'Z'
		if start >= 0 && (!alnum || (upper && i > start && !(h[i-1] >= 'A' && h[i-1] <= 'Z'))) {
			words = append(words, strings.ToLower(h[start:i]))
			start = -1
		}
		if alnum && start < 0 {
			start = i
		}
	}
	return words
}
