package render

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// rawCell writes row i of c for programs: full-precision numbers, ""
// for NA, guarded strings.
func rawCell(c *column, i int) string {
	if c.na[i] {
		return ""
	}
	switch c.kind {
	case kindString:
		if c.guarded {
			return c.strs[i]
		}
		return GuardFormula(c.strs[i])
	case kindInt:
		return strconv.Itoa(c.ints[i])
	case kindFloat:
		return fullFloat(c.floats[i])
	case kindBool:
		return strconv.FormatBool(c.bools[i])
	}
	return ""
}

// tsvField makes s safe for a TSV field: tabs, carriage returns and
// newlines become spaces.
var tsvField = strings.NewReplacer("\r\n", " ", "\t", " ", "\r", " ", "\n", " ")

// writeDelimited writes one table as CSV (RFC 4180 quoting, "\n" line
// ends) or TSV (no quoting; see tsvField): a header row, then the rows.
func writeDelimited(w io.Writer, fr frame, tsv bool) error {
	record := make([]string, len(fr.cols))
	bw := bufio.NewWriter(w)
	if !tsv {
		cw := csv.NewWriter(bw)
		for j := range fr.cols {
			record[j] = GuardFormula(fr.cols[j].name)
		}
		if err := cw.Write(record); err != nil {
			return err
		}
		for i := range fr.rows {
			for j := range fr.cols {
				record[j] = rawCell(&fr.cols[j], i)
			}
			if len(record) == 1 && record[0] == "" {
				// encoding/csv would write an empty line, which readers
				// skip: quote the empty field so the row survives.
				cw.Flush()
				bw.WriteString("\"\"\n")
				continue
			}
			if err := cw.Write(record); err != nil {
				return err
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		return bw.Flush()
	}
	writeLine := func() {
		for j, s := range record {
			if j > 0 {
				bw.WriteByte('\t')
			}
			bw.WriteString(tsvField.Replace(s))
		}
		bw.WriteByte('\n')
	}
	for j := range fr.cols {
		record[j] = GuardFormula(fr.cols[j].name)
	}
	writeLine()
	for i := range fr.rows {
		for j := range fr.cols {
			record[j] = rawCell(&fr.cols[j], i)
		}
		writeLine()
	}
	return bw.Flush()
}
