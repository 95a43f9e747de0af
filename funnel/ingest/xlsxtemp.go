package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/funnel-analytics/funnel/funnel/outfile"
)

// excelize unzips a large sheet or shared strings part to temporary files
// ("excelize-*"), which its Close removes; a killed run left them in the
// system's temporary folder for good (222 MB, 888 MB). Each workbook read
// gets a folder of its own for them, named for the process
// ("funnel-xlsx-PID-*"), removed when the reader closes or fails to open;
// outfile.RemoveTempFiles removes those of the running process (for a
// signal handler), and the first workbook a process opens removes the folders
// of processes that no longer run (a kill -9).

const xlsxTempPrefix = "funnel-xlsx-"

var xlsxSwept sync.Once

// newXLSXTempDir makes the folder of one workbook's temporary files,
// tracked by outfile, whose RemoveTempFiles a signal handler calls.
func newXLSXTempDir() (string, error) {
	xlsxSwept.Do(sweepXLSXTempDirs)
	dir, _, err := outfile.MkdirTemp(fmt.Sprintf("%s%d-", xlsxTempPrefix, os.Getpid()))
	return dir, err
}

// removeXLSXTempDir removes the folder of one workbook's temporary files.
func removeXLSXTempDir(dir string) {
	if dir != "" {
		outfile.RemoveTemp(dir)
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
