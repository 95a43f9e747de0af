package funnel

import (
	"hash/maphash"
	"unsafe"
)

// Dict interns strings: each distinct string gets a small integer code, in
// order of first appearance. Tables of one Dataset share a Dict, so equal
// codes mean equal strings across tables (a lead_id in touches and in leads).
//
// It is an open-addressing hash table built for millions of ids: the
// strings' bytes live in large shared blocks (no allocation per string),
// and the table holds 8 bytes a slot (a hash tag and the code), so that a
// lookup touches one slot and one string, and an id costs about 16 + its
// length + 11 bytes (a Go map costs 60-90 bytes and one allocation per id).
// Codes depend only on the order of first appearance, never on the hash.
//
// The zero value is not usable; call NewDict. A Dict is not safe for
// concurrent use.
type Dict struct {
	seed  maphash.Seed
	slots []uint64 // 0 = empty, else tag<<32 | (code+1); tag = hash>>32
	mask  uint64
	names []string // by code; each points into a block
	block []byte   // the block being filled; full blocks are kept alive by names
}

// NA is the code of a missing text value.
const NA int32 = -1

// dictBlock is the size of a string block; longer strings get their own.
// A Dict's first block is dictFirstBlock, and each next one twice the one
// before, up to dictBlock: a file of many columns has a Dict for each
// attribute column, most holding a few short values, which a full block
// each made 256 KiB a column (100,000 columns: 25 GiB of heap for three
// rows).
const (
	dictBlock      = 256 << 10
	dictFirstBlock = 1 << 10
)

// NewDict returns an empty Dict.
func NewDict() *Dict {
	d := &Dict{seed: maphash.MakeSeed()}
	d.rehash(64)
	return d
}

// Code returns the code of s, adding a copy of s when it is new (s may be
// a view of a buffer that is reused: the Dict never keeps s itself).
func (d *Dict) Code(s string) int32 {
	h := maphash.String(d.seed, s)
	if c, i := d.find(h, s); c >= 0 {
		return c
	} else {
		return d.add(h, i, s)
	}
}

// find returns the code of s (hash h), or -1 and the empty slot where it
// would go.
func (d *Dict) find(h uint64, s string) (int32, uint64) {
	tag := h >> 32
	for i := h & d.mask; ; i = (i + 1) & d.mask {
		e := d.slots[i]
		if e == 0 {
			return -1, i
		}
		if e>>32 == tag {
			c := int32(uint32(e) - 1)
			if d.names[c] == s {
				return c, i
			}
		}
	}
}

// add stores a copy of s under the next code in empty slot i.
func (d *Dict) add(h, i uint64, s string) int32 {
	c := int32(len(d.names))
	d.names = append(d.names, d.store(s))
	d.slots[i] = (h>>32)<<32 | uint64(uint32(c)+1)
	if uint64(len(d.names))*10 > (d.mask+1)*7 { // load above 0.7
		d.rehash(2 * (d.mask + 1))
	}
	return c
}

// store copies s into the current block and returns the copy.
func (d *Dict) store(s string) string {
	n := len(s)
	if n == 0 {
		return ""
	}
	if n > dictBlock/4 {
		b := make([]byte, n)
		copy(b, s)
		return unsafe.String(&b[0], n)
	}
	if cap(d.block)-len(d.block) < n {
		size := min(max(2*cap(d.block), dictFirstBlock), dictBlock)
		for size < n {
			size *= 2 // n is at most dictBlock/4
		}
		d.block = make([]byte, 0, size)
	}
	start := len(d.block)
	d.block = append(d.block, s...)
	return unsafe.String(&d.block[start], n)
}

// rehash rebuilds the slots with size entries (a power of two).
func (d *Dict) rehash(size uint64) {
	d.slots = make([]uint64, size)
	d.mask = size - 1
	for c, s := range d.names {
		h := maphash.String(d.seed, s)
		i := h & d.mask
		for d.slots[i] != 0 {
			i = (i + 1) & d.mask
		}
		d.slots[i] = (h>>32)<<32 | uint64(uint32(c)+1)
	}
}

// Grow makes room for n more strings, so that adding them does not
// rebuild the table as it grows (a loader that expects many new strings
// calls it once).
func (d *Dict) Grow(n int) {
	if n <= 0 {
		return
	}
	want := uint64(len(d.names)+n) * 10 / 7
	size := d.mask + 1
	for size <= want {
		size *= 2
	}
	if size != d.mask+1 {
		d.rehash(size)
	}
	if cap(d.names)-len(d.names) < n {
		d.names = append(make([]string, 0, len(d.names)+n), d.names...)
	}
}

// Lookup returns the code of s and whether s is known, without adding it.
func (d *Dict) Lookup(s string) (int32, bool) {
	c, _ := d.find(maphash.String(d.seed, s), s)
	return c, c >= 0
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
