"""Makes the pandas cross-check fixture of velocity/pandas_test.go for a
multi-stage ladder with recycles and skipped stages.

1. gen_stages/stages.csv: /work/shared/bench/gen_stages.py 1200 entities,
   seed 5 (awareness, engaged, mql, sql, opportunity, customer; stalls,
   sql -> mql recycles, skipped stages), rows grouped by entity.
2. pandas_gen_stages_monthly.csv: pandas' monthly figures per adjacent pair,
   computed like /work/shared/bench/peer_velocity_pandas.py but with the
   definition of `funnel velocity`: merge_asof backward with
   allow_exact_matches=True (the peer uses False; no entry of this file
   shares a timestamp with its earlier stage, so both agree here);
   count, mean, median, 0.9 quantile (linear) of days; and, from the
   entries sorted per entity by (time, ladder position), recycles (an entry
   below the previous one, counted on the pair that starts at it) and
   skipped stages (each stage jumped over, counted on the pair that ends at
   it), in the period of the entry.

Run with /usr/bin/python3 (pandas 1.5.3, Debian): the tests never call it.
"""
import os, subprocess, sys
import pandas as pd

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "gen_stages")
subprocess.run([sys.executable, "/work/shared/bench/gen_stages.py", "1200", out, "5"], check=True)
ladder = ["awareness", "engaged", "mql", "sql", "opportunity", "customer"]
S = pd.read_csv(os.path.join(out, "stages.csv"), parse_dates=["entered_at"])
S["k"] = S["stage"].map({s: i for i, s in enumerate(ladder)})
S["period"] = S.entered_at.dt.strftime("%Y-%m")
S = S.sort_values(["entered_at"], kind="stable")
rows = []
for k in range(len(ladder) - 1):
    a = S[S.k == k][["entity_id", "entered_at"]].rename(columns={"entered_at": "t_from"})
    b = S[S.k == k + 1][["entity_id", "entered_at"]].rename(columns={"entered_at": "t_to"})
    m = pd.merge_asof(b, a, left_on="t_to", right_on="t_from", by="entity_id",
                      direction="backward", allow_exact_matches=True).dropna()
    m["days"] = (m.t_to - m.t_from).dt.total_seconds() / 86400
    m["period"] = m.t_to.dt.strftime("%Y-%m")
    g = m.groupby("period").days.agg(transitions="count", mean_days="mean", median_days="median",
                                      p90_days=lambda x: x.quantile(0.9))
    g["from_stage"], g["to_stage"] = ladder[k], ladder[k + 1]
    rows.append(g.reset_index())
V = pd.concat(rows)

E = S.sort_values(["entity_id", "entered_at", "k"], kind="stable").copy()
E["prev"] = E.groupby("entity_id").k.shift()
E = E.dropna(subset=["prev"])
rec = E[E.k < E.prev].assign(from_stage=lambda d: d.k.map(lambda k: ladder[k]))
rec = rec.groupby(["period", "from_stage"]).size().rename("recycles").reset_index()
sk = []
for _, e in E[E.k > E.prev + 1].iterrows():
    for m_ in range(int(e.prev) + 1, int(e.k)):
        sk.append({"period": e.period, "to_stage": ladder[m_]})
sk = pd.DataFrame(sk).groupby(["period", "to_stage"]).size().rename("skipped").reset_index()
V = V.merge(rec, on=["period", "from_stage"], how="outer").merge(sk, on=["period", "to_stage"], how="outer")
V["from_stage"] = V.from_stage.fillna(V.to_stage.map(lambda s: ladder[ladder.index(s) - 1] if isinstance(s, str) else s))
V["to_stage"] = V.to_stage.fillna(V.from_stage.map(lambda s: ladder[ladder.index(s) + 1]))
V[["transitions", "recycles", "skipped"]] = V[["transitions", "recycles", "skipped"]].fillna(0).astype(int)
V = V.sort_values(["period", "from_stage", "to_stage"])
V[["period", "from_stage", "to_stage", "transitions", "mean_days", "median_days", "p90_days", "recycles", "skipped"]].to_csv(
    os.path.join(here, "pandas_gen_stages_monthly.csv"), index=False, float_format="%.17g")
print(f"pandas {pd.__version__}: {len(S)} entries, {V.transitions.sum()} transitions, {V.recycles.sum()} recycles, {V.skipped.sum()} skipped")
