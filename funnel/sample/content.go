package sample

import (
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
)

// ContentFile is the planted content inventory of `funnel content`
// (issue 16): a row per campaign of the set (item, campaign, stage,
// format, audience), the campaign being what joins it to touches.csv, and
// UnusedContent items that no touch names.
const ContentFile = "content.csv"

// contentStream is the PCG stream of the content planting: its own random
// source, so that the other files are the same bytes with or without it.
const contentStream = 0x636f6e74656e74 // "content"

// UnusedContent is how many inventory items name no campaign of the set.
const UnusedContent = 3

var contentHeader = []string{"item", "campaign", "stage", "format", "audience"}

// contentStage is the planted stage of each channel's campaigns: search,
// social and paid search bring strangers (tofu); email, events, webinars
// and syndicated content nurture (mofu); direct, partner referrals and
// sales outreach close (bofu), as does customer onboarding.
var contentStage = [nChannel]string{
	chOrganicSearch: "tofu", chPaidSearch: "tofu", chSocial: "tofu",
	chEmail: "mofu", chEvents: "mofu", chWebinar: "mofu", chContentSyndication: "mofu",
	chReferral: "bofu", chDirect: "bofu", chSalesOutreach: "bofu",
}

// contentTags are the spellings of each stage the inventory uses (a
// spreadsheet kept by hand), all read by content.ParseStage.
var contentTags = map[string][]string{
	"tofu": {"tofu", "ToFu", "TOFU", "Top of funnel"},
	"mofu": {"mofu", "MoFu", "MOFU", "Middle of funnel"},
	"bofu": {"bofu", "BoFu", "BOFU", "Bottom of funnel"},
}

var contentFormats = map[string][]string{
	"tofu": {"blog", "video", "infographic", "e-book"},
	"mofu": {"white paper", "case study", "webinar", "email series"},
	"bofu": {"free trial", "demo", "product manual"},
}

var contentAudiences = []string{"all", "Software", "Finance", "Healthcare", "Manufacturing", "Retail"}

// unusedContent are the items of the inventory that no touch names.
var unusedContent = [UnusedContent]struct{ item, campaign, stage string }{
	{"Buyer's guide e-book", "2027-Q1 SEO: Buyer's Guide", "tofu"},
	{"ROI calculator", "2027-Q1 Direct: ROI Calculator", "bofu"},
	{"Analyst report", "2027-Q1 Syndication: Analyst Report", "mofu"},
}

// ContentTruth is the planted content inventory: the stage of every
// campaign (the onboarding campaign's is bofu), the items of each stage,
// and the items no touch names. The touches of a stage are those whose
// campaign Campaigns maps to it. Gaps are the lifecycle stages whose
// touches hold no MoFu or no BoFu content, with what they miss: a
// customer's touches are onboarding's only (bofu), so customers miss mofu.
type ContentTruth struct {
	File      string            `json:"file"`
	Rows      int               `json:"rows"`
	Campaigns map[string]string `json:"campaigns"` // campaign -> tofu, mofu or bofu
	Items     map[string]int    `json:"items"`     // stage -> inventory rows
	Unused    []string          `json:"unused"`    // item names
	Gaps      map[string]string `json:"gaps"`      // lifecycle stage -> missing stages
}

// plantContent writes ContentFile for the campaigns of g and records it
// in truth (Content, and its rows in Rows).
func plantContent(cfg Config, g *generator, truth *Truth, create func(name string) (io.WriteCloser, error)) error {
	rng := rand.New(rand.NewPCG(cfg.Seed, contentStream))
	w, err := createRows(create, ContentFile, contentHeader...)
	if err != nil {
		return err
	}
	ct := &ContentTruth{File: ContentFile, Campaigns: map[string]string{}, Items: map[string]int{},
		Gaps: map[string]string{"customer": "mofu"}}
	row := func(item, campaign, stage string) {
		w.text(item)
		w.text(campaign)
		w.text(contentTags[stage][rng.IntN(len(contentTags[stage]))])
		w.text(contentFormats[stage][rng.IntN(len(contentFormats[stage]))])
		w.text(contentAudiences[rng.IntN(len(contentAudiences))])
		w.end()
		ct.Items[stage]++
	}
	campaigns := append([]campaign(nil), g.campaigns...)
	sort.SliceStable(campaigns, func(a, b int) bool { return campaigns[a].name < campaigns[b].name })
	for i, c := range campaigns {
		stage := "bofu" // onboarding
		if c.channel >= 0 {
			stage = contentStage[c.channel]
		}
		ct.Campaigns[c.name] = stage
		row(fmt.Sprintf("C%03d %s", i+1, c.name), c.name, stage)
	}
	for _, u := range unusedContent {
		row(u.item, u.campaign, u.stage)
		ct.Unused = append(ct.Unused, u.item)
	}
	if err := w.finish(); err != nil {
		return err
	}
	ct.Rows = w.rows
	truth.Content = ct
	truth.Rows[ContentFile] = w.rows
	return nil
}
