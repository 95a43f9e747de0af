package render

import "testing"

func TestGuardFormula(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{payloadHyperlink, `'=HYPERLINK("http://x","click")`},
		{payloadPlus, "'+1+1"},
		{payloadMinus, "'-2+3"},
		{payloadAt, "'@SUM(A1)"},
		{payloadTab, "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-", "'-"},
		{"", ""},
		{"email", "email"},
		{" =1", " =1"}, // only the first character counts
		{"a=b", "a=b"},
		{"'quoted", "'quoted"},
		{"\n=1", "\n=1"}, // not in the OWASP list
	}
	for _, tc := range tests {
		if got := GuardFormula(tc.in); got != tc.want {
			t.Errorf("GuardFormula(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
