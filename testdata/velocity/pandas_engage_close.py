"""Makes the pandas cross-check fixture of velocity/pandas_test.go.

1. opportunities_engage_close.csv: 400 opportunities (seed 20260401) with an
   engage date and, for most, a close date: same-day closes, open ones (no
   close date) and a few closed "before" engagement (data errors), over
   2024-01 .. 2025-08 (with the leap day 2024-02-29).
2. pandas_engage_close_monthly.csv: pandas' monthly figures for the
   definition of `funnel velocity`: the wide table melted to stage entries;
   every entry into Closed matched to the latest entry into Engaged at or
   before it (merge_asof, direction backward, allow_exact_matches=True: a
   same-day close is 0 days); days = timedelta / 86400 s; period = the
   close's month; count, mean, median and the 0.9 quantile (linear).

Run with /usr/bin/python3 (pandas 1.5.3, Debian): the tests never call it.
"""
import csv, os, random, datetime as dt
import pandas as pd

here = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20260401)
start = dt.date(2024, 1, 1)
rows = []
for i in range(400):
    engage = start + dt.timedelta(days=rng.randrange(540))
    u = rng.random()
    if u < 0.15:
        close = None                                   # still open
    elif u < 0.20:
        close = engage                                 # closed the same day
    elif u < 0.23:
        close = engage - dt.timedelta(days=rng.randrange(1, 20))  # a data error
    else:
        close = engage + dt.timedelta(days=int(rng.expovariate(1 / 45)) + 1)
    rows.append([f"OPP-{i:04d}", engage.isoformat(), close.isoformat() if close else ""])
with open(os.path.join(here, "opportunities_engage_close.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["opportunity_id", "engage_date", "close_date"])
    w.writerows(rows)

W = pd.read_csv(os.path.join(here, "opportunities_engage_close.csv"), parse_dates=["engage_date", "close_date"])
S = W.melt(id_vars="opportunity_id", value_vars=["engage_date", "close_date"], var_name="stage", value_name="entered_at").dropna()
S = S.sort_values("entered_at")
a = S[S.stage == "engage_date"][["opportunity_id", "entered_at"]].rename(columns={"entered_at": "t_from"})
b = S[S.stage == "close_date"][["opportunity_id", "entered_at"]].rename(columns={"entered_at": "t_to"})
m = pd.merge_asof(b, a, left_on="t_to", right_on="t_from", by="opportunity_id",
                  direction="backward", allow_exact_matches=True).dropna()
m["days"] = (m.t_to - m.t_from).dt.total_seconds() / 86400
m["period"] = m.t_to.dt.strftime("%Y-%m")
g = m.groupby("period").days.agg(transitions="count", mean_days="mean", median_days="median",
                                  p90_days=lambda x: x.quantile(0.9))
g.to_csv(os.path.join(here, "pandas_engage_close_monthly.csv"), float_format="%.17g")
print(f"pandas {pd.__version__}: {len(W)} opportunities, {int(g.transitions.sum())} transitions, {len(g)} months")
