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
// outside quotes, and takes the records it splits into two or more fields:
// their most frequent field count (the larger on a tie) is the table's
// width under that candidate, and the share of all records with that
// count its consistency. Lines above a table (a report title, "Report
// Start: ...", "#" comments) are a field each under every candidate, so
// they lower every candidate's share alike. The winner is the most
// consistent, then the one giving more fields, then the first of , tab ; |
// (tab first when preferTab: Excel's "Unicode text" is tab-delimited
// UTF-16). A sample no candidate splits is one column; it gets the
// preferred delimiter.
func sniffDelimiter(sample []byte, atEOF, preferTab bool) byte {
	order := delimiterCandidates
	if preferTab {
		order = []byte{'\t', ',', ';', '|'}
	}
	best, bestFields := order[0], 0
	bestConsistency := -1.0
	for _, d := range order {
		counts := fieldCounts(sample, d, atEOF, sniffRecords)
		freq := map[int]int{}
		for _, n := range counts {
			if n >= 2 {
				freq[n]++
			}
		}
		width, same := 0, 0
		for n, k := range freq {
			if k > same || (k == same && n > width) {
				width, same = n, k
			}
		}
		if width == 0 {
			continue
		}
		consistency := float64(same) / float64(len(counts))
		if consistency > bestConsistency || (consistency == bestConsistency && width > bestFields) {
			best, bestFields, bestConsistency = d, width, consistency
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
