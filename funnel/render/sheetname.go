package render

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
)

// maxSheetName is Excel's limit on a sheet name, in UTF-16 code units.
const maxSheetName = 31

// sheetNamer gives each table a valid, unique sheet name.
type sheetNamer struct {
	taken map[string]bool // lower-cased names in use
}

// newSheetNamer returns a namer with the given names already taken.
func newSheetNamer(reserved ...string) *sheetNamer {
	n := &sheetNamer{taken: map[string]bool{"history": true}} // Excel reserves "History"
	for _, s := range reserved {
		n.taken[strings.ToLower(s)] = true
	}
	return n
}

// name returns a sheet name for a table or a sheet of Report.Sheets:
// SheetTitle of it, then the characters Excel forbids
// (: \ / ? * [ ] and control characters) become '_', leading and trailing
// apostrophes are dropped, the name is cut to 31 UTF-16 units, and a
// suffix _2, _3, ... makes it unique (case-insensitively).
func (n *sheetNamer) name(table string) string {
	base := strings.Map(func(r rune) rune {
		if strings.ContainsRune(":\\/?*[]", r) || unicode.IsControl(r) {
			return '_'
		}
		return r
	}, SheetTitle(table))
	base = strings.Trim(base, "'")
	if strings.TrimSpace(base) == "" {
		base = "table"
	}
	for k := 1; ; k++ {
		suffix := ""
		if k > 1 {
			suffix = "_" + strconv.Itoa(k)
		}
		cand := strings.TrimRight(truncateUTF16(base, maxSheetName-len(suffix)), "'") + suffix
		if !n.taken[strings.ToLower(cand)] {
			n.taken[strings.ToLower(cand)] = true
			return cand
		}
	}
}

// truncateUTF16 cuts s to at most limit UTF-16 code units, on a rune
// boundary.
func truncateUTF16(s string, limit int) string {
	units := 0
	for i, r := range s {
		k := utf16.RuneLen(r)
		if k < 0 {
			k = 1
		}
		if units+k > limit {
			return s[:i]
		}
		units += k
	}
	return s
}

// sheetRef quotes a sheet name for a formula reference: 'name'!
func sheetRef(sheet string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!"
}
