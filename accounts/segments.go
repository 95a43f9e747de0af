package accounts

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-gota/gota/dataframe"

	"github.com/funnel-analytics/funnel/funnel"
)

// TablePatternsBySegment is the table of the patterns per segment
// (Options.PatternBy).
const TablePatternsBySegment = "patterns_by_segment"

// SegmentPatterns are the patterns of the accounts of one segment: the
// accounts whose values of the Options.PatternBy columns are Segment.
type SegmentPatterns struct {
	Segment  []string // a value per PatternBy column, "" when missing
	Accounts int
	Patterns []Pattern
}

// segmentPatterns counts the patterns of each segment of the accounts by
// the columns cfg.PatternBy (of the accounts table, else of the leads: an
// account's first lead with a value), in order of the segments' values.
func (s *accountSet) segmentPatterns(cfg Options, moments []int64, slot []int32, names []string) ([]SegmentPatterns, error) {
	n := len(moments)
	labels := make([][]string, n)
	for _, name := range cfg.PatternBy {
		c, err := s.lookalikeColumn(name, n)
		if err != nil {
			return nil, err
		}
		if c == nil {
			return nil, fmt.Errorf("accounts: --by: no column %q in the accounts or the leads (%s)", name, s.segmentHeaders())
		}
		for k := range labels {
			labels[k] = append(labels[k], c.label(k))
		}
	}
	groups := map[string][]int{}
	for k, l := range labels {
		key := strings.Join(l, "\x00")
		groups[key] = append(groups[key], k)
	}
	keys := make([]string, 0, len(groups))
	for key := range groups {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	pc := newPairCounts(len(names))
	out := make([]SegmentPatterns, 0, len(keys))
	for _, key := range keys {
		ks := groups[key]
		s.countPairs(pc, ks, moments, slot, cfg.Gap)
		out = append(out, SegmentPatterns{Segment: labels[ks[0]], Accounts: len(ks), Patterns: pc.patterns(names, cfg.MinPatternAccounts)})
	}
	return out, nil
}

// segmentHeaders lists the headers of the accounts and the leads, for the
// message of a column none has.
func (s *accountSet) segmentHeaders() string {
	var parts []string
	for _, t := range []*funnel.Table{s.ds.Accounts, s.ds.Leads} {
		if t != nil {
			parts = append(parts, t.Source+": "+t.Headers())
		}
	}
	if parts == nil {
		return "no accounts or leads"
	}
	return strings.Join(parts, "; ")
}

// label is account k's value of the column as text ("" missing).
func (c *lookalikeColumn) label(k int) string {
	if c.numeric {
		if math.IsNaN(c.nums[k]) {
			return ""
		}
		return strconv.FormatFloat(c.nums[k], 'f', -1, 64)
	}
	return c.text[k]
}

// segmentPatternsFrame is the patterns_by_segment table: the PatternBy
// columns, segment_accounts, then the patterns table's columns, a row per
// pattern of each segment.
func segmentPatternsFrame(by []string, segs []SegmentPatterns) dataframe.DataFrame {
	var rows []Pattern
	cols := make([][]string, len(by))
	var accounts []int
	for _, sg := range segs {
		for _, p := range sg.Patterns {
			rows = append(rows, p)
			for j := range by {
				cols[j] = append(cols[j], sg.Segment[j])
			}
			accounts = append(accounts, sg.Accounts)
		}
	}
	var f funnel.FrameBuilder
	for j, name := range by {
		f.Strings(name, cols[j])
	}
	f.Ints("segment_accounts", accounts)
	return funnel.InsertColumns(funnel.FrameOf(rows), 0, f.Frame())
}
