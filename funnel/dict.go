package funnel

// Dict interns strings: each distinct string gets a small integer code, in
// order of first appearance. Tables of one Dataset share a Dict, so equal
// codes mean equal strings across tables (a lead_id in touches and in leads).
//
// The zero value is not usable; call NewDict.
type Dict struct {
	index map[string]int32
	names []string
}

// NA is the code of a missing text value.
const NA int32 = -1

// NewDict returns an empty Dict.
func NewDict() *Dict {
	return &Dict{index: make(map[string]int32)}
}

// Code returns the code of s, adding s when it is new.
func (d *Dict) Code(s string) int32 {
	if c, ok := d.index[s]; ok {
		return c
	}
	c := int32(len(d.names))
	d.index[s] = c
	d.names = append(d.names, s)
	return c
}

// CodeBytes is Code for a byte slice; it allocates only when b is new.
func (d *Dict) CodeBytes(b []byte) int32 {
	if c, ok := d.index[string(b)]; ok { // no allocation: compiler optimises the lookup
		return c
	}
	return d.Code(string(b))
}

// Grow makes room for n more strings, so that adding them does not
// rebuild the index as it grows (a loader that expects many new strings
// calls it once).
func (d *Dict) Grow(n int) {
	if n <= 0 {
		return
	}
	index := make(map[string]int32, len(d.names)+n)
	for s, c := range d.index {
		index[s] = c
	}
	d.index = index
	d.names = append(make([]string, 0, len(d.names)+n), d.names...)
}

// Lookup returns the code of s and whether s is known, without adding it.
func (d *Dict) Lookup(s string) (int32, bool) {
	c, ok := d.index[s]
	return c, ok
}

// String returns the string of code c, or "" for NA.
func (d *Dict) String(c int32) string {
	if c < 0 {
		return ""
	}
	return d.names[c]
}

// Len returns the number of distinct strings.
func (d *Dict) Len() int { return len(d.names) }
