package render

// GuardFormula returns s with a leading apostrophe when s begins with '=',
// '+', '-', '@', a tab or a carriage return, the characters that make a
// spreadsheet read a cell as a formula (OWASP "CSV injection"); any other
// string is returned unchanged. It is applied to string values only:
// number cells are never altered.
func GuardFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
