// Command csvread is the speed baseline of bench/: it reads CSV files with
// Go's encoding/csv and nothing else (no parsing, no storing), the floor
// that `funnel fit` is measured against (issue: end-to-end in at most 1.5x
// of this).
//
//	go run ./bench/csvread leads.csv activities.csv
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
)

func main() {
	total := 0
	for _, path := range os.Args[1:] {
		n, err := count(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "csvread:", err)
			os.Exit(1)
		}
		total += n
	}
	fmt.Println(total)
}

func count(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	r.FieldsPerRecord = -1
	n := 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("%s: %w", path, err)
		}
		n++
	}
}
