package content

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// ColumnName is the derived touches column of content stages
// (AddStageColumn), which attribute's --by names.
const ColumnName = "content_stage"

// Item is one row of a content inventory.
type Item struct {
	Key     string // the item, else the URL, else the campaign, as written
	KeyRole string // item, url or campaign
	Stage   Stage
	Format  string
	Segment string
	Line    string // file:line of its row
	Touches int    // touches it staged
}

// Tags holds the content stage of every touch.
type Tags struct {
	Stage []Stage // per touches row
	Item  []int32 // per touches row: index into Items, -1 when staged by activity type or not at all
	Items []Item  // the inventory, in file order (nil without one)
	// Touches staged by an inventory item, by the activity type
	// (DefaultRule), and not at all.
	ByInventory, ByActivity, Unstaged int
	Joined                            []string // the touches columns the inventory joined on
}

// inventory maps normalized keys of each join column to item indexes.
type inventory struct {
	items               []Item
	item, url, campaign map[string]int32
}

// readInventory reads the content table: a row per item, its key the
// item, URL or campaign (at least one), its stage a tag ParseStage reads.
// A missing key or stage, an unknown stage tag, or one key tagged with
// two stages is an error naming file, line and column.
func readInventory(t *funnel.Table) (*inventory, error) {
	stage := t.Role(funnel.RoleStage)
	if stage == nil {
		return nil, fmt.Errorf("%s: no stage column (Stage, Funnel Stage: tofu, mofu or bofu)", t.Source)
	}
	inv := &inventory{item: map[string]int32{}, url: map[string]int32{}, campaign: map[string]int32{}}
	keys := []struct {
		role string
		to   map[string]int32
		norm func(string) string
	}{{funnel.RoleItem, inv.item, normText}, {funnel.RoleURL, inv.url, normURL}, {funnel.RoleCampaign, inv.campaign, normText}}
	format, segment := t.Role(funnel.RoleFormat), t.Role(funnel.RoleSegment)
	for i := 0; i < t.Rows; i++ {
		tag := t.Text(stage, i)
		s, ok := ParseStage(tag)
		if tag == "" {
			return nil, fmt.Errorf("%s: column %q: missing stage (want tofu, mofu or bofu)", t.Where(i), stage.Name)
		}
		if !ok {
			return nil, fmt.Errorf("%s: column %q: unknown stage %q (want tofu, mofu or bofu)", t.Where(i), stage.Name, tag)
		}
		it := Item{Stage: s, Line: t.Where(i)}
		if format != nil {
			it.Format = t.Text(format, i)
		}
		if segment != nil {
			it.Segment = t.Text(segment, i)
		}
		idx := int32(len(inv.items))
		for _, k := range keys {
			c := t.Role(k.role)
			if c == nil || c.IsNA(i) {
				continue
			}
			v := t.Text(c, i)
			if it.Key == "" {
				it.Key, it.KeyRole = v, k.role
			}
			n := k.norm(v)
			if old, seen := k.to[n]; seen && inv.items[old].Stage != s {
				return nil, fmt.Errorf("%s: column %q: %q is tagged %s here and %s at %s", t.Where(i), c.Name, v, s, inv.items[old].Stage, inv.items[old].Line)
			} else if !seen {
				k.to[n] = idx
			}
		}
		if it.Key == "" {
			return nil, fmt.Errorf("%s: column %q: no item, url or campaign: the row names no content", t.Where(i), firstKey(t).Name)
		}
		inv.items = append(inv.items, it)
	}
	return inv, nil
}

// firstKey returns the first join column the inventory has (item, url,
// campaign), for errors; binding guarantees one.
func firstKey(t *funnel.Table) *funnel.Column {
	for _, r := range []string{funnel.RoleItem, funnel.RoleURL, funnel.RoleCampaign} {
		if c := t.Role(r); c != nil {
			return c
		}
	}
	return &funnel.Column{Name: funnel.RoleItem}
}

// normText folds a key for matching: trimmed, lower case.
func normText(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// normURL folds a URL to its path (no scheme, host, query, fragment or
// trailing slash), lower case: https://example.com/Pricing/?x=1 and
// /pricing are one page.
func normURL(s string) string {
	s = strings.TrimSpace(s)
	if u, err := url.Parse(s); err == nil {
		if u.Host == "" && u.Scheme == "" && !strings.HasPrefix(s, "/") && strings.Contains(s, ".") {
			u, err = url.Parse("//" + s) // example.com/pricing
			if err != nil {
				return normText(s)
			}
		}
		s = u.Path
	}
	s = strings.TrimRight(s, "/")
	if s == "" {
		s = "/"
	}
	return strings.ToLower(s)
}

// Tag stages every touch: by the inventory item its item column, else its
// URL column, else its campaign names (the most specific first), else by
// its activity type (ByActivity). A nil content table stages every touch
// by activity type.
func Tag(touches, contentTable *funnel.Table) (*Tags, error) {
	if touches == nil {
		return nil, fmt.Errorf("content: no touches")
	}
	tg := &Tags{Stage: make([]Stage, touches.Rows), Item: make([]int32, touches.Rows)}
	type join struct {
		col   *funnel.Column
		to    map[string]int32
		norm  func(string) string
		cache map[int32]int32 // Dict code -> item + 1 (0: none)
	}
	var joins []join
	if contentTable != nil {
		inv, err := readInventory(contentTable)
		if err != nil {
			return nil, err
		}
		tg.Items = inv.items
		add := func(c *funnel.Column, to map[string]int32, norm func(string) string) {
			if c != nil && c.Kind == funnel.KindText && len(to) > 0 {
				joins = append(joins, join{c, to, norm, map[int32]int32{}})
				tg.Joined = append(tg.Joined, c.Name)
			}
		}
		add(firstNamed(touches, funnel.ContentItemHeaders), inv.item, normText)
		add(firstNamed(touches, funnel.ContentURLHeaders), inv.url, normURL)
		add(touches.Role(funnel.RoleCampaign), inv.campaign, normText)
	}
	act := touches.Role(funnel.ActivityRole(touches.Has))
	actStage := map[int32]Stage{}
	for i := 0; i < touches.Rows; i++ {
		tg.Item[i] = -1
		for _, j := range joins {
			code := j.col.Codes[i]
			if code == funnel.NA {
				continue
			}
			hit, ok := j.cache[code]
			if !ok {
				if it, found := j.to[j.norm(touches.Dict.String(code))]; found {
					hit = it + 1
				}
				j.cache[code] = hit
			}
			if hit > 0 {
				tg.Item[i] = hit - 1
				break
			}
		}
		if it := tg.Item[i]; it >= 0 {
			tg.Stage[i] = tg.Items[it].Stage
			tg.Items[it].Touches++
			tg.ByInventory++
			continue
		}
		if act != nil && act.Kind == funnel.KindText && act.Codes[i] != funnel.NA {
			s, ok := actStage[act.Codes[i]]
			if !ok {
				s = ByActivity(touches.Dict.String(act.Codes[i]))
				actStage[act.Codes[i]] = s
			}
			tg.Stage[i] = s
		}
		if tg.Stage[i] == None {
			tg.Unstaged++
		} else {
			tg.ByActivity++
		}
	}
	return tg, nil
}

// firstNamed returns the first column of names the table has, or nil.
func firstNamed(t *funnel.Table, names []string) *funnel.Column {
	for _, n := range names {
		if c := t.Named(n); c != nil && c.Role == "" {
			return c
		}
	}
	return nil
}

// Unused returns the inventory items no touch matched.
func (tg *Tags) Unused() []Item {
	var out []Item
	for _, it := range tg.Items {
		if it.Touches == 0 {
			out = append(out, it)
		}
	}
	return out
}

// Warnings are the counted warnings of the staging: inventory items that
// match no touch.
func (tg *Tags) Warnings() []string {
	u := tg.Unused()
	if len(u) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%d of %d inventory items match no touch (first: %s %q at %s); funnel content's unused table lists them",
		len(u), len(tg.Items), u[0].KeyRole, u[0].Key, u[0].Line)}
}

// AddStageColumn stages the dataset's touches (Tag, with ds.Content) and
// adds the stages as a text column content_stage (role and header; NA
// where no rule stages the touch), which attribute's --by and every
// column-naming flag can then name. It returns the tags.
func AddStageColumn(ds *funnel.Dataset) (*Tags, error) {
	tg, err := Tag(ds.Touches, ds.Content)
	if err != nil {
		return nil, err
	}
	var codes [4]int32
	codes[None] = funnel.NA
	for _, s := range Stages {
		codes[s] = ds.Dict.Code(s.String())
	}
	col := &funnel.Column{Name: ColumnName, Role: ColumnName, Kind: funnel.KindText, Codes: make([]int32, len(tg.Stage)), Missing: tg.Unstaged}
	for i, s := range tg.Stage {
		col.Codes[i] = codes[s]
	}
	ds.Touches.Columns = append(ds.Touches.Columns, col)
	return tg, nil
}
