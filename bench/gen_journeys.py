"""Event-log workload for `funnel attribute --touches` and the ingest benchmark.

Usage: /usr/bin/python3 gen_journeys.py N DIR [SEED]

Writes DIR/touches.csv (lead_id, occurred_at, activity_type, channel, campaign, converted, value): N leads,
one journey each, 1 + Poisson(4) touches (about 5N rows), in time order within a lead. A journey converts
with probability logistic(-2.6 + sum of its touches' channel effects); its last touch then carries
converted=1 and the deal value. Channel effects are fixed below, so the data is the same for the same seed.
"""
import csv, math, random, sys, datetime as dt

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 11)
channels = ["organic_search", "paid_search", "social", "email", "events", "webinar",
            "content_syndication", "referral", "direct", "sales_outreach"]
effect = [0.10, 0.15, 0.02, 0.05, 0.35, 0.25, 0.08, 0.40, 0.05, 0.30]
kinds = ["web_visit", "pricing_view", "whitepaper", "email_click", "event_visit", "webinar", "demo_request"]
t0 = dt.datetime(2024, 1, 1)


def pois(lam):
    lim, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p < lim:
            return k
        k += 1


with open(f"{out}/touches.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["lead_id", "occurred_at", "activity_type", "channel", "campaign", "converted", "value"])
    for i in range(n):
        lid = f"L{i:07d}"
        k = 1 + pois(4.0)
        t = t0 + dt.timedelta(seconds=rng.randrange(86400 * 540))
        chs = [rng.randrange(len(channels)) for _ in range(k)]
        eta = -2.6 + sum(effect[c] for c in chs)
        conv = rng.random() < 1 / (1 + math.exp(-eta))
        for j, c in enumerate(chs):
            last = j == k - 1
            w.writerow([lid, t.strftime("%Y-%m-%d %H:%M:%S"), rng.choice(kinds), channels[c],
                        f"C{c:02d}{rng.randrange(4)}", 1 if conv and last else 0,
                        f"{rng.lognormvariate(9.5, 0.8):.2f}" if conv and last else ""])
            t += dt.timedelta(seconds=int(rng.expovariate(1 / (86400 * 6))) + 60)
