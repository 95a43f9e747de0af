// Package experiment reads an A/B or holdout test: each unit (a lead, or
// an account with its leads) is in one arm, named by a group column, and
// has a yes/no outcome, read as `funnel fit` reads its target (a yes/no,
// 0/1 or timestamp column, or a stage reached). It is the core of
// `funnel test`; it does no I/O.
//
// Terms, for an arm with x conversions of n units, rate p = x/n, and the
// control with x0, n0, p0 (intervals at Conf, 95%; z = Φ⁻¹(0.975)):
//
//   - rate interval: Wilson's score interval (market.Wilson).
//   - uplift d = p - p0, with Newcombe's hybrid score interval (method 10
//     of Newcombe 1998) from the Wilson intervals [l, u] and [l0, u0]:
//     [d - sqrt((p - l)² + (u0 - p0)²), d + sqrt((u - p)² + (p0 - l0)²)].
//   - ratio (relative uplift + 1) RR = p / p0, with the Katz log interval
//     exp(ln RR ± z sqrt(1/x - 1/n + 1/x0 - 1/n0)) (accounts.RiskRatio;
//     0.5 added to every cell when a count is 0).
//   - p-value: the two-proportion z test with the pooled rate
//     p̄ = (x + x0)/(n + n0), z = d / sqrt(p̄(1-p̄)(1/n + 1/n0)), two-sided
//     (R's prop.test(correct = FALSE)); Fisher's exact test, two-sided as
//     R's fisher.test, when an expected count of the 2×2 table is under 5.
//     With two or more treatment arms the p-values are adjusted by Holm's
//     step-down method (R's p.adjust "holm"), and significant means the
//     adjusted p-value is under alpha.
//   - plan: the units per arm a two-sided test at level a needs to
//     detect the control rate p1 = p0 against p2 (p0 (1 + MDE) for a
//     relative MDE, p0 + MDE for an absolute one) with the given power,
//     R's power.prop.test formula (not Cohen's h):
//     n = (z(1-a/2) sqrt(2 p̄(1-p̄)) + z(power) sqrt(p1(1-p1) + p2(1-p2)))² / (p1 - p2)²,
//     p̄ = (p1 + p2)/2, rounded up; a = alpha / the treatment arms (Holm's
//     first step, so that each comparison is planned at the strictest
//     level it may meet).
//   - information fraction t: the smallest arm's units over the planned
//     units per arm, at most 1; peeking: t < 1, a reading before the
//     planned size, warned of.
//   - sequential reading: the Lan-DeMets O'Brien-Fleming boundary of a
//     first look at t, each side spending α₁(t) = 2 - 2Φ(z(1-α₁/2)/√t) of
//     α₁ = a/2; a p-value under its nominal level 2(1 - Φ(boundary)) is
//     significant read at t. After earlier looks the exact boundary
//     depends on them; this one is the first look's.
//   - traffic: the units with an entry date over the weeks from the first
//     entry to the last plus a day; weeks needed = planned units of every
//     arm / units per week, weeks left = weeks needed - weeks run.
package experiment
