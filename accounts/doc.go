// Package accounts looks at accounts, not single leads: the buying
// committee of a company as one unit, the computational core of
// `funnel accounts` (Analyze, Analysis.Report) and of the Accounts sheet
// of `funnel report`. It does no I/O: it takes a funnel.Dataset and typed
// Options and returns an Analysis and a *funnel.Report.
//
// Accounts are those of the accounts table, the leads, the touches, the
// opportunities and the target list (index.go). A contact is a lead_id; a
// touch belongs to its account_id, or when that is missing to its lead's
// account in the leads; its activity type is its activity_type, else its
// channel (funnel.ActivityRole). Touches and opportunities after the as-of
// time are left out.
//
// Definitions:
//
//   - High intensity (intensity.go): an account becomes high-intensity at
//     the first touch time t at which at least MinPeople distinct contacts
//     each have at least MinTouches touches in the trailing window
//     [t - Window, t], both ends included (default: 2 contacts, 1 touch
//     each, 30 days). The rule only becomes true at a touch.
//   - Quarter share: of the accounts with a touch in a quarter (active),
//     the share that were high-intensity at one of those touches:
//     share = high-intensity / active.
//   - Opportunity follow-up (intensity.go): an account's anchor is the
//     moment it became high-intensity, else (engaged accounts) its first
//     touch; opportunity_within_30d says an opportunity was created at a
//     time t with anchor <= t <= anchor + 30 days. Accounts with an
//     opportunity before the anchor (t < anchor), or anchored less than
//     30 days before the as-of time (censored), are left out of the
//     rates. The rates of high-intensity (a of n1) and other engaged
//     accounts (c of n2) are compared by their risk ratio (a/n1) / (c/n2)
//     with the Katz log interval exp(ln(ratio) ± 1.96 se), se = sqrt(1/a -
//     1/n1 + 1/c - 1/n2) (RiskRatio).
//   - Pattern (patterns.go): an ordered pair of activity types A != B with
//     a touch of A at s and one of B at t, s < t <= s + Gap (default 7
//     days), among an account's touches up to its outcome moment (all of
//     them when it did not reach the outcome). rate = accounts with the
//     pair that reached the outcome / accounts with the pair; lift = rate
//     / rate of the accounts with A but not the pair. Per segment
//     (segments.go, Options.PatternBy): the same counts over the accounts
//     of each segment of account columns (the accounts table's, else the
//     first value among the account's leads).
//   - Buying phase (phases.go): an activity type's phase, engage,
//     interact or convert (other when no rule names it), by
//     Options.PhaseOf, else by its name (DefaultPhase). A touch's
//     position in its account's span of touches is (t - first) / (last -
//     first); mean_position averages it over a type's or a phase's
//     touches, early_share = touches with position < 0.5 / touches with a
//     position (accounts whose touches share one time have none).
//   - Lookalike (lookalike.go): positive-unlabeled learning (Elkan and
//     Noto 2008). A logistic classifier g(x) = P(labeled | x) is fitted on
//     80% of the accounts (one stratified fold in five held out), with a
//     small l2 penalty; c = mean g(x) over the held-out labeled accounts
//     estimates P(labeled | positive), and probability(x) = min(1, g(x) /
//     c). Recall on the held-out fifth is compared with a random ranking
//     that flags as many accounts: lift = recall / flagged share.
//   - ABM metrics (abm.go), for the target accounts and the others:
//     penetration = engaged accounts / accounts; touch share = the
//     group's touches / all accounts' touches, pipeline share likewise of
//     opportunity amounts; win rate = won / (won + lost) by
//     funnel.OpportunityOutcomes; average deal size = won amount / won
//     opportunities with an amount; each campaign's (else channel's) cost
//     split between the two groups in proportion to their touches of it,
//     and cost per opportunity = cost / opportunities. A campaign's target
//     share = target accounts / accounts among its engaged accounts (those
//     with a touch of it).
//   - Tiers (tiers.go): an account's ABM program, one-to-one, one-to-few
//     or one-to-many (ParseTier reads 1:1, 1:few, 1:many and the like),
//     from Options.Tiers or the accounts' tier column. Without a target
//     list the accounts with a tier are the targets. Each tier is a
//     segment of the abm table (and "no tier", so the rows partition the
//     accounts), of target_share and of event_targets.
//   - Target share (share.go), per month m of the window (ShareMonths
//     ending with the month of the second before the as-of time, from the
//     first month with data) and segment g: share = part of g / total of
//     all accounts, for touches, responses (touches whose activity type
//     passes IsResponse, or is one of Options.Responses), attendees
//     (people by email at an event, in the month of their first join) and
//     pipeline (amounts of the opportunities created in m).
//     total_up_share_down lists the measures with total(m) > total(m-1)
//     and share(m) < share(m-1); the target accounts' in the last month
//     are warnings.
//   - Events (events.go), per event of the attendee report and segment:
//     the segment's accounts with an attendee (a), with two or more (b),
//     b / a and b / the segment's accounts. An attendee's account is that
//     of the first lead with their email.
//   - Backtest (backtest.go): lookalikes ranked with the data as of D
//     (Analyze as of D); an unlabeled account converted when it reached
//     the positives in (D, min(D + Horizon, as-of)]; the top Top (else
//     ceil(n/10)) against the others by RiskRatio.
//
// accounts imports scoring, and only for the lookalikes: they are a
// logistic regression (scoring.Logistic on a scoring.Design, validated by
// scoring.StratifiedFolds and scoring.AUC), and a second one would be a
// copy. scoring does not import accounts.
//
// Memory: the touches are read in two passes over their columns and kept
// as one time-ordered index per account (4 bytes a touch, plus the 4-byte
// offsets per account); everything else is per account, per lead, per
// activity type or per Dict code (a few counters, reset per account); the
// patterns count pairs in a types x types table (MaxPatternTypes bounds
// it).
package accounts
