package ingest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ValueError is one value that cannot be read as its column's type. Load
// wraps it in a *RowError that adds the file, line and column; ParseDate,
// ParseNumber and ParseBool return it as it is. Err is a sentinel
// (ErrBadDate, ErrAmbiguousDate, ErrBadNumber, ErrBadBool).
type ValueError struct {
	Value  string
	Err    error
	Detail string
}

// Error reads `cannot parse "value" as a number (detail)`.
func (e *ValueError) Error() string {
	return strings.TrimPrefix((&RowError{Value: e.Value, Err: e.Err, Detail: e.Detail}).Error(), ":0: ")
}

// Unwrap returns the sentinel.
func (e *ValueError) Unwrap() error { return e.Err }

// trimCell removes the spaces around a cell (ASCII and Unicode spaces such
// as the no-break space spreadsheets write) and the invisible characters
// that are no spaces to Unicode but are to a reader (see invisible): a
// byte order mark at the start of a row of concatenated exports, a
// zero-width space. It does not allocate.
func trimCell(s string) string {
	if len(s) > 0 && s[0] > ' ' && s[0] < utf8.RuneSelf && s[len(s)-1] > ' ' && s[len(s)-1] < utf8.RuneSelf {
		return s
	}
	return strings.TrimFunc(s, invisible)
}

// invisible reports whether r shows as nothing around a value: a Unicode
// space, U+FEFF (byte order mark, zero-width no-break space), U+200B
// (zero-width space) or U+2060 (word joiner).
func invisible(r rune) bool {
	return unicode.IsSpace(r) || r == '\ufeff' || r == '\u200b' || r == '\u2060'
}

// naSet holds the NA tokens of Options.NAValues, trimmed. A cell is NA
// when it is empty or spaces only, the literal null or NULL, or equals a
// token exactly after trimming.
//
// null and NULL are missing in every file, text columns included: Marketo
// bulk extracts and API exports write null for an empty field, SQL clients
// write NULL, and no vendor we know writes either as a value. "Null" (a
// surname) stays a value.
type naSet []string

func newNASet(opts Options) naSet {
	var n naSet
	for _, t := range opts.NAValues {
		if t = trimCell(t); t != "" {
			n = append(n, t)
		}
	}
	return n
}

// isNA reports whether the trimmed cell s is missing.
func (n naSet) isNA(s string) bool {
	if s == "" || (len(s) == 4 && (s == "null" || s == "NULL")) {
		return true
	}
	for _, t := range n {
		if s == t {
			return true
		}
	}
	return false
}

// IsNA reports whether cell s is missing under opts: empty, spaces only,
// null or NULL, or one of opts.NAValues (exact match after trimming both).
func IsNA(s string, opts Options) bool { return newNASet(opts).isNA(trimCell(s)) }

// excelErrors are the error values Excel writes in a cell whose formula
// failed.
var excelErrors = []string{"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}

// excelErrorDetail explains a cell holding an Excel error value, "" for
// any other value.
func excelErrorDetail(s string) string {
	if len(s) < 4 || s[0] != '#' {
		return ""
	}
	for _, e := range excelErrors {
		if strings.EqualFold(s, e) {
			return fmt.Sprintf("an Excel error value: the formula behind it failed; fix it in the workbook, or read it as missing with --na-values '%s'", e)
		}
	}
	return ""
}

// ---- Booleans ----

// boolToken reads the standard boolean tokens, case-insensitively: 1/0,
// true/false, yes/no, y/n, t/f.
func boolToken(s string) (value, ok bool) {
	switch len(s) {
	case 1:
		switch s[0] {
		case '1', 'y', 'Y', 't', 'T':
			return true, true
		case '0', 'n', 'N', 'f', 'F':
			return false, true
		}
	case 2:
		if strings.EqualFold(s, "no") {
			return false, true
		}
	case 3:
		if strings.EqualFold(s, "yes") {
			return true, true
		}
	case 4:
		if strings.EqualFold(s, "true") {
			return true, true
		}
	case 5:
		if strings.EqualFold(s, "false") {
			return false, true
		}
	}
	return false, false
}

// ParseBool reads a boolean token (1/0, true/false, yes/no, y/n, t/f,
// any case, spaces around ignored).
func ParseBool(s string) (bool, error) {
	s = trimCell(s)
	if v, ok := boolToken(s); ok {
		return v, nil
	}
	return false, &ValueError{Value: s, Err: ErrBadBool, Detail: boolHelp}
}

const boolHelp = "expected 1/0, true/false, yes/no, y/n or t/f; --positive VALUE names another true value"

// boolColumn reads a boolean column. The standard tokens and
// Options.Positive (case-insensitive) are true; when Positive is given,
// every other non-NA value is false (a stage column with --positive
// "Closed Won"); otherwise the false tokens are false and anything else is
// an error.
type boolColumn struct {
	positive []string
}

func newBoolColumn(opts Options) boolColumn {
	var p []string
	for _, v := range opts.Positive {
		if v = trimCell(v); v != "" {
			p = append(p, v)
		}
	}
	return boolColumn{positive: p}
}

func (c *boolColumn) isPositive(s string) bool {
	for _, p := range c.positive {
		if strings.EqualFold(s, p) {
			return true
		}
	}
	return false
}

// parse reads the trimmed, non-NA cell s: 1 true, 0 false.
func (c *boolColumn) parse(s string) (int8, error) {
	v, ok := boolToken(s)
	if (ok && v) || c.isPositive(s) {
		return 1, nil
	}
	if ok || len(c.positive) > 0 {
		return 0, nil
	}
	if d := excelErrorDetail(s); d != "" {
		return 0, &ValueError{Value: s, Err: ErrBadBool, Detail: d}
	}
	return 0, &ValueError{Value: s, Err: ErrBadBool, Detail: boolHelp}
}

// ---- Numbers ----

// Number styles. A column's style is decided by its first value that can
// only be read one way:
//
//	US-style:       1,234,567.89   1234.5   0.25   1 234.5 (decimal point)
//	European-style: 1.234.567,89   1234,5   0,25   1 234,5 (decimal comma)
//
// Values such as "1,234" or "1.234" (one separator followed by exactly
// three digits) read both ways; they follow the column's style once it is
// known, and are converted when a later value settles it. A value of the
// other style than the column's is an error. Spaces, no-break spaces and
// apostrophes group thousands in both styles. --decimal (Options.Decimal)
// sets the style of every column.
//
// A column in which no value settles the style is US-style when its open
// values have a comma ("1,234": a decimal comma with three decimals is
// rare, a thousands comma without cents common; also once 65,536 of them
// came first), or when it holds a value whose dot can only be a decimal
// point ("12.5", "0.244"). Otherwise a column with an open "15.000" (with
// no such value, nor one that settles it) is not: a thousands dot
// without cents is as common in European exports as a decimal point is
// in others. It takes the style the other number columns of the file
// settled by a value, when they agree (a comma decimal elsewhere in the
// file); else it is an error wrapping ErrAmbiguousNumber that names its
// first such value and --decimal (numColumn.finish).
//
// The currency of a column's values is one: "$" and "US$" are USD, € EUR,
// £ GBP, ¥ JPY, ₹ INR, ₩ KRW, and ISO codes themselves; a value in another
// currency than the column's first is an error wrapping ErrCurrency that
// names the line of the first (summing $1200 and €800 means nothing).
//
// Around the digits: a sign (- + or −) or parentheses for negatives
// "(1,200)"; currency symbols $ € £ ¥ ₹ ₩ US$ and ISO codes (USD 1,200,
// 1.200,00 EUR) before or after; a percent sign divides by 100
// ("12.5%" is 0.125). An exponent (1.5e3) is read when there is no
// thousands grouping. NaN, Inf and values beyond float64 ("1e400") are
// errors.
type numStyle uint8

const (
	styleOpen numStyle = iota
	styleUS
	styleEU
)

type numClass uint8

const (
	numNeutral      numClass = iota // reads the same in both styles
	numUS                           // only US-style
	numEU                           // only European-style
	numAmbiguous                    // both, with different values: "1,234"
	numAmbiguousDot                 // both, with different values: "1.234"
)

// maxPendingNumbers is how many ambiguous values a column waits through
// before it settles on US style.
const maxPendingNumbers = 1 << 16

var currencySymbols = []string{"US$", "$", "€", "£", "¥", "₹", "₩"}

// symbolCodes are the currencies of currencySymbols.
var symbolCodes = []string{"USD", "USD", "EUR", "GBP", "JPY", "INR", "KRW"}

var currencyCodes = []string{"USD", "EUR", "GBP", "JPY", "CNY", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK",
	"INR", "BRL", "MXN", "SGD", "HKD", "ZAR", "PLN", "CZK", "KRW"}

func asciiLetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

// cutCurrencyPrefix removes a leading currency symbol or code and returns
// its currency ("" when none). A code is three ASCII letters, so a value
// that does not begin with one is not compared with them all (that took
// half the time of scanning "1,234.50"); so in cutCurrencySuffix.
func cutCurrencyPrefix(s string) (string, string) {
	for i, sym := range currencySymbols {
		if strings.HasPrefix(s, sym) {
			return strings.TrimSpace(s[len(sym):]), symbolCodes[i]
		}
	}
	if len(s) > 3 && asciiLetter(s[0]) && !asciiLetter(s[3]) {
		for _, code := range currencyCodes {
			if strings.EqualFold(s[:3], code) {
				return strings.TrimSpace(s[3:]), code
			}
		}
	}
	return s, ""
}

// cutCurrencySuffix removes a trailing currency symbol or code and
// returns its currency ("" when none).
func cutCurrencySuffix(s string) (string, string) {
	for i, sym := range currencySymbols {
		if strings.HasSuffix(s, sym) {
			return strings.TrimSpace(s[:len(s)-len(sym)]), symbolCodes[i]
		}
	}
	if n := len(s); n > 3 && asciiLetter(s[n-1]) && !asciiLetter(s[n-4]) {
		for _, code := range currencyCodes {
			if strings.EqualFold(s[n-3:], code) {
				return strings.TrimSpace(s[:n-3]), code
			}
		}
	}
	return s, ""
}

// cutSign removes a leading sign; neg is -1 for minus, 1 for plus, 0 for none.
func cutSign(s string) (string, int) {
	switch {
	case strings.HasPrefix(s, "-"):
		return strings.TrimSpace(s[1:]), -1
	case strings.HasPrefix(s, "+"):
		return strings.TrimSpace(s[1:]), 1
	case strings.HasPrefix(s, "−"): // U+2212 MINUS SIGN
		return strings.TrimSpace(s[len("−"):]), -1
	}
	return s, 0
}

// plainNumber reports whether s is [-]digits[.digits] and reads the same
// in both styles: the fast path that strconv reads as it is. "1.234" (one to
// three digits, a dot, three digits) is not plain: European-style it is
// 1234. point reports a plain value with a dot, which can only be a
// decimal point ("0.244", "12.5"): a column holding one reads its open
// "3.195" as 3.195 (see numStyle).
func plainNumber(s string) (plain, point bool) {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start, dot := i, -1
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case asciiDigit(c):
		case c == '.' && dot < 0:
			dot = i
		default:
			return false, false
		}
	}
	if dot < 0 {
		return len(s) > start, false
	}
	intLen, fracLen := dot-start, len(s)-dot-1
	if intLen == 0 && fracLen == 0 {
		return false, false
	}
	plain = !(fracLen == 3 && intLen >= 1 && intLen <= 3 && s[start] != '0')
	return plain, plain
}

// numSep is one separator inside the digits of a number: '.', ',' or ' '
// (any space or apostrophe), after `at` digits.
type numSep struct {
	ch byte
	at int
}

// numScan is the lexed core of a number: its digits and separators.
type numScan struct {
	digits [64]byte
	nd     int
	seps   [24]numSep
	ns     int
	exp    string // exponent digits with sign, "" when none
	cur    string // the currency, "" when none
	neg    bool
	pct    bool
}

// numValue is a number read in both styles: us and eu are meaningful as
// class says; cur is its currency, "" when none.
type numValue struct {
	us, eu float64
	class  numClass
	cur    string
	point  bool // a plain value with a decimal point (see plainNumber)
}

// scanNumber reads the trimmed, non-NA cell s in both styles. detail is ""
// on success.
func scanNumber(s string) (numValue, string) {
	if plain, point := plainNumber(s); plain {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(v, 0) {
			return numValue{}, "out of range"
		}
		return numValue{us: v, eu: v, point: point}, ""
	}
	var sc numScan
	if detail := sc.lex(s); detail != "" {
		return numValue{}, detail
	}
	us, eu, class, detail := sc.styles()
	return numValue{us: us, eu: eu, class: class, cur: sc.cur}, detail
}

// styles reads the lexed number in both styles.
func (sc *numScan) styles() (us, eu float64, class numClass, detail string) {
	var dots, commas, spaces int
	for _, p := range sc.seps[:sc.ns] {
		switch p.ch {
		case '.':
			dots++
		case ',':
			commas++
		default:
			spaces++
		}
	}
	switch {
	case dots > 0 && commas > 0:
		last := byte('.')
		for _, p := range sc.seps[:sc.ns] {
			if p.ch != ' ' {
				last = p.ch
			}
		}
		if last == '.' {
			v, d := sc.read('.', ',')
			return v, v, numUS, d
		}
		v, d := sc.read(',', '.')
		return v, v, numEU, d
	case dots > 0:
		u, du := sc.read('.', ' ')
		e, de := sc.read(0, '.')
		us, eu, class, detail = classify(u, du, e, de)
		if class == numAmbiguous {
			class = numAmbiguousDot
		}
		return us, eu, class, detail
	case commas > 0:
		u, du := sc.read(0, ',')
		e, de := sc.read(',', ' ')
		return classify(u, du, e, de)
	}
	v, d := sc.read(0, ' ')
	return v, v, numNeutral, d
}

func classify(us float64, dus string, eu float64, deu string) (float64, float64, numClass, string) {
	switch {
	case dus == "" && deu == "":
		return us, eu, numAmbiguous, ""
	case dus == "":
		return us, us, numUS, ""
	case deu == "":
		return eu, eu, numEU, ""
	}
	return 0, 0, 0, dus
}

// lex strips signs, currency and percent and splits the digits from the
// separators.
func (sc *numScan) lex(s string) string {
	t := s
	signs := 0
	if len(t) >= 2 && t[0] == '(' && t[len(t)-1] == ')' {
		t = strings.TrimSpace(t[1 : len(t)-1])
		sc.neg = true
		signs++
	}
	t, sg := cutSign(t)
	if sg != 0 {
		signs++
		sc.neg = sc.neg || sg < 0
	}
	t, sc.cur = cutCurrencyPrefix(t)
	if t2, sg := cutSign(t); sg != 0 {
		t = t2
		signs++
		sc.neg = sc.neg || sg < 0
	}
	if strings.HasSuffix(t, "%") {
		sc.pct = true
		t = strings.TrimSpace(t[:len(t)-1])
	}
	var suffix string
	if t, suffix = cutCurrencySuffix(t); suffix != "" {
		if sc.cur != "" && suffix != sc.cur {
			return "two currencies"
		}
		sc.cur = suffix
	}
	if !sc.pct && strings.HasSuffix(t, "%") {
		sc.pct = true
		t = strings.TrimSpace(t[:len(t)-1])
	}
	if signs > 1 {
		return "more than one sign"
	}
	if t == "" {
		return "no digits"
	}
	if asciiLetter(t[0]) {
		switch strings.ToLower(t) {
		case "nan", "inf", "infinity":
			return t + " is not a finite number"
		}
	}
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case asciiDigit(c):
			if sc.nd == len(sc.digits) {
				return "too many digits"
			}
			sc.digits[sc.nd] = c
			sc.nd++
			i++
			continue
		case c == '.' || c == ',' || c == ' ' || c == '\'':
			if sc.ns == len(sc.seps) {
				return "too many separators"
			}
			ch := c
			if c == '\'' {
				ch = ' '
			}
			sc.seps[sc.ns] = numSep{ch: ch, at: sc.nd}
			sc.ns++
			i++
			continue
		case (c == 'e' || c == 'E') && sc.nd > 0:
			exp := t[i+1:]
			j := 0
			if j < len(exp) && (exp[j] == '+' || exp[j] == '-') {
				j++
			}
			if j == len(exp) || len(exp) > 6 {
				return "bad exponent"
			}
			for ; j < len(exp); j++ {
				if !asciiDigit(exp[j]) {
					return "bad exponent"
				}
			}
			sc.exp = exp
			i = len(t)
			continue
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(t[i:])
			if r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '’' {
				if sc.ns == len(sc.seps) {
					return "too many separators"
				}
				sc.seps[sc.ns] = numSep{ch: ' ', at: sc.nd}
				sc.ns++
				i += size
				continue
			}
			return fmt.Sprintf("unexpected %q", r)
		}
		return fmt.Sprintf("unexpected %q", c)
	}
	if sc.nd == 0 {
		return "no digits"
	}
	return ""
}

// read converts the digits with dec as the decimal separator (0: none) and
// group as the thousands separator (' ' stands for any space). It returns
// the detail of a failure.
func (sc *numScan) read(dec, group byte) (float64, string) {
	decAt := -1
	var groups [24]int
	ng, nDec := 0, 0
	for _, p := range sc.seps[:sc.ns] {
		if p.ch == dec {
			nDec++
		}
	}
	if nDec > 1 {
		return 0, "two decimal separators"
	}
	if dec == ',' && sc.exp != "" {
		return 0, "exponent after a decimal comma"
	}
	for _, p := range sc.seps[:sc.ns] {
		switch {
		case p.ch == dec:
			decAt = p.at
		case p.ch == group && decAt < 0:
			groups[ng] = p.at
			ng++
		case p.ch == group:
			return 0, "thousands separator after the decimal separator"
		default:
			return 0, fmt.Sprintf("unexpected separator %q", p.ch)
		}
	}
	intDigits := sc.nd
	if decAt >= 0 {
		intDigits = decAt
	}
	if ng > 0 {
		if sc.exp != "" {
			return 0, "exponent with thousands separators"
		}
		prev := 0
		for k := 0; k < ng; k++ {
			size := groups[k] - prev
			if (k == 0 && (size < 1 || size > 3)) || (k > 0 && size != 3) {
				return 0, "bad thousands grouping"
			}
			prev = groups[k]
		}
		if intDigits-prev != 3 {
			return 0, "bad thousands grouping"
		}
		if sc.digits[0] == '0' {
			return 0, "bad thousands grouping"
		}
	}
	var buf [96]byte
	n := 0
	if sc.neg {
		buf[n] = '-'
		n++
	}
	n += copy(buf[n:], sc.digits[:intDigits])
	if decAt >= 0 && decAt < sc.nd {
		buf[n] = '.'
		n++
		n += copy(buf[n:], sc.digits[decAt:sc.nd])
	}
	if sc.exp != "" {
		buf[n] = 'e'
		n++
		n += copy(buf[n:], sc.exp)
	}
	v, err := strconv.ParseFloat(string(buf[:n]), 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, "out of range"
	}
	if sc.pct {
		v /= 100
	}
	return v, ""
}

// ParseNumber reads one number as a number column does (see numStyle),
// deciding the style from this value alone: "1,234" is 1234.
func ParseNumber(s string) (float64, error) {
	s = trimCell(s)
	v, detail := scanNumber(s)
	if detail != "" {
		if d := excelErrorDetail(s); d != "" {
			detail = d
		}
		return 0, &ValueError{Value: s, Err: ErrBadNumber, Detail: detail}
	}
	return v.us, nil
}

// numColumn reads a number column, deciding its style (see numStyle).
type numColumn struct {
	style     numStyle
	styleLine int // the line of the value that settled the style; 0 when --decimal did
	pendRows  []int32
	pendAlt   []float64
	// the first open value with a dot ("15.000", see numStyle) and its
	// line, once committed; whether a value had a dot that can only be a
	// decimal point ("12.5")
	dotValue string
	dotLine  int
	point    bool
	// the column's currency and the line of its first value
	cur     string
	curLine int
	// the last value parsed, until committed
	lastAmbig bool
	lastDot   bool
	lastLine  int
	lastAlt   float64
}

// newNumColumn returns a column in the style Options.Decimal sets, else
// open.
func newNumColumn(opts Options) numColumn {
	switch opts.Decimal {
	case '.':
		return numColumn{style: styleUS}
	case ',':
		return numColumn{style: styleEU}
	}
	return numColumn{}
}

// parse reads the trimmed, non-NA cell s found on line. nums holds the
// column's committed values: settling the style rewrites ambiguous ones.
func (c *numColumn) parse(s string, line int, nums []float64) (float64, error) {
	c.lastAmbig, c.lastDot = false, false
	v, detail := scanNumber(s)
	if detail != "" {
		if d := excelErrorDetail(s); d != "" {
			detail = d
		}
		return 0, &ValueError{Value: s, Err: ErrBadNumber, Detail: detail}
	}
	c.point = c.point || v.point
	if v.cur != "" && v.cur != c.cur {
		if c.cur != "" {
			return 0, &ValueError{Value: s, Err: ErrCurrency, Detail: fmt.Sprintf(
				"an amount in %s in a column of amounts in %s since line %d; convert them to one currency", v.cur, c.cur, c.curLine)}
		}
		c.cur, c.curLine = v.cur, line
	}
	switch v.class {
	case numUS:
		if c.style == styleEU {
			return 0, &ValueError{Value: s, Err: ErrBadNumber, Detail: c.since("a US-style number (1,234.5) in a column of European-style numbers (1.234,5)")}
		}
		if c.style == styleOpen {
			c.settle(styleUS, line, nums)
		}
	case numEU:
		if c.style == styleUS {
			return 0, &ValueError{Value: s, Err: ErrBadNumber, Detail: c.since("a European-style number (1.234,5) in a column of US-style numbers (1,234.5)")}
		}
		if c.style == styleOpen {
			c.settle(styleEU, line, nums)
		}
		return v.eu, nil
	case numAmbiguous, numAmbiguousDot:
		switch c.style {
		case styleEU:
			return v.eu, nil
		case styleOpen:
			c.lastAmbig, c.lastAlt = true, v.eu
			if v.class == numAmbiguousDot && c.dotLine == 0 {
				c.lastDot, c.lastLine = true, line
				if c.dotValue == "" {
					c.dotValue = strings.Clone(s)
				}
			}
		}
	}
	return v.us, nil
}

// read reads s as a value of the column, in its style so far, without
// settling it: a totals row's cell, which is not a value of the column.
func (c *numColumn) read(s string) (float64, bool) {
	v, detail := scanNumber(s)
	switch {
	case detail != "":
		return 0, false
	case v.class == numEU || (v.class == numAmbiguous || v.class == numAmbiguousDot) && c.style == styleEU:
		return v.eu, true
	}
	return v.us, true
}

// since completes the message of a value of the other style than the
// column's with what set it.
func (c *numColumn) since(msg string) string {
	if c.styleLine == 0 {
		if c.style == styleEU {
			return msg + ", as --decimal , says"
		}
		return msg + ", as --decimal . says"
	}
	return fmt.Sprintf("%s since line %d", msg, c.styleLine)
}

// commit records that the last parsed value was stored at row.
func (c *numColumn) commit(row int) {
	if !c.lastAmbig {
		return
	}
	c.lastAmbig = false
	if c.lastDot {
		c.lastDot, c.dotLine = false, c.lastLine
	}
	c.pendRows = append(c.pendRows, int32(row))
	c.pendAlt = append(c.pendAlt, c.lastAlt)
	if len(c.pendRows) >= maxPendingNumbers && c.dotLine == 0 {
		c.settle(styleUS, 0, nil)
	}
}

func (c *numColumn) settle(st numStyle, line int, nums []float64) {
	c.style, c.styleLine = st, line
	if st == styleEU {
		for i, r := range c.pendRows {
			nums[r] = c.pendAlt[i]
		}
	}
	c.pendRows, c.pendAlt = nil, nil
}

// settledBy returns the style a value of the column settled, styleOpen
// when none did: the file's convention for the columns left open.
func (c *numColumn) settledBy() numStyle {
	if c.styleLine == 0 {
		return styleOpen
	}
	return c.style
}

// finish settles a column its values left open (see numStyle): in style
// conv, the style the file's other columns settled (styleOpen when they
// did not, or disagree); a column with an open value with a dot and no
// such style is an error naming its first such value.
func (c *numColumn) finish(file, column string, conv numStyle, nums []float64) error {
	if c.style != styleOpen {
		return nil
	}
	if conv != styleOpen {
		c.settle(conv, 0, nums)
		return nil
	}
	if c.dotLine == 0 || c.point {
		c.settle(styleUS, 0, nums)
		return nil
	}
	us, _ := ParseNumber(c.dotValue)
	eu, _ := (&numColumn{style: styleEU}).read(c.dotValue)
	return &RowError{File: file, Line: c.dotLine, Column: column, Value: c.dotValue, Err: ErrAmbiguousNumber, Detail: fmt.Sprintf(
		"it reads as %s (decimal point) or as %s (thousands dot), and no value of the column or the file settles which; settle it with --decimal , (1.234,5) or --decimal . (1,234.5)",
		strconv.FormatFloat(us, 'f', -1, 64), strconv.FormatFloat(eu, 'f', -1, 64))}
}
