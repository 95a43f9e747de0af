package ingest

import (
	"fmt"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestTextCache checks that the cache gives the Dict's codes whatever
// state it is in: on (few distinct values), off (ids), and off with the
// next-code guess right (ids in the order they were added) or wrong.
func TestTextCache(t *testing.T) {
	t.Parallel()
	d := funnel.NewDict()
	for i := 0; i < 100; i++ {
		d.Code(fmt.Sprintf("L%03d", i)) // codes 0-99, as a leads file gives them
	}
	var types, ids textCache
	for i := 0; i < 3*textCacheWindow; i++ {
		ty := []string{"web", "email", "demo"}[i%3]
		// A view of a buffer that is overwritten afterwards, as the
		// reader's: the cache must keep its own copy.
		buf := []byte(ty)
		got := types.code(d, string(buf))
		copy(buf, "XXXX")
		if want, _ := d.Lookup(ty); got != want {
			t.Fatalf("%q = %d, want %d", ty, got, want)
		}
		// ids: new ones (which turn the cache off after a window), then
		// known ones in code order (the guess right), then out of order
		id := fmt.Sprintf("N%05d", i)
		if i >= textCacheWindow {
			id = fmt.Sprintf("L%03d", i%100)
		}
		if i >= 2*textCacheWindow {
			id = fmt.Sprintf("L%03d", (i*37)%100)
		}
		if got, want := ids.code(d, id), d.Code(id); got != want {
			t.Fatalf("id %q = %d, want %d", id, got, want)
		}
		if i == textCacheWindow-1 && !ids.off {
			t.Fatalf("ids: cache on after %d new ids", textCacheWindow)
		}
	}
	if types.off || len(types.codes) != 3 {
		t.Errorf("types: off %v with %d values, want on with 3", types.off, len(types.codes))
	}
	if d.Len() != 100+3+textCacheWindow { // ids, types, new ids
		t.Errorf("dict holds %d strings, want %d", d.Len(), 100+3+textCacheWindow)
	}
}
