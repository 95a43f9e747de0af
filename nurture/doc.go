// Package nurture measures nurturing and re-engagement (issue 20): the
// core of `funnel nurture`. It does no I/O.
//
// Terms (D is Options.Dormant, AsOf the as-of time):
//
//   - A lead's activity: its creation (created_at, else its first touch)
//     and its touches before AsOf; an unsubscribe (Options.Unsubscribe
//     activity types) is no touch.
//   - Dormant at time E: no activity in (E - D, E), i.e. E - last >= D.
//     nurture_dormancy counts, at each complete month's end E, the leads
//     created before E and not unsubscribed before E, by the highest
//     rung they had reached by E (velocity.Reached), and the dormant.
//   - A dormant spell: a gap of D or more between consecutive activities
//     (the last one and AsOf included), begun at its start + D (not after
//     the lead's unsubscribe); it came back when a touch ended it.
//     reengagement_rate = came_back / spells (Wilson interval).
//   - Cadence: c / W touches per week, c the touches in [created,
//     created + W weeks), W = Options.Weeks, over leads created W weeks
//     or more before AsOf, binned by c/W over the target
//     TargetTouches/TargetWeeks; rate = leads of the bin that reached
//     Options.Outcome by AsOf / leads of the bin.
//   - Contact frequency: for a month [S, E) with E + D <= AsOf and a lead
//     created before S, not unsubscribed before S and not dormant at S:
//     touches in [S, E) / ((E - S) / 7 days); it went dormant when no
//     touch fell in [E, E + D).
//   - Nurtured vs not: per stratum (the leads' Strata columns, the month
//     of created_at) with members n1 of which a reached the outcome and
//     non-members n0 of which c, T = n1 + n0, over the strata with both:
//     RR_MH = sum(a n0/T) / sum(c n1/T) with the Greenland-Robins
//     variance; OR_MH = sum(a d/T) / sum(b c/T) (b = n1 - a, d = n0 - c)
//     with the Robins-Breslow-Greenland variance, as R's mantelhaen.test;
//     the standardised non-member rate sum(n1 c/n0) / sum(n1). With
//     costs: a lead's acquisition cost is its source channel's cost
//     (rows not of the program) over the leads of that source; the
//     members' cost adds the program campaigns' cost; cost per reached =
//     cost / leads that reached the outcome.
package nurture
