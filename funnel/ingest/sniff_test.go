package ingest

import (
	"reflect"
	"strings"
	"testing"
)

func TestSniffDelimiter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		sample    string
		atEOF     bool
		preferTab bool
		want      byte
	}{
		{"comma", "a,b,c\n1,2,3\n", true, false, ','},
		{"semicolon with decimal commas", "id;amount;rate\n1;2,5;0,1\n2;3,75;0,2\n", true, false, ';'},
		{"semicolon, commas in text", "id;name\n1;Smith, J\n2;Doe, A\n", true, false, ';'},
		{"tab, commas and semicolons in text", "id\tnotes\n1\ta, b; c\n2\td, e; f\n", true, false, '\t'},
		{"pipe", "id|name|x\n1|a,b|c\n", true, false, '|'},
		{"comma, delimiters inside quotes", "id,notes\n1,\"a;b;c;d|e\"\n2,\"x\ty\"\n", true, false, ','},
		{"quoted field over lines", "id,notes\n1,\"a;b\nc;d;e\"\n2,x\n", true, false, ','},
		// Both split the header in two, but only ; agrees with every row.
		{"consistency decides", "a,b;c\n1;2\n3;4\n5,6;7\n", true, false, ';'},
		// Equally consistent: the one giving more fields.
		{"more fields win a tie", "a,b,c;d\n1,2,3;4\n", true, false, ','},
		{"one column", "email\na@b.c\n", true, false, ','},
		{"one column, UTF-16", "email\na@b.c\n", true, true, '\t'},
		{"tie goes to tab for UTF-16", "a\tb,c\n1\t2,3\n", true, true, '\t'},
		{"tie goes to comma otherwise", "a\tb,c\n1\t2,3\n", true, false, ','},
		// The cut-off last record (no newline, not at EOF) is left out.
		{"cut-off record ignored", "a;b\n1;2\n3;4;5;6;7,8,9", false, false, ';'},
		{"CRLF", "a;b\r\n1;2\r\n", true, false, ';'},
		{"empty", "", true, false, ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sniffDelimiter([]byte(tt.sample), tt.atEOF, tt.preferTab); got != tt.want {
				t.Errorf("sniffDelimiter = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFieldCounts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sample string
		delim  byte
		atEOF  bool
		max    int
		want   []int
	}{
		{"a,b\n1,2,3\n\n4\n", ',', true, 10, []int{2, 3, 1}},
		{`a,"b,""c"",d",e` + "\n", ',', true, 10, []int{3}},
		{"a,\"b\nc,d\",e\nf", ',', true, 10, []int{3, 1}},
		{"a,\"b\nc,d\",e\nf", ',', false, 10, []int{3}},
		{"a,b\n1,2\n3,4\n", ',', true, 2, []int{2, 2}},
		{"a,x\"y,z\n", ',', true, 10, []int{3}}, // a quote inside a field is a character
		{"a,\"open\n", ',', true, 10, nil},      // never closed
	}
	for _, tt := range tests {
		if got := fieldCounts([]byte(tt.sample), tt.delim, tt.atEOF, tt.max); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("fieldCounts(%q) = %v, want %v", tt.sample, got, tt.want)
		}
	}
}

// TestSniffLimit checks that sniffing looks at no more than sniffRecords
// records: a file whose first 200 rows are semicolon-separated is read
// with ';' whatever follows.
func TestSniffLimit(t *testing.T) {
	t.Parallel()
	sample := "a;b\n" + strings.Repeat("1;2\n", sniffRecords-1) + strings.Repeat("1,2,3\n", 500)
	if got := sniffDelimiter([]byte(sample), true, false); got != ';' {
		t.Errorf("sniffDelimiter = %q, want ';'", got)
	}
}
