package content

import (
	"fmt"
	"sort"

	"github.com/funnel-analytics/funnel/funnel"
)

// DefaultSegmentBy is the leads column whose values are the segments of
// the gaps table.
const DefaultSegmentBy = "industry"

// Labels of the lifecycle stage of a touch without one.
const (
	AllStages   = "(all)"           // no stage history was given
	BeforeStage = "(before stages)" // the touch precedes its lead's first stage entry
)

// Options are the settings of Analyze.
type Options struct {
	// SegmentBy is the leads column of the segments (role or header;
	// "" means DefaultSegmentBy when the leads have it).
	SegmentBy string
}

// Result is the content stage analysis of a dataset.
type Result struct {
	Tags *Tags
	// Ladder is the lifecycle stages in order (see the package
	// documentation), nil without a stage history.
	Ladder     []string
	Mix        []MixRow
	Conversion []ConversionRow
	Gaps       []GapRow
	SegmentBy  string // the leads column of the segments, "" without one
	Warnings   []string
}

// MixRow is a row of the mix table.
type MixRow struct {
	Lifecycle string  `table:"lifecycle_stage"`
	Content   string  `table:"content_stage"`
	Touches   int     `table:"touches"`
	Leads     int     `table:"leads"`
	Share     float64 `table:"share"`
}

// ConversionRow is a row of the conversion table.
type ConversionRow struct {
	Lifecycle string  `table:"lifecycle_stage"`
	Content   string  `table:"content_stage"`
	Leads     int     `table:"leads"`
	Advanced  int     `table:"advanced"`
	Rate      float64 `table:"rate"`
}

// GapRow is a row of the gaps table: a lifecycle stage or segment whose
// leads consumed no MoFu or no BoFu content.
type GapRow struct {
	Dimension string `table:"dimension"`
	Group     string `table:"group"`
	ToFu      int    `table:"tofu"`
	MoFu      int    `table:"mofu"`
	BoFu      int    `table:"bofu"`
	Missing   string `table:"missing"`
}

// Analyze stages the touches (Tag, with ds.Content when given) and
// measures what leads consume: the mix per lifecycle stage, the next-stage
// conversion after each content stage (both need ds.Stages), the gaps by
// lifecycle stage and by segment (ds.Leads), and the inventory items never
// used. The package documentation defines each.
func Analyze(ds *funnel.Dataset, opts Options) (*Result, error) {
	if ds.Touches == nil {
		return nil, fmt.Errorf("content: needs touches")
	}
	if opts.SegmentBy != "" {
		if ds.Leads == nil {
			return nil, fmt.Errorf("content: segments by %q need the leads", opts.SegmentBy)
		}
		if ds.Leads.Named(opts.SegmentBy) == nil {
			return nil, fmt.Errorf("%s: no column %q to segment by (columns: %s)", ds.Leads.Source, opts.SegmentBy, ds.Leads.Headers())
		}
	}
	tg, err := Tag(ds.Touches, ds.Content)
	if err != nil {
		return nil, err
	}
	res := &Result{Tags: tg, Warnings: tg.Warnings()}
	entity := ds.Touches.Role(funnel.RoleLeadID)
	if entity == nil {
		entity = ds.Touches.Role(funnel.RoleAccountID)
	}
	at := ds.Touches.TimeRole(funnel.RoleOccurredAt)
	if entity == nil || entity.Kind != funnel.KindText || at == nil {
		return nil, fmt.Errorf("content: %s has no lead_id (or account_id) and occurred_at", ds.Touches.Source)
	}
	var hist *history
	if ds.Stages != nil {
		if hist, err = newHistory(ds.Stages); err != nil {
			return nil, err
		}
		res.Ladder = hist.ladder
	}
	life := make([]int32, ds.Touches.Rows) // lifecycle stage index of each touch; -1 before, -2 all
	for i := range life {
		life[i] = -2
		if hist != nil {
			life[i] = hist.stageAt(entity.Codes[i], at.Times[i])
		}
	}
	res.Mix = mix(tg, entity, life, hist)
	if hist != nil {
		res.Conversion = conversion(tg, entity, at, life, hist)
	}
	res.gaps(ds, opts, tg, entity, life, hist)
	return res, nil
}

// label names lifecycle stage index l.
func (h *history) label(l int32) string {
	switch {
	case l == -2 || h == nil:
		return AllStages
	case l < 0:
		return BeforeStage
	}
	return h.ladder[l]
}

// mix counts the staged touches and their distinct leads per lifecycle
// stage and content stage; share = touches / staged touches of the
// lifecycle stage.
func mix(tg *Tags, entity *funnel.Column, life []int32, h *history) []MixRow {
	type key struct {
		life int32
		s    Stage
	}
	touches := map[key]int{}
	leads := map[key]map[int32]struct{}{}
	total := map[int32]int{}
	for i, s := range tg.Stage {
		if s == None {
			continue
		}
		k := key{life[i], s}
		touches[k]++
		total[life[i]]++
		if entity.Codes[i] != funnel.NA {
			if leads[k] == nil {
				leads[k] = map[int32]struct{}{}
			}
			leads[k][entity.Codes[i]] = struct{}{}
		}
	}
	var rows []MixRow
	for _, l := range lifeOrder(total) {
		for _, s := range Stages {
			k := key{l, s}
			rows = append(rows, MixRow{Lifecycle: h.label(l), Content: s.String(), Touches: touches[k], Leads: len(leads[k]),
				Share: float64(touches[k]) / float64(total[l])})
		}
	}
	return rows
}

// lifeOrder returns the lifecycle stage indexes present in counts: before
// stages first, then the ladder's order.
func lifeOrder(counts map[int32]int) []int32 {
	var out []int32
	for l := range counts {
		out = append(out, l)
	}
	sort.Slice(out, func(a, b int) bool { return out[a] < out[b] })
	return out
}

// conversion counts, per lifecycle stage and content stage, the leads who
// consumed content of that stage while at the lifecycle stage, and those
// of them who entered a later rung of the ladder after the first such
// touch (advanced); rate = advanced / leads.
func conversion(tg *Tags, entity *funnel.Column, at *funnel.Column, life []int32, h *history) []ConversionRow {
	type key struct {
		life   int32
		s      Stage
		entity int32
	}
	first := map[key]int64{}
	for i, s := range tg.Stage {
		if s == None || life[i] < 0 || entity.Codes[i] == funnel.NA {
			continue
		}
		k := key{life[i], s, entity.Codes[i]}
		if t, ok := first[k]; !ok || at.Times[i] < t {
			first[k] = at.Times[i]
		}
	}
	leads := make([][4]int, len(h.ladder))
	advanced := make([][4]int, len(h.ladder))
	for k, t := range first {
		leads[k.life][k.s]++
		if h.advancedAfter(k.entity, t, k.life) {
			advanced[k.life][k.s]++
		}
	}
	var rows []ConversionRow
	for l := range h.ladder {
		for _, s := range Stages {
			if leads[l][s] == 0 {
				continue
			}
			rows = append(rows, ConversionRow{Lifecycle: h.ladder[l], Content: s.String(), Leads: leads[l][s],
				Advanced: advanced[l][s], Rate: float64(advanced[l][s]) / float64(leads[l][s])})
		}
	}
	return rows
}

// gaps lists the lifecycle stages (with a stage history) and the segments
// (with leads holding the segment column) whose staged touches hold no
// MoFu or no BoFu touch.
func (res *Result) gaps(ds *funnel.Dataset, opts Options, tg *Tags, entity *funnel.Column, life []int32, h *history) {
	if h != nil {
		counts := map[string]*[4]int{}
		var order []string
		for l := -1; l < len(h.ladder); l++ {
			order = append(order, h.label(int32(l)))
		}
		for i, s := range tg.Stage {
			if life[i] == -2 {
				continue
			}
			name := h.label(life[i])
			if counts[name] == nil {
				counts[name] = &[4]int{}
			}
			counts[name][s]++
		}
		res.addGaps("lifecycle_stage", order, counts)
	}
	seg := segmentColumn(ds.Leads, opts.SegmentBy)
	lead := ds.Leads.Role(funnel.RoleLeadID)
	if seg == nil || lead == nil || ds.Touches.Role(funnel.RoleLeadID) != entity {
		return
	}
	res.SegmentBy = seg.Name
	segOf := map[int32]string{}
	for i := 0; i < ds.Leads.Rows; i++ {
		if lead.Codes[i] != funnel.NA && !seg.IsNA(i) {
			segOf[lead.Codes[i]] = ds.Leads.Text(seg, i)
		}
	}
	counts := map[string]*[4]int{}
	var order []string
	for i, s := range tg.Stage {
		name, ok := segOf[entity.Codes[i]]
		if !ok {
			continue
		}
		if counts[name] == nil {
			counts[name] = &[4]int{}
			order = append(order, name)
		}
		counts[name][s]++
	}
	sort.Strings(order)
	res.addGaps(seg.Name, order, counts)
}

func (res *Result) addGaps(dimension string, order []string, counts map[string]*[4]int) {
	for _, name := range order {
		c := counts[name]
		if c == nil {
			continue
		}
		missing := ""
		switch {
		case c[MoFu] == 0 && c[BoFu] == 0:
			missing = "mofu, bofu"
		case c[MoFu] == 0:
			missing = "mofu"
		case c[BoFu] == 0:
			missing = "bofu"
		default:
			continue
		}
		res.Gaps = append(res.Gaps, GapRow{Dimension: dimension, Group: name, ToFu: c[ToFu], MoFu: c[MoFu], BoFu: c[BoFu], Missing: missing})
	}
}

// segmentColumn returns the leads column of the segments: by, else
// DefaultSegmentBy when the leads have it; nil without leads.
func segmentColumn(leads *funnel.Table, by string) *funnel.Column {
	if leads == nil {
		return nil
	}
	if by == "" {
		by = DefaultSegmentBy
	}
	return leads.Named(by)
}
