package main

import (
	"syscall"
	"testing"
	"unsafe"
)

// resident counts the pages of b the kernel backs (mincore).
func resident(t *testing.T, b []byte) int {
	page := syscall.Getpagesize()
	vec := make([]byte, (len(b)+page-1)/page)
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatalf("mincore: %v", errno)
	}
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n
}

func TestPopulate(t *testing.T) {
	const size = 8 << 20
	b, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(b)
	if n := resident(t, b); n != 0 {
		t.Fatalf("fresh mapping: %d pages resident, want 0", n)
	}
	if !populate(b) {
		t.Skip("the kernel has no MADV_POPULATE_WRITE")
	}
	if n, want := resident(t, b), size/syscall.Getpagesize(); n != want {
		t.Errorf("after populate: %d pages resident, want %d", n, want)
	}
	if populate(nil) {
		t.Error("populate(nil) = true")
	}
}
