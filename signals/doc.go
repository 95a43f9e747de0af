// Package signals finds account-level signals for sales, the
// computational core of `funnel signals` (Analyze, Result.Report). It
// does no I/O: it takes a funnel.Dataset (touches, and leads, accounts,
// opportunities and stages when present), an extra touches table of web
// activity (Options.Web) and typed Options, and returns a Result.
//
// A touch belongs to its account_id, else to its lead's account in the
// leads; a contact is a lead_id. Web activity is the touches whose
// activity type (activity_type, else channel) is one of WebTypes
// (default web_visit, page_view, pricing_page_view); trial signups and
// usage likewise by TrialSignup (free_trial_signup, trial_signup) and
// TrialUsage (trial_usage, trial_login). Touches at or after AsOf (the
// first second not yet known) are left out.
//
// Definitions:
//
//   - Periods: calendar months or ISO weeks in Location (velocity's
//     calendar); the latest period is the last one that ends by AsOf, the
//     baseline the Baseline (3) periods before it. t1 and t0 are the
//     lengths in seconds of the latest period and of the baseline; k and
//     n0 an account's web touches in them.
//   - Rate test (ratetest.go, RateTest): the exact conditional test of two
//     Poisson rates (Przyborowski and Wilenski 1940; R's poisson.test):
//     given n = k + n0, k ~ Binomial(n, p), p = t1 / (t1 + t0) under equal
//     rates; p-value of a drop P(X <= k), of a rise P(X >= k).
//   - change = (k / t1) / (n0 / t0) - 1; expected = n0 t1 / t0.
//   - Multiple testing (adjust.go): a period tests many accounts at
//     once, so the rules compare q, the p-value adjusted over the
//     period's family of tests, with Alpha: Benjamini-Hochberg
//     (Benjamini and Hochberg 1995; R's p.adjust(p, "BH")), with the m
//     p-values of the family sorted p_(1) <= ... <= p_(m),
//     q_(i) = min_{j >= i} min(1, m p_(j) / j), which keeps the expected
//     share of false alerts among the alerts at most Alpha. The family of
//     drops is the active accounts with n0 >= MinBaseline (in the
//     backtest: the accounts of the opportunities open at the period's
//     end with n0 >= MinBaseline), of surges every account with k >=
//     MinBaseline. Adjust none makes q = p.
//   - Active sales conversation (drops.go): an opportunity open at AsOf
//     (funnel.OpportunityOutcomes), or an entry into one of ActiveStages
//     (sql, opportunity) within Active (90 days) before AsOf, by a lead of
//     the account (or the account itself as entity_id).
//   - traffic_drop: an active account with n0 >= MinBaseline (10), change
//     <= -Drop (50%) and q of P(X <= k) <= Alpha (0.05).
//   - surge: any account with k >= MinBaseline, change >= Surge (100%; any
//     rise when n0 = 0, change NA) and q of P(X >= k) <= Alpha; people = its
//     distinct contacts in the latest period; high_intensity is
//     accounts.Analyze's rule with its defaults on the touches, as of the
//     same time.
//   - stalled_trial (trials.go): an account's latest signup s; the trial
//     runs to e = s + TrialLength (30 days) and is judged while it runs
//     or for StallAfter (7 days) after it ended, at j = min(AsOf, e): it
//     is stalled when j - (the last usage by anyone at the account in [s,
//     j), else s) >= StallAfter ("no usage" or "usage stopped"). Suggested
//     action: offer a live demo.
//   - traffic (traffic.go): per period, visits = web touches, visitors =
//     distinct contacts, accounts = distinct accounts; target share of
//     visits = target accounts' visits / visits, of visitors likewise;
//     top content = the three items (ContentBy, else a content or url
//     column, else campaign) with the most visits.
//   - backtest (backtest.go): for every period P with a full baseline,
//     the opportunities open at its end (created before it, not closed
//     before it) are alerted when their account has a traffic drop at P.
//     Over the opportunities closed by AsOf that were open at the end of
//     a judged period, a = alerted and lost of n1 alerted, c = lost of n2
//     others; risk ratio (a/n1) / (c/n2) with the 95% Katz log interval
//     (accounts.RiskRatio).
//
// signals imports accounts (high intensity, the risk ratio) and velocity
// (the calendar); neither imports signals.
package signals
