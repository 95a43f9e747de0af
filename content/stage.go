package content

import (
	"github.com/funnel-analytics/funnel/funnel"
)

// Stage is a content item's place in the funnel: top (awareness), middle
// (consideration) or bottom (decision); None for a touch no rule stages.
type Stage int8

// The content stages.
const (
	None Stage = iota
	ToFu
	MoFu
	BoFu
)

// Stages lists the content stages in funnel order.
var Stages = []Stage{ToFu, MoFu, BoFu}

// String returns tofu, mofu, bofu, or "" for None: the values of the
// content_stage column and of the tables.
func (s Stage) String() string {
	switch s {
	case ToFu:
		return "tofu"
	case MoFu:
		return "mofu"
	case BoFu:
		return "bofu"
	}
	return ""
}

// ParseStage reads an inventory's stage tag by its letters and digits in
// lower case (funnel.NameKey): tofu, top, top of funnel, awareness; mofu,
// middle, middle of funnel, consideration; bofu, bottom, bottom of
// funnel, decision. Anything else is not a stage (false).
func ParseStage(tag string) (Stage, bool) {
	switch funnel.NameKey(tag) {
	case "tofu", "top", "topoffunnel", "topofthefunnel", "awareness":
		return ToFu, true
	case "mofu", "middle", "middleoffunnel", "middleofthefunnel", "consideration":
		return MoFu, true
	case "bofu", "bottom", "bottomoffunnel", "bottomofthefunnel", "decision":
		return BoFu, true
	}
	return None, false
}

// DefaultRule says, for the meta, how a touch is staged without an
// inventory item: by words of its activity type.
const DefaultRule = "by activity type: trial, demo or pricing: bofu; white paper, case study or webinar: mofu; visit or blog: tofu; any other activity: no stage"

// ByActivity is the default stage of an activity type (DefaultRule): its
// letters in lower case (funnel.NameKey) holding trial, demo or pricing
// are BoFu; whitepaper, casestudy or webinar MoFu; visit or blog ToFu,
// tested in that order (pricing_page_view is BoFu, not a visit).
func ByActivity(activity string) Stage {
	k := funnel.NameKey(activity)
	has := func(words ...string) bool { return funnel.KeyHasAny(k, words...) }
	switch {
	case k == "":
		return None
	case has("trial", "demo", "pricing"):
		return BoFu
	case has("whitepaper", "casestudy", "webinar"):
		return MoFu
	case has("visit", "blog"):
		return ToFu
	}
	return None
}
