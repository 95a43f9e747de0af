// Package sample writes a synthetic but realistic B2B export set with
// planted ground truth: accounts, leads (contacts in buying committees),
// touches, lifecycle stage history, opportunities and monthly campaign
// costs, as CSV files with canonical role names as headers, plus
// truth.json that records the parameters the data were drawn from. It
// feeds `funnel demo`, `funnel sample`, tests and benchmarks.
//
// # Files
//
//   - accounts.csv: account_id, account_name, industry, region, employees
//     (log-uniform 10 to 50,000), revenue, target (1 for the ~20% on the
//     target-account list). About 12% of accounts have no contact yet.
//   - leads.csv: lead_id, account_id, email, created_at (first stage
//     event), job_title, seniority, industry, region, employees (the
//     account's), lead_source (channel of the lead's first touch),
//     lifecycle_stage (latest), mql_at and sql_at (first entries), won (1/0),
//     won_at (when the deal of which the lead is the primary contact was
//     won; empty otherwise). Buying committees of 1 to 8 leads per account,
//     more for bigger accounts.
//   - touches.csv: lead_id, account_id, occurred_at, activity_type, channel,
//     campaign, converted, value; grouped by lead, in time order. A won
//     lead's last touch before won_at has converted=1 and value = the won
//     deal's amount (so an event-log journey is exactly the lead's touches
//     before its win); every other touch has converted=0 and no value. Won
//     leads also have onboarding touches after won_at (campaign "Customer
//     Onboarding"), which a leakage-safe fit must not count.
//   - stages.csv (long): entity_id (a lead_id), stage, entered_at over the
//     lifecycle awareness, friend, name, engaged, prospect, mql, sql,
//     opportunity, customer; per lead in time order, with skipped stages,
//     recycles (sql back to mql), re-entries and stalls of months.
//   - opportunities.csv: opportunity_id, account_id, lead_id (primary
//     contact), created_at (entry into opportunity), closed_at (empty while
//     open), amount, won (1/0, empty while open), stage.
//   - costs.csv: channel, campaign, period (YYYY-MM), cost: the monthly
//     cost of every paid campaign while it runs (direct has none).
//   - web_visits.csv: lead_id, account_id, occurred_at, activity_type,
//     url: web visits and trials planted for `funnel signals` from a
//     random stream of their own (SignalsTruth), read as touches besides
//     touches.csv.
//   - webinar_attendees.csv, agenda.csv: two webinars' attendee report
//     (Webinar ID, Title, Email, Registration Time, Attended, Join Time,
//     Leave Time, Time in Session: a row per session, a row per no-show)
//     with a drop planted during a topic of the first one's agenda
//     (WebinarTruth); half the attendees and half the no-shows have the
//     email of a lead created before the earliest registration, a few
//     target accounts sending two to four people each and every other
//     known person the only one of their account, the rest new people,
//     from a random stream of their own (WebinarAccountsTruth).
//   - content.csv: item, campaign, stage, format, audience: a content
//     inventory for `funnel content`, a row per campaign (its stage by
//     its channel: search, paid search and social tofu; email, events,
//     webinars and syndication mofu; direct, partners, outbound and
//     onboarding bofu; the tags spelt as a spreadsheet kept by hand spells
//     them) and three items no touch names, from a random stream of its
//     own (ContentTruth).
//   - experiment.csv: lead_id, account_id, assigned_at (the lead's
//     created_at), group (control, treatment): an A/B test for `funnel
//     test` over the leads created in the last 16 weeks, drawn from a
//     random stream of its own so that the treatment's expected SQL rate
//     (sql_at of leads.csv) is the pool's x 1.25 and the control's the
//     pool's (ExperimentTruth).
//   - sales_activities.csv: Activity ID, Lead ID, Subject, Type (Call,
//     Email, Meeting), Assigned, Date: the sales team's follow-up of the
//     leads that reached MQL, a Salesforce Tasks-like export for `funnel
//     speed --sales`, from a random stream of its own; the delay to a
//     lead's first sales touch is drawn by whether the lead reached SQL,
//     planting a known conversion rate per delay bin (SpeedTruth).
//   - social_touches.csv: lead_id, account_id, occurred_at, activity_type,
//     channel (paid_social), campaign: a LinkedIn Ads export for `funnel
//     attribute --extra-touches`, from a random stream of its own: a touch
//     just before the MQL of a share of the MQL leads, far more of those
//     that never reached opportunity, so the channel's credit is large at
//     MQL and near zero at customer (StageChannelTruth, exact per stage).
//
// Timestamps are "YYYY-MM-DD HH:MM:SS" in UTC; the data end on Config.End
// (default 2026-10-31) and start on the first day of the month Months-1
// months before; older leads bring some stage history from before the
// start. The latest timestamp, an onboarding touch in the last second of
// End, is the default --as-of of the analyses.
//
// # Planted truth
//
// The generating mechanism is built so that each analysis can be checked
// against truth.json (see Truth): a lead's won flag is exactly logistic in
// its counts of touches per activity type before its cutoff and its
// industry (lead scoring); the channel of each of those touches carries a
// known log-odds effect (attribution); the duration of each adjacent stage
// transition is lognormal with parameters planted per month of the later
// entry, with a slowdown of mql->sql and opportunity->customer in the last
// three months (velocity); and won accounts concentrate in a planted
// profile of industry, region and size (lookalikes).
//
// Everything is drawn from one seeded PCG source and fixed time anchors,
// never the clock: the same Config gives byte-identical files.
//
// Known limits: counts are drawn per lead, not per day, so a lead's touches
// are spread evenly over its active time; the last two months hold 10-25%
// fewer entries into the middle stages than the months before (wins cannot
// lie past the end of the data, and the planted slowdown moves earlier
// entries back).
package sample
