package sample_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

// small is the demo size: what `funnel demo` builds in memory.
var small = sample.Config{Leads: 2000, Seed: 1}

var (
	smallOnce  sync.Once
	smallFiles memFS
	smallTruth *sample.Truth
	smallSet   *exportSet
)

func loadSmall(t *testing.T) (memFS, *sample.Truth, *exportSet) {
	t.Helper()
	smallOnce.Do(func() {
		smallFiles, smallTruth = generate(t, small)
		smallSet = readSet(t, smallFiles)
	})
	if smallSet == nil {
		t.Fatal("the small set failed to generate")
	}
	return smallFiles, smallTruth, smallSet
}

// TestHeaders checks every file's header against the list in the brief
// (canonical role names the ingest layer binds without flags).
func TestHeaders(t *testing.T) {
	t.Parallel()
	fs, _, _ := loadSmall(t)
	tests := []struct {
		file   string
		header string
	}{
		{sample.AccountsFile, "account_id,account_name,industry,region,employees,revenue,target"},
		{sample.LeadsFile, "lead_id,account_id,email,created_at,job_title,seniority,industry,region,employees,lead_source,lifecycle_stage,mql_at,sql_at,won,won_at"},
		{sample.TouchesFile, "lead_id,account_id,occurred_at,activity_type,channel,campaign,converted,value"},
		{sample.StagesFile, "entity_id,stage,entered_at"},
		{sample.OpportunitiesFile, "opportunity_id,account_id,lead_id,created_at,closed_at,amount,won,stage"},
		{sample.CostsFile, "channel,campaign,period,cost"},
	}
	for _, tt := range tests {
		data := fs[tt.file].Bytes()
		line, _, _ := bytes.Cut(data, []byte("\n"))
		if string(line) != tt.header {
			t.Errorf("%s header = %q, want %q", tt.file, line, tt.header)
		}
	}
	if len(fs) != len(sample.Files) {
		t.Errorf("Generate wrote %d files, want %d", len(fs), len(sample.Files))
	}
}

// TestDeterministic: the same config gives byte-identical files; another
// seed or another number of months changes every CSV, but for the planted
// webinars: their agenda is fixed, and their attendees depend on the seed
// and the end of the data, not on the months (but for the emails of the
// known attendees, which are leads').
func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, _, _ := loadSmall(t) // one run of small, shared with the other tests
	b, _ := generate(t, small)
	for _, name := range sample.Files {
		if !bytes.Equal(a[name].Bytes(), b[name].Bytes()) {
			t.Errorf("%s differs between two runs of the same config", name)
		}
	}
	for _, cfg := range []sample.Config{{Leads: 2000, Seed: 2}, {Leads: 2000, Seed: 1, Months: 24}} {
		c, _ := generate(t, cfg)
		for _, name := range sample.Files {
			if name == sample.AgendaFile || name == sample.WebinarAttendeesFile && cfg.Seed == small.Seed {
				continue
			}
			if bytes.Equal(a[name].Bytes(), c[name].Bytes()) {
				t.Errorf("%s is the same for %+v and %+v", name, small, cfg)
			}
		}
	}
}

// TestCSVParses reads every file with encoding/csv (which rejects records
// whose field count differs from the header's) and checks the row counts
// against the truth.
func TestCSVParses(t *testing.T) {
	t.Parallel()
	_, truth, s := loadSmall(t)
	for name, tb := range map[string]*table{
		sample.AccountsFile: s.accounts, sample.LeadsFile: s.leads, sample.TouchesFile: s.touches,
		sample.StagesFile: s.stages, sample.OpportunitiesFile: s.opps, sample.CostsFile: s.costs,
	} {
		if len(tb.rows) != truth.Rows[name] {
			t.Errorf("%s: %d rows, truth says %d", name, len(tb.rows), truth.Rows[name])
		}
		if len(tb.rows) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
	if len(s.leads.rows) != small.Leads {
		t.Errorf("leads.csv has %d rows, want %d", len(s.leads.rows), small.Leads)
	}
	// Quoted fields exist (account names like "Atlas Capital, Inc." and job
	// titles like "VP, Sales"), so readers must handle them.
	quoted := 0
	for _, tb := range []*table{s.accounts, s.leads} {
		for _, r := range tb.rows {
			for _, f := range r {
				if strings.Contains(f, ",") {
					quoted++
				}
			}
		}
	}
	if quoted == 0 {
		t.Error("no field with a comma: the quoting path is not exercised")
	}
}

// TestReferentialIntegrity checks that every reference resolves and that
// the files agree with each other.
func TestReferentialIntegrity(t *testing.T) {
	t.Parallel()
	_, truth, s := loadSmall(t)
	accounts := map[string]bool{}
	for i := range s.accounts.rows {
		id := s.accounts.get(i, "account_id")
		if accounts[id] {
			t.Fatalf("account %s twice", id)
		}
		accounts[id] = true
	}
	type leadInfo struct {
		account, created, lifecycle, mql, sql, wonAt, source string
		won                                                  bool
	}
	leads := map[string]*leadInfo{}
	perAccount := map[string]int{}
	for i := range s.leads.rows {
		id := s.leads.get(i, "lead_id")
		if leads[id] != nil {
			t.Fatalf("lead %s twice", id)
		}
		l := &leadInfo{account: s.leads.get(i, "account_id"), created: s.leads.get(i, "created_at"),
			lifecycle: s.leads.get(i, "lifecycle_stage"), mql: s.leads.get(i, "mql_at"), sql: s.leads.get(i, "sql_at"),
			wonAt: s.leads.get(i, "won_at"), won: s.leads.get(i, "won") == "1", source: s.leads.get(i, "lead_source")}
		leads[id] = l
		if !accounts[l.account] {
			t.Errorf("lead %s: account %s not in accounts.csv", id, l.account)
		}
		if l.won != (l.wonAt != "") {
			t.Errorf("lead %s: won=%v but won_at=%q", id, l.won, l.wonAt)
		}
		perAccount[l.account]++
	}
	for acc, n := range perAccount {
		if n > 8 {
			t.Errorf("account %s has %d leads, committees have at most 8", acc, n)
		}
	}
	if len(perAccount) == len(accounts) {
		t.Error("every account has leads; some should have no contact yet")
	}

	// Stage events: known entities and stages, time order per entity, the
	// first event is created_at, the last is lifecycle_stage, mql_at and
	// sql_at are first entries, won_at is the customer entry.
	ladder := truth.StageDays.Ladder
	first := map[string]map[string]string{}
	lastStage, lastAt := map[string]string{}, map[string]string{}
	for i := range s.stages.rows {
		e, st, at := s.stages.get(i, "entity_id"), s.stages.get(i, "stage"), s.stages.get(i, "entered_at")
		if leads[e] == nil {
			t.Fatalf("stages row %d: entity %s is no lead", i+2, e)
		}
		if !slices.Contains(ladder, st) {
			t.Fatalf("stages row %d: unknown stage %q", i+2, st)
		}
		if first[e] == nil {
			first[e] = map[string]string{"": at}
		} else if at <= lastAt[e] {
			t.Errorf("stages row %d: %s enters %s at %s, not after its previous event at %s", i+2, e, st, at, lastAt[e])
		}
		if _, ok := first[e][st]; !ok {
			first[e][st] = at
		}
		lastStage[e], lastAt[e] = st, at
	}
	for id, l := range leads {
		f := first[id]
		if f == nil {
			t.Errorf("lead %s has no stage events", id)
			continue
		}
		if f[""] != l.created || lastStage[id] != l.lifecycle || f["mql"] != l.mql || f["sql"] != l.sql {
			t.Errorf("lead %s: leads.csv (created %s, stage %s, mql %s, sql %s) disagrees with stages.csv (%s, %s, %s, %s)",
				id, l.created, l.lifecycle, l.mql, l.sql, f[""], lastStage[id], f["mql"], f["sql"])
		}
		if l.won && (lastStage[id] != "customer" || f["customer"] != l.wonAt) {
			t.Errorf("lead %s won at %s but its stages end with %s at %s", id, l.wonAt, lastStage[id], lastAt[id])
		}
		if !l.won && f["customer"] != "" {
			t.Errorf("lead %s became a customer without winning", id)
		}
	}

	// Opportunities: known account and lead of that account; one won
	// opportunity per won lead, closed at won_at; closed after created;
	// won empty exactly while open.
	wonAmount := map[string]string{}
	for i := range s.opps.rows {
		acc, lead := s.opps.get(i, "account_id"), s.opps.get(i, "lead_id")
		if !accounts[acc] || leads[lead] == nil || leads[lead].account != acc {
			t.Fatalf("opportunity %s: account %s / lead %s do not match", s.opps.get(i, "opportunity_id"), acc, lead)
		}
		created, closed, won := s.opps.get(i, "created_at"), s.opps.get(i, "closed_at"), s.opps.get(i, "won")
		if (closed == "") != (won == "") || closed != "" && closed <= created {
			t.Errorf("opportunity row %d: created %s closed %s won %q", i+2, created, closed, won)
		}
		if created != first[lead]["opportunity"] {
			t.Errorf("opportunity row %d: created %s, lead entered opportunity at %s", i+2, created, first[lead]["opportunity"])
		}
		if won == "1" {
			if closed != leads[lead].wonAt {
				t.Errorf("opportunity row %d closed won at %s, lead won at %s", i+2, closed, leads[lead].wonAt)
			}
			wonAmount[lead] = s.opps.get(i, "amount")
		}
	}

	// Touches: known lead of that account, in time order per lead; the
	// lead_source is the first touch's channel; won leads have exactly one
	// converted touch, the last before won_at, valued at the won amount;
	// touches after won_at are onboarding.
	converted := map[string]int{}
	firstChannel := map[string]string{}
	prevAt := map[string]string{}
	lastBefore := map[string]string{}
	for i := range s.touches.rows {
		lead, at := s.touches.get(i, "lead_id"), s.touches.get(i, "occurred_at")
		l := leads[lead]
		if l == nil || l.account != s.touches.get(i, "account_id") {
			t.Fatalf("touches row %d: lead %s / account %s do not match", i+2, lead, s.touches.get(i, "account_id"))
		}
		if at < prevAt[lead] {
			t.Errorf("touches row %d: %s out of time order", i+2, lead)
		}
		prevAt[lead] = at
		if _, ok := firstChannel[lead]; !ok {
			firstChannel[lead] = s.touches.get(i, "channel")
		}
		if s.touches.get(i, "converted") == "1" {
			converted[lead]++
			if !l.won || at >= l.wonAt || s.touches.get(i, "value") != wonAmount[lead] {
				t.Errorf("touches row %d: converted touch of lead %s (won %v at %s) at %s, value %s, won amount %s",
					i+2, lead, l.won, l.wonAt, at, s.touches.get(i, "value"), wonAmount[lead])
			}
		} else if s.touches.get(i, "value") != "" {
			t.Errorf("touches row %d: value on a touch that did not convert", i+2)
		}
		if l.won && at < l.wonAt {
			lastBefore[lead] = s.touches.get(i, "converted")
		}
		if l.won && at > l.wonAt && s.touches.get(i, "campaign") != "Customer Onboarding" {
			t.Errorf("touches row %d: touch after won_at outside onboarding", i+2)
		}
	}
	for id, l := range leads {
		if firstChannel[id] != l.source {
			t.Errorf("lead %s: lead_source %s, first touch through %s", id, l.source, firstChannel[id])
		}
		if l.won && (converted[id] != 1 || lastBefore[id] != "1") {
			t.Errorf("won lead %s: %d converted touches, last touch before won_at converted=%s", id, converted[id], lastBefore[id])
		}
	}
}

// TestPlantedShares checks the shares the brief asks for, counted from the
// files: positives between 5% and 20% of leads, about 20% target accounts,
// the reference industry the most frequent among leads, post-won touches for
// most won leads, and recycles, re-entries and skips present.
func TestPlantedShares(t *testing.T) {
	t.Parallel()
	for si, ss := range loadStatSets(t) {
		s, truth := ss.set, ss.truth
		won, industries := 0, map[string]int{}
		wonAt := map[string]string{}
		for i := range s.leads.rows {
			industries[s.leads.get(i, "industry")]++
			if s.leads.get(i, "won") == "1" {
				won++
				wonAt[s.leads.get(i, "lead_id")] = s.leads.get(i, "won_at")
			}
		}
		rate := float64(won) / float64(len(s.leads.rows))
		if rate < 0.05 || rate > 0.20 || won != truth.Summary.WonLeads {
			t.Errorf("set %d: %d won leads (%.3f), truth %d", si, won, rate, truth.Summary.WonLeads)
		}
		ref := truth.ActivityLogOdds.IndustryReference
		for ind, n := range industries {
			if n > industries[ref] {
				t.Errorf("set %d: industry %s (%d leads) is more frequent than the reference %s (%d)", si, ind, n, ref, industries[ref])
			}
		}
		targets := 0
		for i := range s.accounts.rows {
			if s.accounts.get(i, "target") == "1" {
				targets++
			}
		}
		if share := float64(targets) / float64(len(s.accounts.rows)); share < 0.15 || share > 0.25 {
			t.Errorf("set %d: %.3f of accounts are targets, want about 0.20", si, share)
		}
		after := map[string]bool{}
		post := 0
		for i := range s.touches.rows {
			lead := s.touches.get(i, "lead_id")
			if w, ok := wonAt[lead]; ok && s.touches.get(i, "occurred_at") > w {
				after[lead] = true
				post++
			}
		}
		if len(after) < won*3/4 || post != truth.Summary.PostConversionTouches {
			t.Errorf("set %d: %d of %d won leads have touches after won_at (%d touches, truth %d)",
				si, len(after), won, post, truth.Summary.PostConversionTouches)
		}
	}
}

// TestLookalikeProfile: accounts in the planted ideal profile win more
// often than the others, by the rates computed from the files, which must
// equal the truth's.
func TestLookalikeProfile(t *testing.T) {
	t.Parallel()
	for si, ss := range loadStatSets(t) {
		s, la := ss.set, ss.truth.Lookalike
		positive := map[string]bool{}
		for i := range s.leads.rows {
			if s.leads.get(i, "won") == "1" {
				positive[s.leads.get(i, "account_id")] = true
			}
		}
		var ideal, other [2]int
		for i := range s.accounts.rows {
			emp, err := strconv.Atoi(s.accounts.get(i, "employees"))
			if err != nil {
				t.Fatal(err)
			}
			tally := &other
			if slices.Contains(la.IdealProfile.Industries, s.accounts.get(i, "industry")) &&
				slices.Contains(la.IdealProfile.Regions, s.accounts.get(i, "region")) && emp >= la.IdealProfile.MinEmployees {
				tally = &ideal
			}
			tally[0]++
			if positive[s.accounts.get(i, "account_id")] {
				tally[1]++
			}
		}
		idealRate, otherRate := float64(ideal[1])/float64(ideal[0]), float64(other[1])/float64(other[0])
		t.Logf("set %d: ideal %d/%d = %.3f, other %d/%d = %.3f", si, ideal[1], ideal[0], idealRate, other[1], other[0], otherRate)
		if idealRate != la.IdealPositiveRate || otherRate != la.OtherPositiveRate || len(positive) != la.PositiveAccounts {
			t.Errorf("set %d: rates %.4f/%.4f and %d positives from the files, truth %.4f/%.4f and %d",
				si, idealRate, otherRate, len(positive), la.IdealPositiveRate, la.OtherPositiveRate, la.PositiveAccounts)
		}
		if idealRate < 1.8*otherRate {
			t.Errorf("set %d: ideal accounts win at %.3f, others at %.3f: the profile is too weak", si, idealRate, otherRate)
		}
	}
}

// TestTimeAnchors checks the window for several Months and Ends: the first
// and last day in the truth, cost periods exactly the window's months, no
// timestamp after the end, and as_of the latest timestamp (an onboarding
// touch in the last second).
func TestTimeAnchors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		months     int
		end        time.Time
		start, to  string // first and last day, by hand
		firstMonth string
		periods    int
	}{
		{18, time.Time{}, "2025-05-01", "2026-10-31", "2025-05", 18},
		{12, time.Time{}, "2025-11-01", "2026-10-31", "2025-11", 12},
		{24, time.Date(2025, 3, 15, 13, 0, 0, 0, time.UTC), "2023-04-01", "2025-03-15", "2023-04", 24},
	}
	for _, tt := range tests {
		fs, truth := generate(t, sample.Config{Leads: 1500, Seed: 3, Months: tt.months, End: tt.end})
		s := readSet(t, fs)
		if truth.Config.Start != tt.start || truth.Config.End != tt.to || truth.Config.Months != tt.months {
			t.Errorf("months %d: window %s..%s, want %s..%s", tt.months, truth.Config.Start, truth.Config.End, tt.start, tt.to)
		}
		periods := map[string]bool{}
		for i := range s.costs.rows {
			periods[s.costs.get(i, "period")] = true
			if c := atof(t, s.costs.get(i, "cost")); !(c > 0) {
				t.Errorf("months %d: cost %v", tt.months, c)
			}
		}
		sorted := slices.Sorted(func(yield func(string) bool) {
			for p := range periods {
				if !yield(p) {
					return
				}
			}
		})
		if len(sorted) != tt.periods || sorted[0] != tt.firstMonth || sorted[len(sorted)-1] != tt.to[:7] {
			t.Errorf("months %d: cost periods %v", tt.months, sorted)
		}
		latest := ""
		for _, tb := range []*table{s.leads, s.touches, s.stages, s.opps} {
			for i := range tb.rows {
				for _, c := range []string{"created_at", "mql_at", "sql_at", "won_at", "occurred_at", "entered_at", "closed_at"} {
					if _, ok := tb.col[c]; ok {
						latest = max(latest, tb.get(i, c))
					}
				}
			}
		}
		if want := tt.to + " 23:59:59"; latest != want || truth.Config.AsOf != want {
			t.Errorf("months %d: latest timestamp %s, as_of %s, want %s", tt.months, latest, truth.Config.AsOf, want)
		}
	}
}

// TestConfigErrors: out-of-range configs fail with a message naming the field.
func TestConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cfg  sample.Config
		want string
	}{
		{sample.Config{Leads: -1}, "leads must be between 1 and 10000000, not -1"},
		{sample.Config{Leads: 20_000_000}, "leads must be between"},
		{sample.Config{Months: 11}, "months must be between 12 and 24, not 11"},
		{sample.Config{Months: 25}, "months must be between 12 and 24, not 25"},
		{sample.Config{End: time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)}, "end date 1800-01-01 is out of range"},
	}
	for _, tt := range tests {
		_, err := sample.Generate(tt.cfg, memFS{}.create)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Generate(%+v) error = %v, want %q", tt.cfg, err, tt.want)
		}
	}
}

type trackedFile struct {
	bytes.Buffer
	closed bool
}

func (f *trackedFile) Close() error { f.closed = true; return nil }

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
func (failingWriter) Close() error              { return nil }

// TestCreateAndWriteErrors: a failing create names the file and closes the
// files already opened; a failing write names the file.
func TestCreateAndWriteErrors(t *testing.T) {
	t.Parallel()
	var opened []*trackedFile
	_, err := sample.Generate(small, func(name string) (io.WriteCloser, error) {
		if name == sample.StagesFile {
			return nil, os.ErrPermission
		}
		f := &trackedFile{}
		opened = append(opened, f)
		return f, nil
	})
	if err == nil || !errors.Is(err, os.ErrPermission) || !strings.Contains(err.Error(), "stages.csv") {
		t.Errorf("error = %v, want a permission error naming stages.csv", err)
	}
	for i, f := range opened {
		if !f.closed {
			t.Errorf("file %d opened before the failure was not closed", i)
		}
	}
	_, err = sample.Generate(small, func(name string) (io.WriteCloser, error) {
		if name == sample.TouchesFile {
			return failingWriter{}, nil
		}
		return &trackedFile{}, nil
	})
	if err == nil || !strings.Contains(err.Error(), "write touches.csv: disk full") {
		t.Errorf("error = %v, want a write error naming touches.csv", err)
	}
}

// TestTruthJSON: truth.json decodes to the returned Truth, and WriteDir
// writes the same bytes as Generate.
func TestTruthJSON(t *testing.T) {
	t.Parallel()
	fs, truth, _ := loadSmall(t)
	var got sample.Truth
	if err := json.Unmarshal(fs[sample.TruthFile].Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, truth) {
		t.Error("truth.json does not decode to the returned Truth")
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(fs[sample.TruthFile].Bytes(), &keys); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"config", "activity_log_odds", "stage_days", "channel_effects", "lookalike"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("truth.json has no %q", k)
		}
	}
	if a := truth.ActivityLogOdds; len(a.Activity) != 10 || a.Activity["demo_request"] <= 1 || a.Activity["email_click"] >= 0 ||
		math.Abs(a.Activity["web_visit"]) > 0.05 || a.Industry[a.IndustryReference] != 0 {
		t.Errorf("activity weights do not have the planted shape: %+v", a)
	}
	dir := t.TempDir()
	if _, err := sample.WriteDir(filepath.Join(dir, "set"), small); err != nil {
		t.Fatal(err)
	}
	for _, name := range sample.Files {
		data, err := os.ReadFile(filepath.Join(dir, "set", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, fs[name].Bytes()) {
			t.Errorf("WriteDir's %s differs from Generate's", name)
		}
	}
}

// TestSmallSets: tiny and odd configs (one lead, a mid-month end, both month
// limits) give exactly the leads asked for, each with at least one touch
// (the touch that created it) and one stage event.
func TestSmallSets(t *testing.T) {
	t.Parallel()
	tests := []sample.Config{
		{Leads: 1, Seed: 0, Months: 12},
		{Leads: 2, Seed: 5, Months: 24, End: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{Leads: 7, Seed: 9, Months: 12, End: time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, cfg := range tests {
		fs, truth := generate(t, cfg)
		s := readSet(t, fs)
		touched, staged := map[string]bool{}, map[string]bool{}
		for i := range s.touches.rows {
			touched[s.touches.get(i, "lead_id")] = true
		}
		for i := range s.stages.rows {
			staged[s.stages.get(i, "entity_id")] = true
		}
		if len(s.leads.rows) != cfg.Leads || len(touched) != cfg.Leads || len(staged) != cfg.Leads || truth.Summary.Leads != cfg.Leads {
			t.Errorf("%+v: %d leads, %d with touches, %d with stages", cfg, len(s.leads.rows), len(touched), len(staged))
		}
	}
}
