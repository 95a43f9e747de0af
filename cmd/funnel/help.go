package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// helpTopics are the pages of 'funnel help TOPIC': the rules and the
// mathematics behind the commands, out of the way of their --help, which
// says what a command answers (issue 18). Each command's --help names
// its topics; TestHelpTopics checks that each named topic exists.
var helpTopics = []struct{ name, short, long string }{
	{"regression", "fit and score: the target, leakage-safe cutoffs, the regression, its tables, points and grades", `Fit a logistic regression of a lead outcome (won, SQL, MQL) on the lead's
activities and attributes, and turn its coefficients into lead-score points.

Target, one of:
  --target COLUMN        a boolean column of the leads (--positive VALUE for values like "Closed Won"),
                         or a timestamp column: non-empty = positive, its time is the lead's cutoff
  --target-stage STAGE   with --stages: reaching the stage is positive, its first entry the cutoff

Touches at or after a lead's cutoff never count (no leakage): positives are
cut at their target time, everyone else at --as-of (default: the latest
timestamp in the inputs). Each activity type becomes a term: its count
before the cutoff (--window, --decay, --transform). --features adds lead
columns: numbers stay numeric, text becomes column=level indicators against
the most frequent level.

Estimation: Newton/IRLS, matching R's glm(family = binomial) when
unpenalized; aliased and constant terms are dropped with a warning, as R
does; separation is detected and named, with --penalty firth or l2 as the
remedy.

Tables: coefficients (term, estimate, std_error, z, p_value, odds_ratio,
ci_low, ci_high, points, ...), signals, calibration, lift, thresholds, and
cv with --cv K. --model FILE saves the model for 'funnel score'.

Score leads with a model saved by 'funnel fit --model FILE': per lead the
probability of the outcome, the score in points, a grade (A-D by the
training scores' quartiles, or --grades), the MQL flag (score at or above
the model's threshold) and the reasons: the top three positive and the
largest negative contributions in points, e.g. "demo_request +31".

Touches are counted up to --as-of (default: the latest timestamp in the
inputs) with the model's window, decay and transform. A level the model has
not seen counts as its reference level, with a warning.`},
	{"deal-size", "fit --family gamma|lognormal: deal size on the win model's terms; expected value in score; churn and upsell targets", `Deal size: 'funnel fit --target amount --family gamma' (or lognormal)
regresses each lead's deal amount on the same terms as the win model
(activity counts, --features), and 'funnel score' turns it into an
expected amount per lead.

The amount, --target COLUMN:
  a numeric column of the leads, or else of the opportunities (by header or
  role: amount), summed over the lead's opportunities (by lead_id) created
  before --as-of; the earliest opportunity's created_at is the lead's
  cutoff, so only the touches before the deal count. Leads without an
  amount are left out; amounts of 0 or less are left out and named in a
  warning (an error when none remain); a value that is not a number is an
  error naming its file, line and column.

Families:
  gamma       Gamma GLM with log link, log E[amount] = x'b, fitted by IRLS
              (working weights 1 for this link); dispersion by Pearson,
              sum(((y - mu)/mu)^2) / df; standard errors scaled by it; t and p
              on df = rows - terms; deviance, null deviance and AIC as R's
              glm(amount ~ ., family = Gamma(link = "log")) computes them
  lognormal   least squares on log(amount), as R's lm(log(amount) ~ .);
              E[amount] = exp(x'b) x smearing, smearing = mean(exp(residual))
              (Duan); aic_amount_scale = AIC + 2 sum(log amount) compares
              with the Gamma's AIC on the same rows

The coefficients table shows effect = exp(estimate), the factor by which one
more unit of the term multiplies the expected amount (1.25: deals 25%
larger), with its 95% interval exp(estimate +/- t(0.975, df) std_error), in
place of odds ratios and points. --penalty, --cv and --capacity belong to
win models and are refused.

Scoring: 'funnel score --model size.json' gives each lead's expected_amount;
'funnel score --model size.json --win-model win.json' adds the win model's
columns and expected_value = probability x expected_amount, and ranks the
leads by it:
  funnel fit --data exports --target won_at --features industry --model win.json
  funnel fit --data exports --target amount --family gamma --features industry --model size.json
  funnel score --data exports --model size.json --win-model win.json

Churn and upsell are yes/no outcomes: a win model (the default --family
binomial) with that column as --target, on a leads (contacts) export of
customers that holds it:
  funnel fit --leads customers.csv --touches activity.csv --target churned --positive Yes --features plan,seats
  funnel fit --leads customers.csv --touches activity.csv --target upsold_at --features plan,seats
A date column (churned_at, upsold_at) is the better target: its time is the
cutoff, so activity after the event does not count. The sample ('funnel
sample') has no churn or upsell column: add one such column to its leads to
try it.`},
	{"score-decay", "score --decay and --recycle-penalty: scores that fade without activity, and recycled leads held back", `'funnel score --decay 90d --recycle-penalty 10' adjusts each lead's score
(raw_score, the model's points) before its grade and MQL flag:

  days_since_activity = (as_of - last activity) / 86400
  decayed_score       = raw_score x 2^(-days_since_activity / half-life)
  penalty             = P points when the lead was recycled and has no touch since
  score               = max(0, decayed_score - penalty)

The last activity is the lead's latest touch before --as-of (any activity
type, inside the model's window or not), else its created_at; a lead with
neither is not decayed. The decay is the form of 'funnel fit --decay' for
touch counts: after one half-life without activity a score is worth half.

A recycle is what 'funnel velocity' counts: in the stage history (--stages),
an entry into a stage right after an entry into a higher one (sql, then mql
again: sales returned the lead); lost stages are looked through. The
penalty holds until the lead's next touch after its latest recycle, so a
recycled lead does not bounce straight back as an MQL. --stages is needed
with --recycle-penalty (and read only then); the ladder is inferred as
velocity infers it, and shown as recycle_ladder.

Columns: raw_score, days_since_activity, decayed_score (with --decay),
recycled_at and penalty (with --recycle-penalty), then score, grade and mql
on the adjusted score. Meta: decay_half_life, recycle_penalty,
leads_recycled, leads_penalized and score_adjustment (the formula with the
numbers used).`},
	{"warehouse", "--db, --explain, --db-timeout, score --sql: analyses run in the database the data lives in", `Read the inputs from a PostgreSQL database instead of export files, and let
the database compute what an analysis needs, so that only the aggregate
crosses the wire (docs/warehouse.md):

  --db URL                    postgres://user@host/db (the password from PGPASSWORD or
                              ~/.pgpass, never printed: errors and meta show xxxxx)
  --db-table input=schema.t   the table of an input (repeatable), or the config's
                              warehouse: {url: ..., tables: {...}}
  --explain                   print the SQL that would run, without connecting
  --dialect postgres          the SQL written
  --db-timeout 10m            each statement's timeout and the run's deadline (0: none)

funnel load --db URL --data DIR [--db-schema S] [--replace] writes an export set
into tables (leads, touches, stages, ...), typed by what the reader made of the
columns, in one transaction, to try the commands on a database.

Ctrl-C (SIGINT) or SIGTERM cancels the running query on the server and exits
130 or 143; a timeout, or a connection lost mid-query, is one error line naming
the database (password masked) and the query, exit 1, no output.

Columns bind as a file's headers do (the same aliases and --col), typed by the
types the database declares.

attribute --db: a touches event log (a converted column) cut into journeys and
grouped by path in SQL; a costs table (--db-table costs=...) is streamed and
joined as --costs is.

velocity --db: a long stages table (entity_id, stage, entered_at); the
transitions (the latest earlier entry into the stage before, re-entries,
recycles, skips, lost exits, conversion) computed by window functions and
aggregated per period and pair, the median and p90 by percentile_cont (R's
type 7, as from files). The ladder is --stage-order or the lifecycle; --by,
--wide, --stage-field and --detail need the rows: the tables are streamed then.

fit --db: each lead's target (a --target column, or its first entry into
--target-stage in the stages table), its touches counted before its cutoff
(--window, --decay, --transform) and its features encoded in SQL, the leads
grouped by design row; only the groups cross the wire and the regression runs
on them. --family gamma|lognormal, --split-values, --cv and --capacity are not
pushed down: the tables are streamed then.

size --db: the accounts (or leads) counted per segment in SQL with their units,
leads, furthest stage and closed opportunities (whose outcome columns are
streamed and decided as from files); prices, win rates and totals as from
files. --split-values with --by needs the rows: the tables are streamed then.

Streamed: accounts, report, signals, webinar, content, nurture, speed, test and
score (without --sql) take --db but are not pushed down yet: the tables named
are streamed (every column, in the table's physical order) and read as a file
of the same rows is, then analyzed as files are (the meta pushed_down says so),
as are the options above that need the rows. An empty table is an error naming
it, as an empty export is.

score --model m.json --sql: the lead score as a view (CREATE VIEW lead_score:
lead_id, linear_predictor, probability, points, score, grade, mql) over the
leads and touches named with --db-table (placeholders leads and touches
otherwise), as of --as-of, else the time the view is read. It needs no server.
The leads' feature columns are named as the model names them.`},
	{"attribution-models", "attribute: the heuristic models, the three inputs, the tables", `The models of 'funnel attribute' (--models), each crediting every conversion
and its value to the channels or campaigns (--by) of its journey:

  first_touch, last_touch   all credit to one end of the journey
  linear_touch              an equal share per touch (a channel touched twice gets two)
  position_based            40/20/40 U-shape (--position-weights)
  time_decay                weight 2^(-Δt/h), Δt = conversion time - touch time (--half-life, default 7d)
  w_shaped                  30% each to the first, lead-creation and opportunity-creation touches, 10% over the rest
  full_path                 22.5% each to first, lead-creation, opportunity-creation and closed-won touches, 10% over the rest
  custom                    --weights first=0.3,last=0.3,middle=0.4

markov and shapley: 'funnel help markov', 'funnel help shapley'.

Inputs, one of:
  --paths FILE                 aggregated paths (path, total_conversions, total_conversion_value, total_null)
  --touches FILE               an event log whose converted flag ends each journey (value = its value)
  --touches with --opportunities   B2B: touches before each opportunity (--milestone created|closed),
                               value = won amount, by lead or by account (--level)
  --touches with --stages      touches before each record's entry into a lifecycle stage
                               (--milestone mql, or mql,sql,opportunity,customer, or all: every rung
                               of the ladder, --ladder to set it): a record that skipped the stage
                               reached it when it entered a later one; records with touches that never
                               reached it are null journeys; value 0. With several stages: tables
                               stage_attribution (credit and share per stage, channel and model),
                               channels_per_journey and stage_journeys
  --extra-touches FILE,...     more touch exports (an ad platform's, a second system's) added to
                               --touches: columns matched by role, attribute columns by header

Table attribution: the --by column, then <model>_conversions and
<model>_value per model and markov_removal_effect (--by content_stage: the
touches staged tofu, mofu or bofu as funnel content stages them, by the
--content inventory or the activity type; unstaged touches are no touch); every model's credits sum
to total_conversions and total_value (meta). With --costs: cost, per model
<model>_cost_per_conversion and <model>_roi, and a campaign_roi table next
to the old single-source view.`},
	{"markov", "attribute: Markov removal effects, solved exactly", `The markov model of 'funnel attribute' credits each channel by its removal
effect: how much the probability of converting falls when the channel is
taken out of every journey.

The journeys are read as an order-k Markov chain (--markov-order 1..4; with
--auto-order, the order that best predicts held-out conversions), solved
exactly as an absorbing chain: no simulation, the same answer every run. A
channel's removal effect is 1 - P(convert without it) / P(convert), and the
conversions are shared in proportion to the removal effects. At most
--max-markov-states states (default 50000) and --max-markov-channels
channels (default 1000).`},
	{"shapley", "attribute: exact Shapley values and their characteristic function (--shapley-value)", `The shapley model of 'funnel attribute' shares each conversion out as a
cooperative game among the channels: a channel's credit is its marginal
contribution v(S + channel) - v(S), averaged over every order in which the
channels can join. What v, the characteristic function, measures decides
the answer:

The values are exact, over up to 20 channels, with the credits scaled to
the total. The characteristic function v(S), for a set S of channels
(--shapley-value):

  rate (default with null journeys known): v(S) = conversions / journeys
    of the journeys whose channels all lie in S, and 0 when they number
    fewer than --shapley-min-journeys (default 30; 0 = off): a coalition
    too small to measure counts as the empty one (with fewer journeys
    in all, the conversions function is used, with a warning)

  conversions (default without null journeys): v(S) = conversions of
    those journeys; the credit is then each journey's conversions split
    over its distinct channels

The rate function credits a channel for raising the conversion rate of
the journeys it joins, not for the conversions it brings; channels whose
credit falls below 0 or above the conversions of the journeys that
touch them are named in a warning.`},
	{"ladder", "velocity: the stage ladder, how entries are matched, field histories, the tables, as of", `For each entity and each adjacent pair of stages (S -> next) of the ladder,
every entry into the next stage is matched to the latest entry into S at or
before it; its duration is the exact time between the two, in fractional
days (whole days when the inputs are dates). Re-entries count again and are
numbered (entry column of the transitions table); a move down the ladder
(sql -> mql) is a recycle, counted per period on the step that must be made
again; entering a stage over a skipped one counts in skipped, never as a
transition. A transition belongs to the period of its later entry.

Ladder: --stage-order, else the nine-stage lead lifecycle (awareness, friend,
name, engaged, prospect, mql, sql, opportunity, customer) when the stage
names fall in it, else the order of the wide columns, else the order
entities most often follow, won stages last; meta says which. A terminal
lost stage (Closed Lost, Lost, Disqualified, Unqualified, Closed - Not
Converted, Canceled, Out-Sold, Rejected, Dead) is never a rung unless
--stage-order names it: entering it is an exit from the stage the record was in,
counted in the exits table (from_stage, lost, share).

Field history exports (Salesforce Lead / Opportunity Field History: Field /
Event, Old Value, New Value, Edit Date; HubSpot property history: Property,
Value, Timestamp) keep only the rows of the stage field (--stage-field,
else Stage, Deal Stage, Lifecycle Stage, Lead Status or Status), with a
warning counting the rows of other fields; each record starts in its first
Old Value at its creation (its "Created." row, else its created date in
--leads or --opportunities).

Tables: velocity (period, from_stage, to_stage, transitions, mean_days,
median_days, p90_days (linear interpolation, as R type 7 and pandas),
recycles, skipped), conversion (per period and stage: entered, advanced,
advanced_within, rate, still_open), trend (a sparkline per transition),
exits (when there are lost stages) and, with --detail, transitions. With --opportunities: pipeline velocity in meta
(open opportunities x win rate x average won amount / average cycle days).
A deal is won, lost or open by its status (Deal - Status, Status), closed
flag (Closed, IsClosed) with its won flag, or a stage name that says
closed (Closed Won, Closed Lost); a past close date alone is the expected
one of an open deal. Meta outcome_source says which decided.

As of: --as-of, else the end of the day of the latest timestamp in the
inputs, but no later than the end of tomorrow, so that a date in the future
(a typo such as 2099) does not stretch the series. Entries dated at or after
the as-of time had not happened by then: they are left out of every table,
with a warning that counts them.`},
	{"alerts", "velocity and report: the slowdown alert and exit code 3", `Alerts for cron: with --alert-slower 25%, a transition whose latest complete
period (one that ends by the as-of time) has a mean at least 25% slower
than the mean of the three periods before it is printed as an alert and
the exit code is 3; meta alert_slower (0.25), alert_min and alerts say the
threshold in force and the alerts raised. A bare number is a fraction
(0.25): 25 without % is an error, not 2500%. Fewer than four complete periods: nothing is judged,
with a warning. funnel speed --alert-median 1h, and funnel report with
--alert-median or speed: alert_median, alert (exit 3) when the month's
median delay from MQL to the first sales touch is over it, a lead without
one counting as slower than any; the report's meta speed_alert_rule and
speed_alerts say so.`},
	{"market-size", "size: the market formula, the win rate interval, the totals row", `Estimate the market of each segment:

  market size = target accounts x units per account x unit price

Target accounts are the rows of --accounts (or of --leads), narrowed by
--filter ("employees>=200", "region=EMEA"); units per account are --units
or a seat-based column (--units-col employees); the price is --price or per
segment from --prices FILE (a column per --by name and a price column).

With pipeline data (--stages, --opportunities, --leads) the market table
adds the accounts reached per stage, win_rate with its 95% Wilson interval,
expected_revenue (market size x win rate), leads, and ready: segments with at
least --min-leads leads, the signal to open a regional market. A totals row
closes the table: its market size and expected revenue add up the segments
that have them; a segment without a price or without closed deals adds
nothing (not a 0), and the note column names the segments left out.`},
	{"intensity", "accounts: high intensity, its 95% Katz interval, patterns", `High intensity: an account becomes high-intensity at the first moment t at
which at least --min-people distinct contacts each have at least
--min-touches touches in the trailing --window [t - window, t] (a touch
exactly one window before t counts). A contact is a lead_id; a touch
belongs to its account_id, or to its lead's account in --leads. Touches
after --as-of are ignored.

Table accounts: account_id, people, people_engaged, touches,
activity_types (distinct), high_intensity, high_intensity_since,
opportunity_within_30d (with --opportunities: an opportunity created at
most 30 days after the anchor, which is becoming high-intensity, or for
other engaged accounts their first touch), target (with a target list);
high-intensity accounts first. Table quarters: per quarter the share of
accounts with a touch in it that were high-intensity at one of those
touches. Meta compares the opportunity rates of high-intensity and other
accounts: their ratio with a 95% Katz log interval; accounts with an
opportunity before the anchor, or anchored less than 30 days before
--as-of, are left out.

--patterns: for each ordered pair of activity types A != B with a touch of
B at most --gap after one of A (same timestamps are not ordered), the
accounts with the pair and the share that reached --outcome, against the
accounts with A but not the pair. Only touches up to an account's outcome
count. Table patterns: first, then, accounts, rate, accounts_first_alone,
rate_first_alone, lift. --by industry,region adds patterns_by_segment: the
same per segment of those account columns (the accounts table's, else the
first value among an account's leads), with segment_accounts.`},
	{"phases", "accounts --phases: the activity mix per buying phase, early and late", `--phases: each activity type belongs to a buying phase: engage (first
contact: visits, ads, search, social), interact (content and events:
emails, downloads, webinars, events, forms) or convert (hand-raising: demo
requests, trials, pricing, meetings, calls), by its name (the first rule
whose word is part of it: demo, trial, pricing, meeting, call, quote,
proposal, contact us, sales: convert; webinar, event, email, download,
whitepaper, report, ebook, case study, video, form, chat: interact; web,
visit, page, ad click, ads, social, search, blog, impression: engage; else
other), or as --phase PHASE=TYPE,... says (repeatable).

A touch's position is where it falls in its account's span of touches:
(t - first) / (last - first), 0 the account's first touch, 1 its last; an
account whose touches share one time has no span. Tables: phases (per
phase: activity types, touches, share of all touches, accounts,
mean_position, early_share: the share of its touches in the first half of
the span) and phase_mix (per activity type: its phase, touches, share of
the phase and of all touches, accounts, mean_position, early_share). Early
self-service shows a low mean position, late field work a high one.

  funnel accounts --data exports --phases --phase convert=event_visit`},
	{"lookalike", "accounts --lookalike: positive-unlabeled learning (Elkan and Noto)", `--lookalike: positive-unlabeled learning (Elkan and Noto 2008). Accounts
that reached --lookalike-from are labeled, all others unlabeled; a logistic
classifier (l2 penalty 0.001) of labeled vs unlabeled is fitted on 80% of
the accounts (stratified, --seed) on --lookalike-features (default
industry, region, employees as log10(1+x), from --accounts or the leads)
and touches per activity type before the account's positive moment
(log1p; --no-engagement leaves them out). On the held-out 20%,
c = mean score of the labeled accounts, and probability = min(1, score/c).
Table lookalikes: unlabeled accounts by probability. Meta: held-out recall
at --lookalike-cutoff, and the share of held-out accounts flagged, which is
what a random ranking flagging as many would recall.`},
	{"abm", "accounts --targets: ABM metrics, target against other accounts", `ABM metrics, with --targets FILE (account ids one a line, or a table with
an account_id column) or the accounts export's target column: table abm,
one row each for target and other accounts: accounts, engaged accounts,
penetration, contacts engaged per account, touches and their share,
opportunities, pipeline and its share, won, lost, win rate, average deal
size, won amount, and with --costs the cost (each campaign's cost split by
the two groups' touches of it) and cost per opportunity. Table
campaign_targets: per campaign (--campaign-by) the engaged accounts, the
target ones, their share and a flag below --min-target-share.`},
	{"abm-over-time", "accounts: target share per month, tiers, 2+ attendees per event, lookalike backtest", `ABM over time (tables of funnel accounts, with target accounts: --targets,
the accounts' target column, or tiers).

Tiers: the accounts' tier column, else --tiers FILE (account_id and tier),
else account_tiers.csv in --data. Values one-to-one, one-to-few,
one-to-many (also 1:1, 1:few, 1:many, one to one; case and punctuation
aside); another is an error naming file, line and column. Without a target
list the accounts with a tier are the targets. Each tier is a segment: the
abm table gains a row per tier (and "no tier"), target_share and
event_targets a row per tier and month or event.

target_share: per month of --share-months (12) ending with the as-of
month, from the first month with data: touches, responses, attendees and
pipeline (amounts of the opportunities created in the month), each as the
total over all accounts, the segment's part and share = part / total.
Responses are touches whose activity type says the buyer acted (download,
signup, register, request, attend, form, submit, click, reply, respond,
webinar, eventvisit in its letters), or --responses TYPES. Attendees: people
(by email) with a join time in the attendee report, in the month of their
first join, their account the first lead with their email.
total_up_share_down names the measures whose total rose against the month
before while the share fell; in the last month the target accounts' are a
warning: ask whether the campaigns reached the accounts they were for.

event_targets (with an attendee report): per event (webinar) and segment,
the attendees of its accounts, its accounts with one and with two or more
attendees, and that share of those attending and of all the segment's
accounts; event_accounts lists the accounts with two or more.

--backtest-as-of DATE: the lookalikes (their flags apply) are ranked with the
data as of DATE; each unlabeled account is followed until DATE + --horizon
(180d, cut at the as-of time) and converted when it reached the lookalike
positives (won, opportunity or high-intensity) in that span. The top group
(--top N, else the top decile, ceil(n/10)) is compared with the others:
lookalike_backtest (accounts, converted, rate) and the meta's rate ratio
with its Katz interval, exp(ln(ratio) ± 1.96 sqrt(1/a - 1/n1 + 1/c - 1/n2)).`},
	{"webinar-curves", "webinar: sessions, the attendance curve, the largest drop, follow-up lists", `Read a webinar attendee report (Zoom, GoTo Webinar, ON24: a row per join and
leave, several rows per person, several webinars by ID or topic; Zoom's
summary, host and panelist sections above the attendee table are skipped)
and measure each webinar.

Sessions of one person (by email) are merged; overlapping ones are a data
error counted in a warning. A row without an email, without a leave time
(and no time in session), or leaving before it joined is set aside and
counted in a warning naming its first line. The webinar runs from --start
(else the first join, cut to the minute) for --length (else to the last
leave); with --start, sessions outside it are set aside and those crossing
a bound clipped, with warnings. A webinar over 24 hours long is an error.

Tables: curve (per --bin slice: present_start, joined, left, present_end,
drop = left - joined, drop_share, the agenda topic on, largest_drop: the
largest drop among the slices that end at least one bin before the end);
webinars (side by side: registered, attended, peak, average minutes, the
largest drop and its topic, the follow-up counts, target-account share);
follow_up (most_not_converted: attended at least --most of it without a
demo request, a converted touch, an opportunity or a stage entry within
--within after it; not_attended: registered only; left_early: left before
the last slice having heard less than --most). Emails are matched to
--leads for lead and account; meta conversion_checked says what was
checked. Target share: target accounts among the attendees' accounts,
flagged under --min-target-share (30%, as funnel accounts flags events).

--agenda FILE: a table of minute (30, 30:00 or 0:30:00 from the start) and
topic, and optionally the webinar (ID or topic) it belongs to.`},
	{"nurture", "nurture: dormant leads, re-engagement, cadence, contact frequency, the program comparison", `Nurturing and re-engagement (funnel nurture; nurture/doc.go has the formulas).

Dormant: a lead with no touch (its creation counts as one) for --dormant
(90d). At each month's end, the leads created before it and not unsubscribed
(--unsubscribe activity types), by the highest rung they had reached then
(velocity's Reached, from --stages, else from the leads' date columns such as
mql_at and sql_at), and the share dormant.

Re-engagement: every gap of --dormant or more between a lead's activities is a
dormant spell, begun at the gap's start plus --dormant; it came back when a
touch ended it before the as-of time. The rate carries a Wilson interval; the
touch that ended it is counted by activity type and channel. Spells begun
late have had less time to end.

Cadence: touches in a lead's first --weeks (13) weeks per week, against
--target-cadence (30/13w: 30 touches in 13 weeks), in bins of the target
(none, under 25%, 25-50%, 50-100%, 100-150%, 150% or more), with the rate
of reaching --outcome (sql) by the as-of time and its Wilson interval. Leads
created less than --weeks before the as-of time are left out.

Contact frequency: each month whose end plus --dormant is before the as-of
time, each lead active at its start (created, not unsubscribed, not dormant),
by its touches in the month per week; it went dormant when no touch came in
the --dormant after the month's end.

Program: members are the leads with a touch or an enrollment (--enrollments,
nurture.csv in --data) of a --program campaign, or with a value in
--program-column; without either, every lead of the enrollments. They are
compared with non-members of the same --strata (lead_source, industry and the
month of created_at), strata without both left out: the Mantel-Haenszel rate
ratio (Greenland-Robins interval) and odds ratio (Robins-Breslow-Greenland
interval, as R's mantelhaen.test) of reaching --outcome, the non-members'
rate standardised to the members' strata, and with --costs the cost per lead
reaching it: each lead priced at its source channel's cost shared by that
source's leads, the members' side adding the --program campaigns' cost.`},
	{"speed-to-lead", "speed: the clock from a lead's start to its first sales touch, bins, alerts", `Speed to lead: for each lead, the time from its start to its first sales
touch at or after it. The start is the lead's entry into --start (default mql;
a record that skipped it started when it entered a later rung), or with
--start-touch its first touch of those activity types or channels (form_fill,
demo_request). A sales touch is a touch whose activity type or channel is one
of --sales-touch; or, with --sales FILE (a CRM Tasks export of calls, emails
and meetings: lead id, date; else sales_activities.csv in --data), every row
of that file, the touches then not searched for sales touches. Starts, touches and stage entries at or after --as-of are
left out; a lead without a sales touch by then is "no sales touch".

Tables: speed_by_delay (the main one): per delay bin (under 5m, 5m-1h, 1h-1d,
1d-1w, over 1w, no sales touch) the leads, and the share that reached --sql
and --opportunity at or after the start, with 95% Wilson intervals;
speed_by_month (of the start), speed_by_owner and speed_by_source (columns of
the leads: --owner, --source, else owner/lead_owner and lead_source/source
when present): median and p90 minutes of the touched leads, the untouched
share, the share touched within 5 minutes and 1 hour.

For cron: with --alert-median 1h, exit 3 when the median delay of the leads
started in the latest complete month (before the month of --as-of) is over
1 hour, a lead without a sales touch counting as slower than any.

  funnel speed --data exports --start-touch demo_request,form_fill --sales-touch call,meeting`},
	{"ab-test", "test: arms, uplift, p-values, the planned size and peeking, with the formulas", `An A/B or holdout test: each unit is in one arm, named by --group (a column
of --assignments, default experiment.csv in --data; else of the leads), and
has a yes/no outcome read as 'funnel fit' reads its target: --target COLUMN
(yes/no, 1/0, a timestamp: converted by --as-of; text with --positive), from
the assignments or from the leads by lead_id, or --target-stage STAGE. The
control is --control, else the arm named control, holdout or A. --unit lead
(a row per lead) or account: an account's leads must share an arm, and the
account converted when any of them did (the analysis is on accounts, which
is what a test assigned by account can claim). Units without an arm or an
outcome, and units that entered at or after --as-of, are left out (counted).

Per arm, x conversions of n units, rate p = x/n, the control x0, n0, p0;
intervals 95%, z = 1.95996:
  rate interval  Wilson: (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)
  uplift         d = p - p0, Newcombe's hybrid score interval (method 10):
                 [d - sqrt((p-l)² + (u0-p0)²), d + sqrt((u-p)² + (p0-l0)²)],
                 [l, u] and [l0, u0] the arms' Wilson intervals
  ratio          RR = p / p0 (relative uplift RR - 1), Katz log interval
                 exp(ln RR ± z sqrt(1/x - 1/n + 1/x0 - 1/n0)); 0.5 added to
                 every cell when a count is 0
  p_value        two-proportion z test, pooled p̄ = (x+x0)/(n+n0):
                 z = d / sqrt(p̄(1-p̄)(1/n + 1/n0)), p = 2(1 - Φ(|z|)) (R
                 prop.test(correct = FALSE)); Fisher's exact test, two-sided
                 (R fisher.test), when an expected count of the 2×2 table is
                 under 5: the test column says which
  p_holm         with two or more treatment arms, Holm's step-down adjustment
                 over them (R p.adjust "holm"); significant: p_holm < --alpha

The plan: the units per arm a two-sided test at level a needs to tell the
control rate p1 = p0 from p2 with --power, R power.prop.test's formula (not
Cohen's h, which statsmodels' NormalIndPower uses):
  n = (z(1-a/2) sqrt(2 p̄(1-p̄)) + z(power) sqrt(p1(1-p1) + p2(1-p2)))² / (p1-p2)²
p̄ = (p1+p2)/2, rounded up; a = --alpha / the treatment arms (Holm's first
step). --mde 10% is a relative uplift (p2 = 1.1 p0), --mde 0.02 an absolute
difference (p2 = p0 + 0.02), --mde 2pp points (the same); a bare number of 1
or more is an error (10% or 10 points?).

Traffic: the units with an entry date (--date, else created_at of the
assignments or of the lead) over (last - first + 1 day) / 7 days;
weeks_needed = n x arms / units_per_week, weeks_left = weeks_needed -
weeks_run.

Peeking: the smallest arm below n is a test read before its planned size: a
warning (stderr and meta peeking: true). Reading a running test again and
again and stopping at the first p < alpha makes false positives far more
likely than alpha. The information fraction t = smallest arm / n; the
Lan-DeMets O'Brien-Fleming boundary of a first look at t spends, on each
side, a1(t) = 2 - 2Φ(z(1-a1/2)/√t) of a1 = a/2, and |z| must reach
Φ⁻¹(1 - a1(t)) (meta obf_boundary_z, obf_nominal_alpha;
sequential_significant: p under the nominal level). It is exact for a
first look; after earlier looks the boundary depends on them.

  funnel test --data exports --group group --target-stage sql --mde 2pp`},
	{"content-stages", "content: how a touch gets its content stage, and the tables", `Stage every touch as top (tofu), middle (mofu) or bottom (bofu) of the funnel
and measure what leads consume.

A touch's content stage: with --content FILE (an inventory: item, url or
campaign; stage tofu|mofu|bofu; format; segment or audience; else
content.csv in --data), the stage of the inventory item that the touch's
item column (item, content_item, content, asset), else its url column (url,
page_url, page, page_path; compared by path), else its campaign names;
otherwise, and without an inventory, by its activity type: trial, demo or
pricing: bofu; white paper, case study or webinar: mofu; visit or blog:
tofu; any other activity has no stage (counted in the meta).

Tables:
  mix         per lifecycle stage (the lead's last stage entered at or before
              the touch, with --stages; "(all)" without) and content stage:
              touches, distinct leads, share = touches / staged touches of
              the lifecycle stage
  conversion  (with --stages) per lifecycle stage and content stage: the leads
              who consumed it there, those who then entered a later stage
              (advanced), rate = advanced / leads
  gaps        lifecycle stages and segments (--segment-by, a leads column,
              default industry) whose touches hold no mofu or no bofu content
  unused      (with an inventory) the items no touch matched, each with its line

An unknown stage tag is an error naming file, line and column; inventory
items that match no touch are a counted warning. attribute --by
content_stage credits the content stages by the same rule.

  funnel content --touches touches.csv --content inventory.xlsx --stages stages.csv --leads leads.csv`},
	{"signal-rules", "signals: traffic drops (exact Poisson rate test), surges, stalled trials, the backtest", `Signals to share with sales, for the latest complete --period (week or month)
that ends by --as-of, each account against its own trailing --baseline
periods. Web activity is the touches (and --web FILE, else web_visits.csv in
--data) whose activity type is one of --web-types.

traffic_drop: accounts in an active sales conversation (an open opportunity,
or a stage of --active-stages entered within --active) whose web touches in
the latest period fell by at least --drop against the baseline rate, with a
baseline of at least --min-baseline touches and a one-sided p-value at most
--alpha by the exact conditional test of two Poisson rates: given n = k +
baseline, k ~ Binomial(n, t1/(t1+t0)) under equal rates (t1, t0 the
lengths of the latest period and of the baseline); p = P(X <= k), and q,
p adjusted over the accounts tested in the period (--p-adjust bh:
Benjamini-Hochberg, q_(i) = min over j >= i of m p_(j) / j, so that at
most --alpha of the alerts are expected to be false; none: q = p), at
most --alpha. The table names the baseline's visitors and the account's
last web activity.

surge: accounts with at least --min-baseline web touches in the latest
period, a rise of at least --surge (any rise from an empty baseline) and
q of p = P(X >= k) at most --alpha; the people involved, and whether the
account is high-intensity already by the rule of funnel accounts
(default: 2 contacts with a touch each within 30 days).

stalled_trial: the latest trial signup (--trial-signup) of each account
whose trial (--trial-length from the signup) runs at --as-of or ended less
than --stall-after before it, with no usage (--trial-usage) by anyone at
the account for --stall-after: since the signup, or since the last use.
Suggested action: offer a live demo (extending an unused trial does not help).

traffic: per period the web touches, distinct visitors and accounts, the
target accounts' share of touches and of visitors (--targets FILE, else the
accounts' target column), and the most visited content items (--content-by,
else a content or url column, else the campaign).

backtest (with --opportunities): every past period with a full baseline
replays the drop rule on the opportunities open at its end; over the
opportunities closed by --as-of, the lost rate of those with a drop while
open against the others, as a risk ratio with its 95% Katz log interval.

Exit code 3 when any traffic drop, stalled trial or surge is found (one
alert line per kind on stderr), for cron.`},
	{"monthly-report", "report: the sheets, --month last and {month}, cron", `Sheets: Summary (the month's key figures next to the previous month's, with
the change and an arrow), Velocity (mean days per stage transition over the
months up to the report's, with a line chart), Conversion, Attribution (the
month's won deals credited to channels by every model, with a bar chart),
Scoring (the lead score's health on the month's outcomes: the leads open at
the start of the month, scored as of then, against whether they converted
in the month; AUC, calibration; and the top open leads at the month's end),
Accounts (accounts that became high-intensity in the month), Market,
Signals (with web activity: the month's traffic drops of accounts in a sales
conversation, stalled trials, surges, web traffic and the backtest, as
funnel signals judges its latest month), Webinars (with an attendee
report: the webinars that started in the month side by side, their
attendance curves and follow-up lists, as funnel webinar gives them) and
Content (with a content inventory: the month's touches staged as funnel
content stages them, the content stage mix per lifecycle stage with a bar
chart, the gaps and the items no touch of the month named) and Nurture
(with touches: the share of the leads dormant at each month's end by
stage, with a line chart, and the dormant spells of each month that came
back, as funnel nurture gives them with the config's nurture section; with
a program, --program, nurture: program or enrollments, or nurture.csv in
the data folder, its members against comparable non-members as of the
month's end), Speed (with stages and sales touches: a sales activities
file, --sales, speed: sales or sales_activities.csv in the data folder,
else touches of the speed: sales_touch types; the month's leads by delay
from MQL to the first sales touch with their conversion to SQL and
opportunity, by owner and source, and the median delay per month with a
line chart, as funnel speed gives them) and Stage credit (with touches and
stages: the month's entries into each lifecycle stage credited to
channels by last touch and linear, one column per stage and model, with a
bar chart, as funnel attribute --milestone all gives them). The dormant
share and the median minutes to the first sales touch are key figures.
An analysis whose inputs are missing is left out and named in the meta.

--month last is the latest complete month in the data (complete through the
day of the latest timestamp). {month} in the config's input paths and in
report.output is replaced by the month; with --month last and {month} in the
inputs, the newest month whose files exist is read. Without -o and --format
the report goes to report.output; --format without -o writes to stdout.

For cron: no prompts; messages on stderr; exit 1 when the month has no data;
exit 3 when a velocity alert fired (velocity: alert_slower in the config)
or the month's median delay to the first sales touch is over
--alert-median (speed: alert_median);
the same inputs give the same bytes (the workbook's dates come from the
data, never the clock).`},
	{"table-finding", "inspect: how the table is found in a file, and what inspect shows", `Show how funnel reads each export: its format (delimiter, encoding,
compression, sheet), which input it looks like, the role each column is
bound to, each column's detected type and date layout, missing values,
ranges, and every problem found (listed, not stopping at the first).

The table is found inside the file: lines above its header (report
titles, dates, "#" comments), footers below it (Salesforce's copyright
and "Generated By" lines) and totals rows ("Grand Totals (16 records)",
"Total: Campaigns", "Subtotal") are not data; each is counted, and the
skipped table lists them with their lines. --header-row N names the
header's line when the guess is wrong.

Tables: files, columns, skipped, problems. Exits 1 when a file has
errors, so a cron job can check its exports before the analyses run.`},
}

// addHelpTopics adds the help topics to root: commands without a run
// function, which cobra lists as "Additional help topics".
func addHelpTopics(root *cobra.Command) {
	for _, t := range helpTopics {
		root.AddCommand(&cobra.Command{Use: t.name, Short: t.short, Long: t.long})
	}
}

// generatorFlags are the shared flags that apply to the commands that
// write a sample instead of reading exports (sample, demo): how and where
// the report is written, and the process's memory ceiling.
var generatorFlags = map[string]bool{"format": true, "output": true, "table": true, "quiet": true, "no-progress": true, "max-memory": true}

// hideReadingFlags keeps the shared flags a generator command does not
// read (the input folder, the config file, the twenty ingestion flags)
// out of its --help: they would say it reads exports. They still parse.
func hideReadingFlags(cmd *cobra.Command) {
	help := cmd.HelpFunc() // cobra's, before cmd has a parent
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		var hidden []*pflag.Flag
		c.InheritedFlags().VisitAll(func(f *pflag.Flag) {
			if !generatorFlags[f.Name] && !f.Hidden {
				f.Hidden = true
				hidden = append(hidden, f)
			}
		})
		defer func() {
			for _, f := range hidden {
				f.Hidden = false
			}
		}()
		help(c, args)
	})
}
