package main

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

// madvPopulateWrite is MADV_POPULATE_WRITE (Linux 5.14): back a range of
// memory, writable, in one call.
const madvPopulateWrite = 23

// populate backs b's pages in one call; false when the kernel cannot.
func populate(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)), madvPopulateWrite)
	return errno == 0
}

// memoryLimit returns the memory of the machine or, when less, the limit
// of the process's cgroup (v2), in bytes; 0 when unknown.
func memoryLimit() int64 {
	var info syscall.Sysinfo_t
	var limit int64
	if syscall.Sysinfo(&info) == nil {
		limit = int64(info.Totalram) * int64(info.Unit)
	}
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if m, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && m > 0 && (limit == 0 || m < limit) {
			limit = m
		}
	}
	return limit
}
