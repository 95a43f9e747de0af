"""Summarizes a bench/run.sh results folder as markdown: the timings table and a verdict per target.

Usage: /usr/bin/python3 summarize.py RESULTS_DIR

Reads hf_*.json (hyperfine --export-json), rss_*.txt (/usr/bin/time -v), out_*.txt (the commands' stdout)
and machine.txt, all written by bench/run.sh. Every figure it prints comes from those files.
"""
import glob, json, os, re, statistics, sys

d = sys.argv[1]
runs = {}  # command name -> hyperfine result
for f in sorted(glob.glob(os.path.join(d, "hf_*.json"))):
    for r in json.load(open(f))["results"]:
        runs[r["command"]] = r
rss = {}  # command name -> peak RSS in KiB
for f in glob.glob(os.path.join(d, "rss_*.txt")):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f).read())
    if m:
        rss[os.path.basename(f)[4:-4]] = int(m.group(1))


def out(name):
    p = os.path.join(d, f"out_{name}.txt")
    return open(p).read() if os.path.exists(p) else ""


def med(name):
    return statistics.median(runs[name]["times"]) if name in runs else None


def mib(name):
    return rss[name] / 1024 if name in rss else None


def fmt(x, spec=".2f", none="n/a"):
    return none if x is None else format(x, spec)


if os.path.exists(os.path.join(d, "machine.txt")):
    print("```\n" + open(os.path.join(d, "machine.txt")).read().strip() + "\n```\n")

print("| command | median s | min s | mean ± sd s | runs | peak RSS MiB |")
print("|---|---:|---:|---:|---:|---:|")
for name, r in runs.items():
    t = r["times"]
    sd = statistics.stdev(t) if len(t) > 1 else 0.0
    print(f"| {name} | {statistics.median(t):.3f} | {min(t):.3f} | {statistics.mean(t):.3f} ± {sd:.3f} | {len(t)} | {fmt(mib(name), '.1f')} |")
print()

rows = []  # (target, figure, verdict)


def target(desc, figure, ok, miss=""):
    if ok is None:
        rows.append((desc, figure, "not measured"))
    else:
        rows.append((desc, figure, "met" if ok else "NOT met" + (f" ({miss})" if miss else "")))


fit, base, rg, pd_ = med("funnel_fit"), med("csvread"), med("r_glm"), med("pandas_statsmodels")
if fit and base:
    q = fit / base
    target("fit <= 1.5x encoding/csv read-only", f"{fit:.2f} s / {base:.2f} s = {q:.2f}x", q <= 1.5,
           f"{q / 1.5:.2f}x over the limit; {fit - 1.5 * base:.2f} s too slow")
pairs = os.path.join(d, "pairs_fit.txt")
if os.path.exists(pairs):
    pr = [tuple(map(float, l.split())) for l in open(pairs) if len(l.split()) == 2]
    if pr:
        q = statistics.median(b / a for a, b in pr)
        target("fit <= 1.5x encoding/csv read-only, interleaved pairs", f"median of {len(pr)} pair ratios = {q:.2f}x", q <= 1.5,
               f"{q / 1.5:.2f}x over the limit")
for peer, p, want in (("R data.table + glm", rg, 5), ("pandas + statsmodels", pd_, 10)):
    if fit and p:
        q = p / fit
        target(f"fit >= {want}x faster than {peer}", f"{p:.2f} s / {fit:.2f} s = {q:.1f}x", q >= want,
               f"{q:.1f}x of {want}x")
for peer, name in (("R", "r_glm"), ("pandas", "pandas_statsmodels")):
    if mib("funnel_fit") and mib(name):
        q = mib("funnel_fit") / mib(name)
        target(f"fit peak RSS < 25% of {peer}'s", f"{mib('funnel_fit'):.0f} / {mib(name):.0f} MiB = {100 * q:.0f}%", q < 0.25,
               f"{100 * q:.0f}% of 25%")
v = med("funnel_velocity")
if v:
    pv = med("pandas_velocity")
    fig = f"{v:.2f} s" + (f" (pandas {pv:.2f} s: {pv / v:.1f}x)" if pv else "")
    target("velocity, 10M stage rows, < 20 s", fig, v < 20, f"{v - 20:.1f} s over")
m = med("funnel_attribute_paths_markov")
if m:
    target("Markov o1 on PathData >= 50x faster than ChannelAttribution (issue: 1-3 s; not installable here)",
           f"{1000 * m:.1f} ms end-to-end: {1 / m:.0f}x-{3 / m:.0f}x vs 1-3 s", 1 / m >= 50,
           f"{1 / m:.0f}x vs the 1 s bound")
j = med("funnel_attribute_journeys")
if j:
    target("attribute, 1M journeys (~5M touch rows), every model but Shapley, < 15 s", f"{j:.2f} s, {fmt(mib('funnel_attribute_journeys'), '.0f')} MiB",
           j < 15, f"{j - 15:.1f} s over")
s = med("funnel_sample")
if s:
    target("sample --lead-count 100000 well under 20 s", f"{s:.2f} s", s < 20, f"{s - 20:.1f} s over")
if "ingest_touches" in rss:
    mb = rss["ingest_touches"] * 1024 / 1e6
    m_ = re.search(r"rows (\d+)", out("ingest_touches"))
    nrows = int(m_.group(1)) if m_ else 0
    target(f"ingest of {nrows:,} touch rows in about 300 MB", f"peak RSS {mb:.0f} MB ({mib('ingest_touches'):.0f} MiB), {fmt(med('ingest_touches'))} s",
           mb <= 300 * 1.1, f"{mb / 300:.2f}x of 300 MB")

print("| target | figure | verdict |")
print("|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
print()

# Cross-checks: the same job gives the same answer.
try:
    llf = json.loads(out("funnel_fit"))["meta"]["log_likelihood"]
    print(f"- fit log-likelihood: funnel {llf:.8f}", end="")
    for name in ("r_glm", "pandas_statsmodels"):
        m_ = re.search(r"llf (-?[\d.]+)", out(name))
        if m_:
            p = float(m_.group(1))
            print(f"; {name} {p:.8f} (rel. diff {abs(llf - p) / abs(p):.1e})", end="")
        m_ = re.search(r"secs ([\d.]+)", out(name))
        if m_:
            print(f" [{name} in-script {m_.group(1)} s]", end="")
    print()
except (ValueError, KeyError):
    pass
try:
    vm = json.loads(out("funnel_velocity"))["meta"]
    m_ = re.search(r"transitions (\d+)", out("pandas_velocity"))
    print(f"- velocity transitions: funnel {vm['transitions']}" + (f"; pandas {m_.group(1)}" if m_ else "")
          + f" (stage entries {vm['stage_entries']}, entities {vm['entities']})")
except (ValueError, KeyError):
    pass
if out("ingest_touches"):
    print(f"- ingest: {out('ingest_touches').strip()}")
if os.path.exists(os.path.join(d, "truth.txt")):
    print("- " + open(os.path.join(d, "truth.txt")).read().strip().splitlines()[-1])
