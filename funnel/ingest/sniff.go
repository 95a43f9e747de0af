package ingest

// sniffSize is how many bytes of a file are examined to detect its
// encoding and delimiter.
const sniffSize = 64 << 10

// sniffRecords is how many records of the sample the delimiter sniffer
// compares.
const sniffRecords = 200

// delimiterCandidates are the delimiters sniffed, in the order that breaks
// ties.
var delimiterCandidates = []byte{',', '\t', ';', '|'}

// sniffDelimiter picks the delimiter of delimited text from a sample of its
// first bytes (atEOF when the sample is the whole text).
//
// For each candidate it counts the fields of up to sniffRecords records,
// outside quotes. A candidate qualifies when it splits the header into at
// least two fields; the winner is the one under which the most records
// have the header's field count (the fraction of consistent records), then
// the one giving more fields, then the first of , tab ; | (tab first when
// preferTab: Excel's "Unicode text" is tab-delimited UTF-16). A sample no
// candidate splits is one column; it gets the preferred delimiter.
func sniffDelimiter(sample []byte, atEOF, preferTab bool) byte {
	order := delimiterCandidates
	if preferTab {
		order = []byte{'\t', ',', ';', '|'}
	}
	best, bestFields := order[0], 0
	bestConsistency := -1.0
	for _, d := range order {
		counts := fieldCounts(sample, d, atEOF, sniffRecords)
		if len(counts) == 0 || counts[0] < 2 {
			continue
		}
		consistency := 1.0
		if rows := counts[1:]; len(rows) > 0 {
			same := 0
			for _, n := range rows {
				if n == counts[0] {
					same++
				}
			}
			consistency = float64(same) / float64(len(rows))
		}
		if consistency > bestConsistency || (consistency == bestConsistency && counts[0] > bestFields) {
			best, bestFields, bestConsistency = d, counts[0], consistency
		}
	}
	return best
}

// fieldCounts returns the number of fields of each of the first max
// non-empty records of sample split at delim, honouring double quotes the
// way the reader does (a quote opens a quoted field only at its start; ""
// inside is a literal quote). A record cut off by the end of the sample is
// left out unless atEOF.
func fieldCounts(sample []byte, delim byte, atEOF bool, max int) []int {
	var counts []int
	fields, inQuote, fieldStart, empty := 1, false, true, true
	for i := 0; i < len(sample) && len(counts) < max; i++ {
		c := sample[i]
		if inQuote {
			if c == '"' {
				if i+1 < len(sample) && sample[i+1] == '"' {
					i++
				} else {
					inQuote = false
				}
			}
			continue
		}
		switch {
		case c == '\n':
			if !empty {
				counts = append(counts, fields)
			}
			fields, fieldStart, empty = 1, true, true
		case c == delim:
			fields++
			fieldStart, empty = true, false
		case c == '"' && fieldStart:
			inQuote, fieldStart, empty = true, false, false
		case c == '\r':
		default:
			fieldStart, empty = false, false
		}
	}
	if atEOF && !empty && !inQuote && len(counts) < max {
		counts = append(counts, fields)
	}
	return counts
}
