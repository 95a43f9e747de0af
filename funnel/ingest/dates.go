package ingest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// Date layouts are detected per column from its values. A column holds one
// layout family:
//
//	ISO        2024-03-05, 2024-03-05 14:30[:00], 2024-03-05T14:30:00.123Z, ...+02:00
//	year-slash 2024/03/05 [HH:MM[:SS]]
//	slash      3/5/2024 or 05/03/2024 [H:MM[:SS]] [AM|PM] (order detected, see below)
//	dash       05-03-2024 [H:MM[:SS]]   (day first; month first when the values or --date-order mdy say so)
//	dot        05.03.2024 [H:MM[:SS]]   (always day first)
//	month name May 16, 2012 [H:MM[:SS]] [AM|PM] [zone]
//	                                     (English month names, full or of three
//	                                     letters; GoTo Webinar's reports)
//	compact    20240202                  (YYYYMMDD, GA4's event_date; years 1900..2200)
//	serial     45356, 45356.5            (Excel serial days; time roles only)
//	epoch      1706832000, 1706832000123, 1706832000123456
//	                                     (seconds, milliseconds, microseconds
//	                                     since 1970-01-01 UTC; see epochUnit)
//
// Dates with and without a time of day mix freely within a family (exports
// drop midnight); two families in one column are an error naming the line,
// and so are two epoch units.
//
// A value of digits alone (and at most one '.') is one of the number
// layouts, told apart by its size, so that none is read as another:
//
//	integer part      layout
//	8 digits, no '.'  compact YYYYMMDD (the first digit is not 0)
//	below 10^8        Excel serial: 1..2958465 (1900-01-01..9999-12-31), else an error
//	10^8..10^10-1     epoch seconds       (9-10 digits)
//	10^11..10^13-1    epoch milliseconds  (12-13 digits)
//	10^14..10^16-1    epoch microseconds  (15-16 digits)
//	any other         an error
//
// so that each epoch unit spans 1973-03-03T09:46:40Z to 2286-11-20T17:46:39Z
// (an epoch time before 1973 would have the size of a serial or of a
// YYYYMMDD date). An 8-digit YYYYMMDD value (at least 19000101) is below
// 10^8 and above the last Excel serial, 2958465; 11- and 14-digit numbers
// belong to no layout.
//
// Slash (and dash) order: a value whose first part exceeds 12 shows the
// day comes first, one whose second part exceeds 12 that the month does.
// Until such a value appears, values are kept as provisional calendar
// fields (in the Times slice itself, no extra memory) and converted once
// the order is settled. A column whose slash dates all have both parts
// <= 12 is ambiguous: an error wrapping ErrAmbiguousDate, unless
// Options.DateOrder settles it. Dash dates left open are read day first.
type dateFamily uint8

const (
	famNone dateFamily = iota
	famISO
	famYearSlash
	famSlash
	famDash
	famDot
	famMonthName // May 16, 2012
	famCompact   // YYYYMMDD
	famSerial
	famEpoch
)

// epochUnit is the unit of an epoch column, decided by the size of its
// values (see dateFamily): within a column it does not change. Times are
// whole seconds (funnel.NoTime's int64): the sub-second part of a value,
// the fraction of "1706832000.75" or the last digits of milliseconds and
// microseconds, is truncated, as the fraction of an ISO time is.
type epochUnit uint8

const (
	unitNone epochUnit = iota
	unitSeconds
	unitMillis
	unitMicros
)

// epochUnits gives, per unit, the smallest value read in it (the largest
// is 100 times as much, less one) and the values in a second.
var epochUnits = [...]struct {
	name   string
	min    uint64
	perSec uint64
	digits string
}{
	unitSeconds: {"seconds", 1e8, 1, "9-10"},
	unitMillis:  {"milliseconds", 1e11, 1e3, "12-13"},
	unitMicros:  {"microseconds", 1e14, 1e6, "15-16"},
}

// Years of compact YYYYMMDD dates.
const (
	minCompactYear = 1900
	maxCompactYear = 2200
)

// dateOrder is the order of the two leading parts of slash and dash dates.
type dateOrder uint8

const (
	orderOpen dateOrder = iota
	orderMDY
	orderDMY
)

// Excel serial numbers accepted for time roles: 1 is 1900-01-01, 2958465
// is 9999-12-31.
const (
	minExcelSerial = 1
	maxExcelSerial = 2958465
)

// dateValue is one lexed date or timestamp, before the column decides what
// its parts mean.
type dateValue struct {
	fam      dateFamily
	year     int
	p1, p2   int // ISO and year-slash: month, day; slash, dash, dot: first and second part
	hasTime  bool
	hasSec   bool
	frac     bool // fractional seconds were written (they are truncated)
	ampm     int  // 0 none, 1 AM, 2 PM
	tSep     bool // ISO "T" separator
	zone     bool // an explicit zone: Z or an offset
	zoneZ    bool // the zone was Z or UTC
	zoneAbbr bool // the zone was an abbreviation (EDT, CET; zoneAbbreviations)
	hour     int
	min      int
	sec      int
	offset   int // seconds east of UTC when zone
	serial   float64
	unit     epochUnit // famEpoch
	epoch    int64     // famEpoch: Unix seconds
}

func asciiDigit(c byte) bool { return c >= '0' && c <= '9' }

// dateDigits reads between lo and hi digits at s[i:].
func dateDigits(s string, i, lo, hi int) (v, next int, ok bool) {
	j := i
	for j < len(s) && j-i < hi && asciiDigit(s[j]) {
		v = v*10 + int(s[j]-'0')
		j++
	}
	if j-i < lo {
		return 0, i, false
	}
	if j < len(s) && asciiDigit(s[j]) { // more digits than allowed
		return 0, i, false
	}
	return v, j, true
}

// notALayout is the detail of a value that has none of the text layouts.
const notALayout = "not a date layout funnel reads (YYYY-MM-DD, MM/DD/YYYY, DD.MM.YYYY, ...)"

// lexDate splits s into date and time fields: the one definition of the
// layouts a date is written in (see dateFamily). It checks the syntax and
// the ranges of hours, minutes, seconds and offsets; days and months are
// checked by the column, which knows their order (parseLexed). detail is
// "" on success.
func lexDate(s string) (v dateValue, detail string) {
	if s == "" {
		return v, "empty"
	}
	if looksSerial(s) {
		return lexNumber(s)
	}
	var i int
	var ok bool
	if len(s) >= 5 && asciiDigit(s[0]) && asciiDigit(s[1]) && asciiDigit(s[2]) && asciiDigit(s[3]) && (s[4] == '-' || s[4] == '/') {
		// ISO and year-slash: YYYY-M[M]-D[D], YYYY/M[M]/D[D]
		sep := s[4]
		v.year, _, _ = dateDigits(s, 0, 4, 4)
		v.fam = famISO
		if sep == '/' {
			v.fam = famYearSlash
		}
		if v.p1, i, ok = dateDigits(s, 5, 1, 2); !ok || i >= len(s) || s[i] != sep {
			return v, notALayout
		}
		if v.p2, i, ok = dateDigits(s, i+1, 1, 2); !ok {
			return v, notALayout
		}
	} else if asciiLetter(s[0]) {
		if i, detail := v.lexMonthName(s); detail != "" {
			return v, detail
		} else if i < len(s) {
			return v, v.lexTime(s, i)
		}
		return v, ""
	} else {
		// slash, dash and dot: P[P]/P[P]/YYYY with '/', '-' or '.'
		if v.p1, i, ok = dateDigits(s, 0, 1, 2); !ok || i >= len(s) {
			return v, notALayout
		}
		sep := s[i]
		switch sep {
		case '/':
			v.fam = famSlash
		case '-':
			v.fam = famDash
		case '.':
			v.fam = famDot
		default:
			return v, notALayout
		}
		if v.p2, i, ok = dateDigits(s, i+1, 1, 2); !ok || i >= len(s) || s[i] != sep {
			return v, notALayout
		}
		yearAt := i + 1
		if v.year, i, ok = dateDigits(s, yearAt, 4, 4); !ok {
			if _, j, two := dateDigits(s, yearAt, 2, 2); two && (j == len(s) || s[j] == ' ') {
				return v, "two-digit years are not read; export four-digit years"
			}
			return v, notALayout
		}
	}
	if v.year == 0 {
		return v, "year 0000 is not a date"
	}
	if i == len(s) {
		return v, ""
	}
	return v, v.lexTime(s, i)
}

// lexTime reads the rest of s, from i, after the date: a time of day,
// after a 'T' (ISO) or spaces, H[H]:MM[:SS[.fff]], then an AM or PM (any
// case), then, for the year-first and month-name families, a zone: Z,
// UTC/GMT, an offset (see zoneOffset) or an abbreviation of
// zoneAbbreviations, each directly or after spaces. (The slash dates are
// kept provisionally as calendar fields, see dateColumn: they carry no
// zone.)
func (v *dateValue) lexTime(s string, i int) string {
	const clockLayout = "time of day must read HH:MM or HH:MM:SS"
	switch {
	case s[i] == 'T' && v.fam == famISO:
		v.tSep = true
		i++
	case s[i] == ' ':
		for i < len(s) && s[i] == ' ' {
			i++
		}
	default:
		return "unexpected text after the date"
	}
	var ok bool
	if v.hour, i, ok = dateDigits(s, i, 1, 2); !ok || i >= len(s) || s[i] != ':' {
		return clockLayout
	}
	if v.min, i, ok = dateDigits(s, i+1, 2, 2); !ok {
		return clockLayout
	}
	v.hasTime = true
	if i < len(s) && s[i] == ':' {
		if v.sec, i, ok = dateDigits(s, i+1, 2, 2); !ok {
			return clockLayout
		}
		v.hasSec = true
		if i < len(s) && (s[i] == '.' || s[i] == ',') && i+1 < len(s) && asciiDigit(s[i+1]) {
			i++
			for i < len(s) && asciiDigit(s[i]) {
				i++
			}
			v.frac = true
		}
	}
	if v.min > 59 || v.sec > 59 {
		return "minutes and seconds run from 00 to 59"
	}
	// AM/PM.
	j := i
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j+2 <= len(s) && (s[j+1] == 'M' || s[j+1] == 'm') && (j+2 == len(s) || s[j+2] == ' ') {
		switch s[j] {
		case 'A', 'a':
			v.ampm = 1
		case 'P', 'p':
			v.ampm = 2
		}
		if v.ampm != 0 {
			if detail := v.twelveHour(); detail != "" {
				return detail
			}
			i = j + 2
		}
	}
	if v.hour > 23 {
		return fmt.Sprintf("hour %d out of range (00 to 23)", v.hour)
	}
	if i == len(s) {
		return ""
	}
	// Zone.
	if v.fam != famISO && v.fam != famYearSlash && v.fam != famMonthName {
		return "unexpected text after the time"
	}
	for i < len(s) && s[i] == ' ' {
		i++
	}
	switch rest := s[i:]; {
	case rest == "Z" || rest == "z" || rest == "UTC" || rest == "GMT":
		v.zone, v.zoneZ = true, true
		return ""
	case len(rest) > 0 && (rest[0] == '+' || rest[0] == '-'):
		offset, detail := zoneOffset(rest)
		if detail == "" {
			v.zone, v.offset = true, offset
		}
		return detail
	default:
		if offset, ok := zoneAbbreviations[strings.ToUpper(rest)]; ok {
			v.zone, v.zoneAbbr, v.offset = true, true, offset
			return ""
		}
		if len(rest) >= 2 && len(rest) <= 5 && allLetters(rest) {
			return fmt.Sprintf("unknown time zone %q (funnel reads UTC, GMT, an offset such as -04:00, or one of the North American and European abbreviations)", rest)
		}
	}
	return "unexpected text after the time"
}

// zoneAbbreviations are the zone abbreviations a time may end with, as
// seconds east of UTC: those of North America and Europe that webinar and
// CRM reports write (GoTo Webinar: "May 16, 2012 10:58 AM EDT"). Ambiguous
// ones (IST: India, Ireland or Israel) are left out.
var zoneAbbreviations = map[string]int{
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"AKST": -9 * 3600, "AKDT": -8 * 3600, "HST": -10 * 3600,
	"WET": 0, "WEST": 3600, "BST": 3600, "CET": 3600, "CEST": 2 * 3600, "EET": 2 * 3600, "EEST": 3 * 3600,
}

// monthNames are the English month names (and their three-letter forms,
// and Sept) of the month-name family, lower case.
var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !asciiLetter(s[i]) {
			return false
		}
	}
	return true
}

// lexMonthName reads the date of the month-name family, Month D[D], YYYY
// (a '.' after an abbreviated month and the comma optional), and returns
// where it ends.
func (v *dateValue) lexMonthName(s string) (int, string) {
	i := 0
	for i < len(s) && asciiLetter(s[i]) {
		i++
	}
	m, ok := monthNames[strings.ToLower(s[:i])]
	if !ok {
		return i, notALayout
	}
	if i < len(s) && s[i] == '.' {
		i++
	}
	if i >= len(s) || s[i] != ' ' {
		return i, notALayout
	}
	for i < len(s) && s[i] == ' ' {
		i++
	}
	v.fam, v.p1 = famMonthName, m
	if v.p2, i, ok = dateDigits(s, i, 1, 2); !ok {
		return i, notALayout
	}
	if i < len(s) && s[i] == ',' {
		i++
	}
	if i >= len(s) || s[i] != ' ' {
		return i, notALayout
	}
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if v.year, i, ok = dateDigits(s, i, 4, 4); !ok || v.year == 0 {
		return i, notALayout
	}
	return i, ""
}

// twelveHour turns the hour of a time with an AM or PM (v.ampm) into 0-23.
func (v *dateValue) twelveHour() string {
	if v.tSep {
		return "AM/PM after an ISO 8601 time"
	}
	if v.hour < 1 || v.hour > 12 {
		return fmt.Sprintf("hour %d with AM/PM (1 to 12)", v.hour)
	}
	if v.hour == 12 {
		v.hour = 0
	}
	if v.ampm == 2 {
		v.hour += 12
	}
	return ""
}

// zoneOffset reads an offset, ±HH, ±HHMM or ±HH:MM, as seconds east of UTC.
func zoneOffset(s string) (int, string) {
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	var hh, mm int
	switch d := s[1:]; {
	case len(d) == 2 && asciiDigit(d[0]) && asciiDigit(d[1]): // ±HH
		hh = int(d[0]-'0')*10 + int(d[1]-'0')
	case len(d) == 4 && asciiDigit(d[0]) && asciiDigit(d[1]) && asciiDigit(d[2]) && asciiDigit(d[3]): // ±HHMM
		hh, mm = int(d[0]-'0')*10+int(d[1]-'0'), int(d[2]-'0')*10+int(d[3]-'0')
	case len(d) == 5 && asciiDigit(d[0]) && asciiDigit(d[1]) && d[2] == ':' && asciiDigit(d[3]) && asciiDigit(d[4]): // ±HH:MM
		hh, mm = int(d[0]-'0')*10+int(d[1]-'0'), int(d[3]-'0')*10+int(d[4]-'0')
	default:
		return 0, "zone offset must read ±HH:MM"
	}
	if hh > 18 || mm > 59 {
		return 0, "zone offset out of range"
	}
	return sign * (hh*3600 + mm*60), ""
}

// lexNumber reads s, digits with at most one '.' (looksSerial), as the
// number layout its size says (see dateFamily).
func lexNumber(s string) (v dateValue, detail string) {
	n, whole := wholePart(s)
	v.frac = whole < len(s)
	if !v.frac && compactShape(s) {
		v.fam = famCompact
		v.year, v.p1, v.p2 = compactFields(s)
		if !compactYear(v.year) {
			return v, fmt.Sprintf("YYYYMMDD year %d outside %d..%d", v.year, minCompactYear, maxCompactYear)
		}
		return v, ""
	}
	if n < 1e8 {
		v.fam, v.serial = famSerial, float64(n) // exact
		if v.frac {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return v, "not a date"
			}
			v.serial = f
		}
		return v, ""
	}
	for u := unitSeconds; u <= unitMicros; u++ {
		if u.holds(n) {
			v.fam, v.unit, v.epoch = famEpoch, u, u.seconds(n)
			return v, ""
		}
	}
	return v, "a number of no date layout: Excel serials run to 2958465, YYYYMMDD has 8 digits, " +
		"epoch seconds 9-10, milliseconds 12-13, microseconds 15-16"
}

// compactShape reports whether s, digits alone, has the shape of a
// YYYYMMDD date: 8 digits, the first not 0.
func compactShape(s string) bool { return len(s) == 8 && s[0] != '0' }

// compactFields splits a YYYYMMDD date (compactShape) into its fields.
func compactFields(s string) (y, m, d int) {
	y = int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	return y, int(s[4]-'0')*10 + int(s[5]-'0'), int(s[6]-'0')*10 + int(s[7]-'0')
}

// compactYear reports whether y is a year of YYYYMMDD dates.
func compactYear(y int) bool { return y >= minCompactYear && y <= maxCompactYear }

// holds reports whether n, a whole number, has the size of epoch times in
// unit u.
func (u epochUnit) holds(n uint64) bool {
	e := epochUnits[u]
	return n >= e.min && n < 100*e.min
}

// seconds converts n, an epoch time in unit u, to Unix seconds, dropping
// the sub-second part.
func (u epochUnit) seconds(n uint64) int64 { return int64(n / epochUnits[u].perSec) }

// wholePart reads the integer part of s, digits with at most one '.': its
// value (at least 10^17 when it is larger: past every layout, without
// overflow) and its length.
func wholePart(s string) (n uint64, length int) {
	for length < len(s) && s[length] != '.' {
		if n < 1e17 {
			n = n*10 + uint64(s[length]-'0')
		}
		length++
	}
	return n, length
}

// looksSerial reports whether s is digits with at most one '.', the shape
// of a number layout (Excel serial, YYYYMMDD, epoch).
func looksSerial(s string) bool {
	dot := false
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case asciiDigit(c):
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// daysFromCivil returns the days since 1970-01-01 of the proleptic
// Gregorian date y-m-d: looked up in monthStarts for the years exports
// hold, else worked out (hinnantDays).
func daysFromCivil(y, m, d int) int64 {
	if k := monthIndex(y, m); k >= 0 {
		return int64(monthStarts[k]) + int64(d-1)
	}
	return hinnantDays(y, m, d)
}

// hinnantDays is daysFromCivil by H. Hinnant's algorithm.
func hinnantDays(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		yy++
	}
	return int(yy), m, d
}

// daysIn returns the length of month m of year y.
func daysIn(y, m int) int {
	if k := monthIndex(y, m); k >= 0 {
		return int(monthStarts[k+1] - monthStarts[k])
	}
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// civilSeconds returns the seconds since the epoch of a wall-clock time read
// as UTC.
func civilSeconds(y, m, d, sod int) int64 {
	return daysFromCivil(y, m, d)*funnel.SecondsPerDay + int64(sod)
}

// local converts a wall-clock time to Unix seconds in the column's zone
// (nil = UTC). A time the zone skips (02:30 in New York on 2024-03-10,
// when the clocks went from 02:00 to 03:00) is read with the offset before
// the change, as the time the clocks showed that long after it (03:30
// EDT, as java.time and Python's zoneinfo read it), and counted (gaps,
// gapT: the first as read) for a warning.
func (c *dateColumn) local(y, m, d, sod int) int64 {
	if c.loc == nil || c.loc == time.UTC {
		return civilSeconds(y, m, d, sod)
	}
	return c.zoned(y, m, d, sod)
}

// zoned is local in a zone other than UTC (local stays small enough to be
// inlined in the fast lane).
func (c *dateColumn) zoned(y, m, d, sod int) int64 {
	t := time.Date(y, time.Month(m), d, sod/3600, sod/60%60, sod%60, 0, c.loc)
	if h, mi, _ := t.Clock(); h*60+mi != sod/60 {
		// time.Date read it with one of the offsets around the change
		// (which, it does not say): the one before is t's, or the one
		// before t's zone began when t is past the change.
		_, before := t.Zone()
		if start, _ := t.ZoneBounds(); !start.IsZero() {
			if _, o := start.Add(-time.Second).Zone(); o < before {
				before = o
			}
		}
		u := civilSeconds(y, m, d, sod) - int64(before)
		if c.gaps == 0 {
			c.gapT = u
		}
		c.gaps++
		return u
	}
	return t.Unix()
}

// dateColumn detects and applies the date layout of one column; its zero
// value (with loc and order hints set) is ready. See dateFamily.
type dateColumn struct {
	loc         *time.Location
	hint        dateOrder // Options.DateOrder
	allowSerial bool      // Excel serials: time roles only
	// epoch times: time roles, and attributes named as times (timeHeader)
	allowEpoch bool

	fam     dateFamily
	famLine int       // line of the first value, for messages
	unit    epochUnit // famEpoch
	order   dateOrder // settled order of slash and dash dates
	// orderLine is the line of the value that settled the order.
	orderLine int
	// pending: slash or dash values read so far are provisional calendar
	// fields (month first, as UTC), waiting for the order.
	pending      bool
	pendingValue string // the first provisional value, for the message
	pendingLine  int

	anyTime, anySec, anyFrac, anyAMPM, any24h, anyT, anyZone, anyOffset, anyZoneAbbr bool
	values                                                                           int

	// local times the zone skips (see local): how many, the first as
	// read, and its value and line (line 0 when a settled order found it)
	gaps     int
	gapT     int64
	gapValue string
	gapLine  int
}

// newDateColumn returns a column that reads Excel serials and epoch times
// when numbers (a time role), and the other layouts always.
func newDateColumn(opts Options, numbers bool) dateColumn {
	return dateColumn{loc: opts.Location, hint: parseDateOrder(opts.DateOrder), allowSerial: numbers, allowEpoch: numbers}
}

func parseDateOrder(s string) dateOrder {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "mdy":
		return orderMDY
	case "dmy":
		return orderDMY
	}
	return orderOpen
}

// parse reads s (not NA) found on line into Unix seconds. times holds the
// column's values so far: settling the order of slash dates rewrites the
// provisional ones in place. It returns the detail of a failure as a
// *ValueError.
//
// A date has one path, parseLexed, which defines what each layout means;
// fastLane reads the commonest values of a settled column without lexing
// them, and gives exactly what parseLexed would, or leaves the value to it.
func (c *dateColumn) parse(s string, line int, times []int64) (int64, error) {
	if t, ok := c.fastLane(s); ok {
		c.noteGap(s, line)
		return t, nil
	}
	return c.parseLexed(s, line, times)
}

// noteGap records s, read on line, as the first value the zone skips when
// reading it found the column's first (see local).
func (c *dateColumn) noteGap(s string, line int) {
	if c.gaps == 1 && c.gapValue == "" {
		c.gapValue, c.gapLine = strings.Clone(s), line
	}
}

// parseLexed is the one path of a date: s is lexed (lexDate), checked
// against the column's layout so far (admit), its calendar fields ordered
// (the dot family is day first, slash and dash dates in the column's
// order) and checked, and converted.
func (c *dateColumn) parseLexed(s string, line int, times []int64) (int64, error) {
	v, detail := lexDate(s)
	if detail != "" {
		if d := excelErrorDetail(s); d != "" {
			detail = d
		} else if c.fam != famNone && c.fam != famSerial {
			detail += "; the column reads " + c.Layout()
		}
		return 0, &ValueError{Value: s, Err: ErrBadDate, Detail: detail}
	}
	if c.fam != v.fam || v.fam == famSerial || v.fam == famEpoch { // a value of the column's text family passes
		if err := c.admit(&v, s, line); err != nil {
			return 0, err
		}
	}
	switch v.fam {
	case famSerial:
		t, err := c.serial(s, v.serial)
		c.noteGap(s, line)
		return t, err
	case famEpoch:
		c.noteNumber(v.epoch%funnel.SecondsPerDay != 0) // as serial: a time of day when one is not midnight
		return v.epoch, nil
	}
	y, m, d, provisional := v.year, v.p1, v.p2, false
	switch v.fam {
	case famDot:
		m, d = v.p2, v.p1
	case famSlash, famDash:
		// In the column's order, settled by the first value that shows
		// it (rewriting times, see settle); until then provisional, month
		// first.
		a, b := v.p1, v.p2
		if a == 0 || b == 0 || a > 31 || b > 31 || (a > 12 && b > 12) {
			return 0, &ValueError{Value: s, Err: ErrBadDate, Detail: fmt.Sprintf("neither %d nor %d is a month", a, b)}
		}
		var shows dateOrder
		switch {
		case a > 12:
			shows = orderDMY
		case b > 12:
			shows = orderMDY
		}
		if shows != orderOpen {
			if c.order == orderOpen {
				c.settle(shows, line, times)
			} else if shows != c.order {
				return 0, &ValueError{Value: s, Err: ErrBadDate, Detail: fmt.Sprintf("day and month are the other way round from line %d (%s)", c.orderLine, c.Layout())}
			}
		}
		switch c.order {
		case orderDMY:
			m, d = b, a
		case orderMDY:
		default:
			provisional = true
		}
	}
	if m < 1 || m > 12 {
		return 0, &ValueError{Value: s, Err: ErrBadDate, Detail: fmt.Sprintf("month %d out of range (%s)", m, c.Layout())}
	}
	if d < 1 || d > daysIn(y, m) {
		return 0, &ValueError{Value: s, Err: ErrBadDate, Detail: fmt.Sprintf("day %d out of range for %d-%02d", d, y, m)}
	}
	c.note(v)
	sod := v.hour*3600 + v.min*60 + v.sec
	if provisional {
		if !c.pending {
			c.pending, c.pendingValue, c.pendingLine = true, strings.Clone(s), line
		}
		return civilSeconds(y, m, d, sod), nil
	}
	if v.zone {
		return civilSeconds(y, m, d, sod) - int64(v.offset), nil
	}
	t := c.local(y, m, d, sod)
	c.noteGap(s, line)
	return t, nil
}

// admit checks the lexed value v of s, found on line, against the column:
// numbers only where the column reads them, one family per column, one
// epoch unit. The column's first value sets its family.
func (c *dateColumn) admit(v *dateValue, s string, line int) error {
	if (v.fam == famSerial && !c.allowSerial) || (v.fam == famEpoch && !c.allowEpoch) {
		return &ValueError{Value: s, Err: ErrBadDate, Detail: "a number, not a date"}
	}
	switch {
	case c.fam == famNone:
		c.fam, c.famLine, c.unit = v.fam, line, v.unit
	case c.fam != v.fam:
		var d string
		if c.fam == famSerial {
			d = fmt.Sprintf("the column holds Excel serial numbers since line %d", c.famLine)
		} else if v.fam == famSerial && c.fam != famEpoch && c.fam != famCompact {
			d = fmt.Sprintf("a number in a column of %s dates (since line %d)", c.Layout(), c.famLine)
		} else {
			d = fmt.Sprintf("layout %s differs from %s used since line %d", valueLayout(*v), c.Layout(), c.famLine)
		}
		return &ValueError{Value: s, Err: ErrBadDate, Detail: d}
	case v.fam == famEpoch && v.unit != c.unit:
		return &ValueError{Value: s, Err: ErrBadDate, Detail: fmt.Sprintf("%s has the size of epoch %s (%s digits), but the column holds %s since line %d",
			s, epochUnits[v.unit].name, epochUnits[v.unit].digits, c.Layout(), c.famLine)}
	}
	return nil
}

// ---- The fast lane ----

// fastLane reads s without lexing it when the column's layout is settled
// as ISO, epoch or YYYYMMDD and s is one of its commonest values, for
// which reading it changes nothing in the column but the count of values:
// the result is the one parseLexed gives. It reports false for any other
// value, valid or not, which parseLexed reads (or rejects).
//
// The commonest values of an ISO column are "YYYY-MM-DD", and "YYYY-MM-DD
// HH:MM:SS" once the column has read a time of day with seconds, 24-hour;
// of an epoch or YYYYMMDD column, see numberFast.
func (c *dateColumn) fastLane(s string) (int64, bool) {
	switch c.fam {
	case famISO:
	case famEpoch, famCompact:
		return c.numberFast(s)
	default:
		return 0, false
	}
	sod := 0
	switch len(s) {
	case 10:
	case 19:
		// parseLexed would note a time of day with seconds, 24-hour
		if !c.anySec || !c.any24h || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
			return 0, false
		}
		h, okH := twoDigits(s[11], s[12])
		m, okM := twoDigits(s[14], s[15])
		sec, okS := twoDigits(s[17], s[18])
		if !okH || !okM || !okS || h > 23 || m > 59 || sec > 59 {
			return 0, false
		}
		sod = h*3600 + m*60 + sec
	default:
		return 0, false
	}
	if s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y1, ok1 := twoDigits(s[0], s[1])
	y2, ok2 := twoDigits(s[2], s[3])
	m, okM := twoDigits(s[5], s[6])
	d, okD := twoDigits(s[8], s[9])
	y := y1*100 + y2
	if !ok1 || !ok2 || !okM || !okD || y == 0 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	c.values++
	return c.local(y, m, d, sod), true
}

// numberFast is the fast lane of a column of epoch times or YYYYMMDD
// dates: a whole number of the column's epoch unit, or a valid YYYYMMDD
// date.
func (c *dateColumn) numberFast(s string) (int64, bool) {
	if !looksSerial(s) {
		return 0, false
	}
	n, whole := wholePart(s)
	if whole < len(s) {
		return 0, false
	}
	if c.fam == famEpoch {
		if !c.unit.holds(n) {
			return 0, false
		}
		t := c.unit.seconds(n)
		c.noteNumber(t%funnel.SecondsPerDay != 0)
		return t, true
	}
	if !compactShape(s) {
		return 0, false
	}
	y, m, d := compactFields(s)
	if !compactYear(y) || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	c.values++
	return c.local(y, m, d, 0), true
}

// monthStarts[k] is the day (days since 1970-01-01) on which month k
// begins, counting months from January of monthTableYear, for the years
// exports hold, and one more: the length of month k is monthStarts[k+1]
// - monthStarts[k]. daysFromCivil and daysIn look dates up in it instead
// of working out the calendar for each of millions of values.
var monthStarts = func() []int32 {
	const years = 300
	t := make([]int32, 0, years*12+1)
	for y := monthTableYear; y < monthTableYear+years; y++ {
		for m := 1; m <= 12; m++ {
			t = append(t, int32(hinnantDays(y, m, 1)))
		}
	}
	return append(t, int32(hinnantDays(monthTableYear+years, 1, 1)))
}()

// monthTableYear is the first year of monthStarts.
const monthTableYear = 1900

// monthIndex returns the index of month m of year y in monthStarts, or -1
// when the table does not hold it.
func monthIndex(y, m int) int {
	k := (y-monthTableYear)*12 + m - 1
	if m < 1 || m > 12 || uint(k) >= uint(len(monthStarts)-1) {
		return -1
	}
	return k
}

// twoDigits reads two ASCII digits.
func twoDigits(a, b byte) (int, bool) {
	if !asciiDigit(a) || !asciiDigit(b) {
		return 0, false
	}
	return int(a-'0')*10 + int(b-'0'), true
}

// note records what the layout name must show.
func (c *dateColumn) note(v dateValue) {
	c.values++
	if !v.hasTime {
		return
	}
	c.anyTime = true
	c.anySec = c.anySec || v.hasSec
	c.anyFrac = c.anyFrac || v.frac
	if v.ampm != 0 {
		c.anyAMPM = true
	} else {
		c.any24h = true
	}
	c.anyT = c.anyT || v.tSep
	c.anyZone = c.anyZone || v.zone
	c.anyOffset = c.anyOffset || (v.zone && !v.zoneZ && !v.zoneAbbr)
	c.anyZoneAbbr = c.anyZoneAbbr || v.zoneAbbr
}

// noteNumber records a value of a number layout, an Excel serial or an
// epoch time, which has a time of day (with seconds, 24-hour) when clock.
func (c *dateColumn) noteNumber(clock bool) {
	c.values++
	if clock {
		c.anyTime, c.anySec, c.any24h = true, true, true
	}
}

// serial converts an Excel serial day number (local wall-clock time).
func (c *dateColumn) serial(s string, f float64) (int64, error) {
	if f < minExcelSerial || f >= maxExcelSerial+1 {
		return 0, &ValueError{Value: s, Err: ErrBadDate, Detail: fmt.Sprintf("Excel serial date out of range %d..%d", minExcelSerial, maxExcelSerial)}
	}
	day := math.Floor(f)
	sod := int(math.Round((f - day) * funnel.SecondsPerDay))
	if sod >= funnel.SecondsPerDay {
		day, sod = day+1, 0
	}
	n := int64(day)
	switch {
	case n == 60:
		return 0, &ValueError{Value: s, Err: ErrBadDate, Detail: "Excel serial 60 is 1900-02-29, a day that does not exist"}
	case n < 60: // Excel counts the nonexistent 1900-02-29
		n -= 25568
	default:
		n -= 25569 // 1899-12-30 is day 0
	}
	y, m, d := civilFromDays(n)
	c.noteNumber(sod != 0)
	return c.local(y, m, d, sod), nil
}

// settle fixes the order of slash or dash dates and converts the
// provisional values read so far.
func (c *dateColumn) settle(o dateOrder, line int, times []int64) {
	c.order, c.orderLine = o, line
	if !c.pending {
		return
	}
	c.pending = false
	for i, t := range times {
		if t == funnel.NoTime {
			continue
		}
		days := floorDiv(t, funnel.SecondsPerDay)
		sod := int(t - days*funnel.SecondsPerDay)
		y, m, d := civilFromDays(days)
		if o == orderDMY {
			m, d = d, m
		}
		times[i] = c.local(y, m, d, sod)
	}
	if c.gaps > 0 && c.gapValue == "" {
		c.gapValue = "?" // a value read before the order was known: gapLine 0
	}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// finish settles a column whose values left the order open: dash dates
// read day first, slash dates by Options.DateOrder or else a *RowError
// wrapping ErrAmbiguousDate that names the column's first date. warn receives a note when the values
// contradicted Options.DateOrder.
func (c *dateColumn) finish(file, column string, times []int64, warn func(string)) error {
	if c.pending {
		switch {
		case c.hint != orderOpen:
			c.settle(c.hint, c.pendingLine, times)
		case c.fam == famDash:
			c.settle(orderDMY, c.pendingLine, times)
		default:
			return &RowError{File: file, Line: c.pendingLine, Column: column, Value: c.pendingValue, Err: ErrAmbiguousDate,
				Detail: "every date of the column reads both as MM/DD/YYYY and as DD/MM/YYYY; settle it with --date-order mdy|dmy"}
		}
	}
	if c.gaps > 0 && warn != nil {
		warn(c.gapWarning(column))
	}
	if c.hint != orderOpen && c.order != orderOpen && c.order != c.hint && warn != nil {
		warn(fmt.Sprintf("column %q: the dates read %s (line %d shows it), not as --date-order %s says", column, c.Layout(), c.orderLine, orderName(c.hint)))
	}
	return nil
}

// gapWarning says how many of the column's local times the zone skips,
// the first, and how they were read (see local).
func (c *dateColumn) gapWarning(column string) string {
	first := fmt.Sprintf("the first %q on line %d", c.gapValue, c.gapLine)
	if c.gapLine == 0 {
		first = "the first"
	}
	read := time.Unix(c.gapT, 0).In(c.loc)
	return fmt.Sprintf("column %q: %d local %s not exist in %s (the clocks went forward), %s read as %s, with the offset before the change",
		column, c.gaps, plural(c.gaps, "time does", "times do"), c.loc, first, read.Format("2006-01-02 15:04:05 MST"))
}

func orderName(o dateOrder) string {
	if o == orderDMY {
		return "dmy"
	}
	return "mdy"
}

// dateOnly reports whether no value had a time of day.
func (c *dateColumn) dateOnly() bool { return !c.anyTime }

// familyName names the date part of a layout.
func familyName(f dateFamily, o dateOrder) string {
	switch f {
	case famISO:
		return "YYYY-MM-DD"
	case famYearSlash:
		return "YYYY/MM/DD"
	case famSlash:
		switch o {
		case orderMDY:
			return "MM/DD/YYYY"
		case orderDMY:
			return "DD/MM/YYYY"
		}
		return "MM/DD/YYYY or DD/MM/YYYY"
	case famDash:
		if o == orderMDY {
			return "MM-DD-YYYY"
		}
		return "DD-MM-YYYY"
	case famDot:
		return "DD.MM.YYYY"
	case famMonthName:
		return "Mon DD, YYYY"
	case famCompact:
		return "YYYYMMDD"
	case famEpoch:
		return "epoch"
	case famSerial:
		return "Excel serial"
	}
	return "date"
}

// valueLayout names the layout of one value, for messages.
func valueLayout(v dateValue) string {
	if v.fam == famEpoch {
		return "epoch " + epochUnits[v.unit].name
	}
	return familyName(v.fam, orderOpen)
}

// Layout returns a human name of the column's layout, such as
// "MM/DD/YYYY h:MM AM/PM", "YYYY-MM-DDTHH:MM:SS.fff±hh:mm", "YYYYMMDD" or
// "epoch milliseconds"; it names the richest form seen (dates with and
// without a time of day may mix).
func (c *dateColumn) Layout() string {
	o := c.order
	if o == orderOpen && c.fam == famDash {
		o = orderDMY
		if c.hint == orderMDY {
			o = orderMDY
		}
	}
	name := familyName(c.fam, o)
	if c.fam == famEpoch {
		return "epoch " + epochUnits[c.unit].name
	}
	if c.fam == famSerial {
		if c.anyTime {
			return "Excel serial (days.fraction)"
		}
		return name
	}
	if !c.anyTime {
		return name
	}
	sep := " "
	if c.anyT {
		sep = "T"
	}
	clock := "HH:MM"
	if c.anyAMPM && !c.any24h {
		clock = "h:MM"
	}
	if c.anySec {
		clock += ":SS"
	}
	if c.anyFrac {
		clock += ".fff"
	}
	if c.anyAMPM {
		clock += " AM/PM"
	}
	zone := ""
	if c.anyZone {
		zone = "Z"
		if c.anyOffset {
			zone = "±hh:mm"
		}
		if c.anyZoneAbbr {
			zone = " TZ"
		}
	}
	return name + sep + clock + zone
}

// ParseDate reads one date or timestamp in any layout funnel reads, for
// flags such as --as-of. Timestamps without a zone are in opts.Location
// (UTC when nil); slash dates whose day and month are both <= 12 need
// opts.DateOrder, else the error wraps ErrAmbiguousDate. Excel serial
// numbers and epoch times are not dates here; YYYYMMDD is. It returns Unix seconds and whether the value
// was a date without a time of day.
func ParseDate(s string, opts Options) (unix int64, dateOnly bool, err error) {
	s = trimCell(s)
	c := newDateColumn(opts, false)
	var buf [1]int64
	t, err := c.parse(s, 1, buf[:0])
	if err != nil {
		return 0, false, err
	}
	if c.pending {
		buf[0] = t
		if c.hint == orderOpen && c.fam == famSlash {
			return 0, false, &ValueError{Value: s, Err: ErrAmbiguousDate, Detail: "day and month are both <= 12; settle it with --date-order mdy|dmy"}
		}
		if err := c.finish("", "", buf[:], nil); err != nil {
			return 0, false, err
		}
		t = buf[0]
	}
	return t, c.dateOnly(), nil
}
