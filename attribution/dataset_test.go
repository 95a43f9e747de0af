package attribution

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// sourceDataset returns a dataset of the inputs in kinds; with zero, none
// of them holds a conversion.
//
//	paths.csv          ads > email: 2 conversions worth 30, 1 null (zero: 0 and 0)
//	touches.csv        L1 01-01 ads, L1 01-02 email (converts, 10; zero: not),
//	                   L2 01-03 ads
//	opportunities.csv  O1 of L1 closed 01-05, won (zero: lost), amount 500
//	costs.csv          ads 100, email 40
//
// So the paths give 2 conversions worth 30 and 1 null; the touches 1
// worth 10 (L1) and 1 null (L2); touches with opportunities 1 worth 500
// (O1) and 1 null (L2, without an opportunity).
func sourceDataset(t *testing.T, zero bool, kinds ...funnel.TableKind) *funnel.Dataset {
	t.Helper()
	conv, value, converted, won := "2", "30", "1", "yes"
	if zero {
		conv, value, converted, won = "0", "0", "0", "no"
	}
	ds := funnel.NewDataset()
	for _, k := range kinds {
		switch k {
		case funnel.Paths:
			ds.Set(newTable(t, ds.Dict, k, "paths.csv",
				textCol(funnel.RolePath, "ads > email"),
				numCol(funnel.RoleConversions, conv),
				numCol(funnel.RoleConvValue, value),
				numCol(funnel.RoleNulls, "1")))
		case funnel.Touches:
			ds.Set(newTable(t, ds.Dict, k, "touches.csv",
				textCol(funnel.RoleLeadID, "L1", "L1", "L2"),
				timeCol(funnel.RoleOccurredAt, "2024-01-01", "2024-01-02", "2024-01-03"),
				textCol(funnel.RoleChannel, "ads", "email", "ads"),
				boolCol(funnel.RoleConverted, "0", converted, "0"),
				numCol(funnel.RoleValue, "", "10", "")))
		case funnel.Opportunities:
			ds.Set(newTable(t, ds.Dict, k, "opportunities.csv",
				textCol(funnel.RoleOpportunityID, "O1"),
				textCol(funnel.RoleLeadID, "L1"),
				timeCol(funnel.RoleClosedAt, "2024-01-05"),
				numCol(funnel.RoleAmount, "500"),
				boolCol(funnel.RoleWon, won)))
		case funnel.Costs:
			ds.Set(newTable(t, ds.Dict, k, "costs.csv",
				textCol(funnel.RoleChannel, "ads", "email"),
				numCol(funnel.RoleCost, "100", "40")))
		}
	}
	return ds
}

// TestAttributeDataset checks which input AttributeDataset reads journeys
// from (told apart by their totals, worked out in sourceDataset) and what
// the by column is named.
func TestAttributeDataset(t *testing.T) {
	t.Parallel()
	P, T, O, C := funnel.Paths, funnel.Touches, funnel.Opportunities, funnel.Costs
	for _, tc := range []struct {
		name             string
		kinds            []funnel.TableKind
		src              SourceOptions
		conv, val, nulls float64
		by               string
	}{
		{"paths alone", []funnel.TableKind{P}, SourceOptions{}, 2, 30, 1, "channel"},
		{"paths name what By says", []funnel.TableKind{P}, SourceOptions{By: "campaign"}, 2, 30, 1, "campaign"},
		{"touches before paths beside them", []funnel.TableKind{P, T}, SourceOptions{}, 1, 10, 1, "channel"},
		{"paths named first", []funnel.TableKind{P, T}, SourceOptions{PathsFirst: true}, 2, 30, 1, "channel"},
		{"touches with opportunities", []funnel.TableKind{P, T, O}, SourceOptions{}, 1, 500, 1, "channel"},
		{"paths named first before opportunities", []funnel.TableKind{P, T, O}, SourceOptions{PathsFirst: true}, 2, 30, 1, "channel"},
		{"opportunities without touches", []funnel.TableKind{O, C}, SourceOptions{}, 0, 0, 0, ""},
	} {
		res, err := AttributeDataset(sourceDataset(t, false, tc.kinds...), tc.src, Config{Models: []Model{LinearTouch}})
		if tc.conv == 0 {
			if !errors.Is(err, ErrNoJourneyInput) {
				t.Errorf("%s: error %v, want ErrNoJourneyInput", tc.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		c, v, n := res.Journeys.Totals()
		if c != tc.conv || v != tc.val || n != tc.nulls || res.Journeys.By != tc.by {
			t.Errorf("%s: journeys %v/%v/%v by %q, want %v/%v/%v by %q", tc.name, c, v, n, res.Journeys.By, tc.conv, tc.val, tc.nulls, tc.by)
		}
		if tc.val == 500 && res.Journeys.OutcomeSource == "" {
			t.Errorf("%s: no outcome source", tc.name)
		}
	}
}

// TestAttributeDatasetCosts checks that the costs are joined by what the
// journeys' channels are, and that costs the caller gives are kept.
func TestAttributeDatasetCosts(t *testing.T) {
	t.Parallel()
	ds := sourceDataset(t, false, funnel.Touches, funnel.Costs)
	res, err := AttributeDataset(ds, SourceOptions{}, Config{Models: []Model{LinearTouch}})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Costs; c == nil || c.By != funnel.RoleChannel || c.Cost["ads"] != 100 || c.Cost["email"] != 40 {
		t.Errorf("costs %+v, want ads 100, email 40 by channel", c)
	}
	given := &Costs{By: funnel.RoleChannel, Names: []string{"ads"}, Cost: map[string]float64{"ads": 7}}
	res, err = AttributeDataset(ds, SourceOptions{}, Config{Models: []Model{LinearTouch}, Costs: given})
	if err != nil || res.Costs != given {
		t.Errorf("given costs: %+v, %v", res.Costs, err)
	}
	// Costs by channel do not price paths of campaigns.
	ds = sourceDataset(t, false, funnel.Paths, funnel.Costs)
	if _, err := AttributeDataset(ds, SourceOptions{By: funnel.RoleCampaign}, Config{}); !errors.Is(err, ErrBadInput) {
		t.Errorf("costs by channel for paths of campaigns: error %v, want ErrBadInput", err)
	}
	// The same costs found beside the paths (a --data folder) are left
	// out with a warning: the paths still get their 2 conversions.
	res, err = AttributeDataset(ds, SourceOptions{By: funnel.RoleCampaign, CostsFound: true}, Config{Models: []Model{LinearTouch}})
	if err != nil || res.Costs != nil || !slices.ContainsFunc(res.Warnings, func(w string) bool {
		return strings.Contains(w, `costs.csv: no column "campaign" to join costs by`)
	}) {
		t.Errorf("found costs without the column: costs %v, error %v, warnings %q; want none, none, the warning", res, err, res.Warnings)
	} else if got, _, _ := res.Journeys.Totals(); got != 2 {
		t.Errorf("found costs left out: %v conversions, want 2", got)
	}
	if c, err := NewJourneys("").CostsFrom(nil); c != nil || err != nil {
		t.Errorf("CostsFrom(nil) = %v, %v, want nil, nil", c, err)
	}
}

// TestAttributeDatasetErrors checks that the errors of journeys without a
// conversion name the input and what zero conversions look like there.
func TestAttributeDatasetErrors(t *testing.T) {
	t.Parallel()
	P, T, O := funnel.Paths, funnel.Touches, funnel.Opportunities
	lookback := funnel.NewDataset()
	lookback.Set(newTable(t, lookback.Dict, T, "touches.csv",
		textCol(funnel.RoleLeadID, "L1", "L1"),
		timeCol(funnel.RoleOccurredAt, "2024-01-01", "2024-01-10"),
		textCol(funnel.RoleChannel, "ads", ""),
		boolCol(funnel.RoleConverted, "0", "1"),
		numCol(funnel.RoleValue, "", "5")))
	for _, tc := range []struct {
		name string
		ds   *funnel.Dataset
		src  SourceOptions
		cfg  Config
		want string
	}{
		{"paths", sourceDataset(t, true, P), SourceOptions{}, Config{},
			"paths.csv: no conversions to attribute: 1 journeys, none of them converting (total_conversions is 0 on every row)"},
		{"touches", sourceDataset(t, true, T), SourceOptions{}, Config{},
			"touches.csv: no conversions to attribute: 2 journeys, none of them converting (no row has converted set)"},
		{"opportunities", sourceDataset(t, true, T, O), SourceOptions{}, Config{},
			"opportunities.csv: no conversions to attribute: 2 journeys, none of them converting (no won opportunity has a touch before it)"},
		{"lookback", lookback, SourceOptions{Lookback: 86400}, Config{},
			"touches.csv: no conversions to attribute: no journeys (1 conversions have no touch before them within the lookback (1d))"},
	} {
		_, err := AttributeDataset(tc.ds, tc.src, tc.cfg)
		if err == nil || err.Error() != tc.want || !errors.Is(err, ErrNoConversions) {
			t.Errorf("%s: error\n%v\nwant\n%s", tc.name, err, tc.want)
		}
	}
	// A path table whose every journey converts has no rate.
	ds := funnel.NewDataset()
	ds.Set(newTable(t, ds.Dict, P, "paths.csv",
		textCol(funnel.RolePath, "ads"), numCol(funnel.RoleConversions, "3"), numCol(funnel.RoleNulls, "0")))
	_, err := AttributeDataset(ds, SourceOptions{}, Config{Models: []Model{Shapley}, Shapley: ShapleyConfig{Function: ShapleyRate}})
	want := "paths.csv: shapley: the rate characteristic function needs null (non-converting) journeys (every journey converts); use --shapley-value conversions"
	if err == nil || err.Error() != want || !errors.Is(err, ErrNeedsNulls) {
		t.Errorf("needs nulls: error\n%v\nwant\n%s", err, want)
	}
}
