"""Checks that `funnel fit` recovers the weights planted by ../shared/bench/gen_b2b.py.

Usage: /usr/bin/python3 check_truth.py FIT.json TRUTH.json

FIT.json is `funnel fit --target won_at --features industry --format json`; TRUTH.json the generator's
truth.json. funnel codes industry against its most frequent level r (meta reference_levels), the generator
against Software = 0, so the planted values are re-expressed for that coding:
    (intercept)  = beta0 + industry_beta[r]
    industry=X   = industry_beta[X] - industry_beta[r]
    activity a   = beta[a]
Prints one line per term (estimate, std_error, truth, z = (estimate - truth) / std_error) and exits 1
when any |z| > 3 or a planted term is missing.
"""
import json, sys

fit, truth = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ref = fit["meta"]["reference_levels"]
assert ref.startswith("industry="), ref
r = ref.split("=", 1)[1]
want = {"(intercept)": truth["beta"]["(intercept)"] + truth["industry_beta"][r]}
for k, v in truth["beta"].items():
    if k != "(intercept)":
        want[k] = v
for k, v in truth["industry_beta"].items():
    if k != r:
        want[f"industry={k}"] = v - truth["industry_beta"][r]
got = {row["term"]: row for row in fit["tables"]["coefficients"]}
bad = 0
print(f"{'term':24s} {'estimate':>10s} {'std_error':>10s} {'truth':>8s} {'z':>7s}  within 3 SE")
for term, w in want.items():
    row = got.get(term)
    if row is None:
        print(f"{term:24s} missing from the fit")
        bad += 1
        continue
    z = (row["estimate"] - w) / row["std_error"]
    ok = abs(z) <= 3
    bad += not ok
    print(f"{term:24s} {row['estimate']:10.5f} {row['std_error']:10.5f} {w:8.3f} {z:7.2f}  {'yes' if ok else 'NO'}")
print(f"reference level {r}; rows_used {fit['meta']['rows_used']}; log_likelihood {fit['meta']['log_likelihood']:.8f}")
print("truth recovered: all planted weights within 3 SE" if bad == 0 else f"truth NOT recovered: {bad} term(s) off")
sys.exit(1 if bad else 0)
