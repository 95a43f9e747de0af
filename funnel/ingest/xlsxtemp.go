package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// excelize unzips a large sheet or shared strings part to temporary files
// ("excelize-*"), which its Close removes; a killed run left them in the
// system's temporary folder for good (222 MB, 888 MB). Each workbook read
// gets a folder of its own for them, named for the process
// ("funnel-xlsx-PID-*"), removed when the reader closes or fails to open;
// RemoveTempFiles removes those of the running process (for a signal
// handler), and the first workbook a process opens removes the folders
// of processes that no longer run (a kill -9).

const xlsxTempPrefix = "funnel-xlsx-"

var xlsxTemp struct {
	sync.Mutex
	dirs  map[string]bool
	swept sync.Once
}

// newXLSXTempDir makes the folder of one workbook's temporary files.
func newXLSXTempDir() (string, error) {
	xlsxTemp.swept.Do(sweepXLSXTempDirs)
	dir, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", xlsxTempPrefix, os.Getpid()))
	if err != nil {
		return "", err
	}
	xlsxTemp.Lock()
	if xlsxTemp.dirs == nil {
		xlsxTemp.dirs = map[string]bool{}
	}
	xlsxTemp.dirs[dir] = true
	xlsxTemp.Unlock()
	return dir, nil
}

// removeXLSXTempDir removes the folder of one workbook's temporary files.
func removeXLSXTempDir(dir string) {
	if dir == "" {
		return
	}
	os.RemoveAll(dir)
	xlsxTemp.Lock()
	delete(xlsxTemp.dirs, dir)
	xlsxTemp.Unlock()
}

// RemoveTempFiles removes the temporary files of every workbook the
// process is reading: for a handler of SIGINT and SIGTERM, before it
// exits. Readers still open fail from then on.
func RemoveTempFiles() {
	xlsxTemp.Lock()
	dirs := xlsxTemp.dirs
	xlsxTemp.dirs = nil
	xlsxTemp.Unlock()
	for dir := range dirs {
		os.RemoveAll(dir)
	}
}

// sweepXLSXTempDirs removes the temporary folders of workbooks left by
// processes that no longer run.
func sweepXLSXTempDirs() {
	matches, _ := filepath.Glob(filepath.Join(os.TempDir(), xlsxTempPrefix+"*-*"))
	for _, dir := range matches {
		pidText, _, ok := strings.Cut(strings.TrimPrefix(filepath.Base(dir), xlsxTempPrefix), "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() || processRuns(pid) {
			continue
		}
		os.RemoveAll(dir)
	}
}
