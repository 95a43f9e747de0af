#!/usr/bin/env bash
# bench/run.sh: the end-to-end benchmarks of bench/RESULTS.md, funnel side by side with its peers, in one run
# on one machine. See bench/README.md.
#
#   bash bench/run.sh [SECTION...]     SECTION: fit velocity attribute sample ingest (default: all of them)
#
# Environment:
#   BENCH_DIR   work folder outside the repo: data, binaries, results (default /tmp/funnel-bench)
#   RUNS        hyperfine runs of funnel's commands (default 5, after 1 warm-up)
#   PEER_RUNS   hyperfine runs of the R and pandas peers (default 3, after 1 warm-up)
#   SKIP_PEERS  1: measure funnel and the encoding/csv baseline only (no R, no pandas)
#   PY, RSCRIPT interpreters of the peers (default /usr/bin/python3, Rscript)
#
# Needs: go, hyperfine, /usr/bin/time (GNU), python3; for the peers R with data.table, pandas, statsmodels
# (apt-get install -y r-base-core r-cran-data.table python3-pandas python3-statsmodels hyperfine time).
# Data is generated once into BENCH_DIR and reused (delete a data folder to make it again).
# Results: BENCH_DIR/results/*.json (hyperfine), rss_*.txt (/usr/bin/time -v), out_*.txt (stdout),
# and summary.md, which bench/summarize.py writes from them.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$REPO/../shared/bench}
BENCH_DIR=${BENCH_DIR:-/tmp/funnel-bench}
RUNS=${RUNS:-5}
PEER_RUNS=${PEER_RUNS:-3}
SKIP_PEERS=${SKIP_PEERS:-0}
PY=${PY:-/usr/bin/python3}
RSCRIPT=${RSCRIPT:-Rscript}
OUT=$BENCH_DIR/results
BIN=$BENCH_DIR/bin
SECTIONS=${*:-fit velocity attribute sample ingest}

B2B_LEADS=${B2B_LEADS:-500000}          # ~4.4M touch rows, ~264 MB of CSV
STAGE_ENTITIES=${STAGE_ENTITIES:-3800000} # ~10.0M stage rows
JOURNEYS=${JOURNEYS:-1000000}           # ~5.0M touch rows
LADDER=awareness,engaged,mql,sql,opportunity,customer

for tool in go hyperfine /usr/bin/time "$PY"; do
	command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (see bench/README.md)" >&2; exit 1; }
done
mkdir -p "$OUT" "$BIN"

log() { printf '\n== %s (load average: %s)\n' "$*" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/log.txt"; }

# hf NAME RUNS CMD-NAME CMD [CMD-NAME CMD ...]: hyperfine with one warm-up, results to OUT/hf_NAME.json.
hf() {
	local name=$1 runs=$2; shift 2
	local args=()
	while [ $# -gt 0 ]; do args+=(-n "$1" "$2"); shift 2; done
	hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$OUT/hf_$name.json" "${args[@]}" 2>&1 | tee -a "$OUT/log.txt"
}

# rss NAME CMD...: one run under /usr/bin/time -v; stdout to OUT/out_NAME.txt, the time report to OUT/rss_NAME.txt.
rss() {
	local name=$1; shift
	/usr/bin/time -v -o "$OUT/rss_$name.txt" "$@" >"$OUT/out_$name.txt" 2>"$OUT/err_$name.txt" || {
		echo "run.sh: $name failed:" >&2; tail -5 "$OUT/err_$name.txt" >&2; return 1; }
	printf '%-28s peak RSS %8.1f MiB  wall %s\n' "$name" \
		"$(awk -F': ' '/Maximum resident/ {print $2/1024}' "$OUT/rss_$name.txt")" \
		"$(awk -F'): ' '/Elapsed/ {print $2}' "$OUT/rss_$name.txt")" | tee -a "$OUT/log.txt"
}

peers() { [ "$SKIP_PEERS" != 1 ]; }

log "machine"
{
	echo "date: $(date -u +%FT%TZ)"
	echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
	echo "ram: $(free -m | awk '/^Mem:/ {print $2}') MiB"
	echo "go: $(go version)"
	echo "commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
	echo "hyperfine: $(hyperfine --version)"
	if peers; then
		echo "R: $("$RSCRIPT" -e 'cat(R.version.string, "data.table", as.character(packageVersion("data.table")))' 2>/dev/null || echo missing)"
		echo "python: $("$PY" -c 'import sys, pandas, statsmodels; print(sys.version.split()[0], "pandas", pandas.__version__, "statsmodels", statsmodels.__version__)' 2>/dev/null || echo missing)"
	fi
} | tee "$OUT/machine.txt" | tee -a "$OUT/log.txt"

log "build"
# as `make build` does (Makefile: LDFLAGS, the runtime's madvise default)
(cd "$REPO" && go build -ldflags=-X=runtime.godebugDefault=madvdontneed=0 -o "$BIN/funnel" ./cmd/funnel && go build -o "$BIN/csvread" ./bench/csvread &&
	go build -o "$BIN/ingest" ./bench/ingest && go build -o "$BIN/memtouch" ./bench/memtouch)
F=$BIN/funnel
echo "memory: $("$BIN/memtouch" -mb 200)" | tee -a "$OUT/machine.txt" | tee -a "$OUT/log.txt"

# Data, generated once.
B2B=$BENCH_DIR/b2b STAGES=$BENCH_DIR/stages JOUR=$BENCH_DIR/journeys
if [ ! -s "$B2B/activities.csv" ]; then
	log "generate $B2B_LEADS leads (gen_b2b.py)"; mkdir -p "$B2B"; "$PY" "$SHARED/gen_b2b.py" "$B2B_LEADS" "$B2B" 7
fi
if [[ " $SECTIONS " == *" velocity "* && ! -s $STAGES/stages.csv ]]; then
	log "generate $STAGE_ENTITIES stage histories (gen_stages.py)"; mkdir -p "$STAGES"; "$PY" "$SHARED/gen_stages.py" "$STAGE_ENTITIES" "$STAGES" 5
fi
if [[ ( " $SECTIONS " == *" attribute "* || " $SECTIONS " == *" ingest "* ) && ! -s $JOUR/touches.csv ]]; then
	log "generate $JOURNEYS journeys (gen_journeys.py)"; mkdir -p "$JOUR"; "$PY" "$REPO/bench/gen_journeys.py" "$JOURNEYS" "$JOUR" 11
fi
wc -lc "$B2B"/leads.csv "$B2B"/activities.csv ${STAGES:+$(ls "$STAGES"/stages.csv 2>/dev/null)} $(ls "$JOUR"/touches.csv 2>/dev/null) | tee "$OUT/data.txt"

for section in $SECTIONS; do
	case $section in
	fit)
		FIT="$F fit --leads $B2B/leads.csv --touches $B2B/activities.csv --target won_at --features industry"
		log "fit: funnel vs encoding/csv read-only"
		hf fit "$RUNS" funnel_fit "$FIT -q --format json" \
			csvread "$BIN/csvread $B2B/leads.csv $B2B/activities.csv"
		# The ratio again from interleaved pairs (csvread, fit, csvread, fit, ...), so that a change of the
		# machine's load during the run hits both sides of each pair: PAIRS lines "csvread_s fit_s".
		: >"$OUT/pairs_fit.txt"
		for _ in $(seq "$RUNS"); do
			a=$( { /usr/bin/time -f %e "$BIN/csvread" "$B2B/leads.csv" "$B2B/activities.csv" >/dev/null; } 2>&1)
			b=$( { /usr/bin/time -f %e $FIT -q --format json >/dev/null; } 2>&1)
			echo "$a $b" >>"$OUT/pairs_fit.txt"
		done
		rss funnel_fit $FIT -q --format json
		rss csvread "$BIN/csvread" "$B2B/leads.csv" "$B2B/activities.csv"
		"$PY" "$REPO/bench/check_truth.py" "$OUT/out_funnel_fit.txt" "$B2B/truth.json" | tee "$OUT/truth.txt" | tee -a "$OUT/log.txt"
		if peers; then
			log "fit: peers"
			hf fit_peers "$PEER_RUNS" r_glm "$RSCRIPT $SHARED/peer_fit_glm.R $B2B" \
				pandas_statsmodels "$PY $SHARED/peer_fit_statsmodels.py $B2B"
			rss r_glm "$RSCRIPT" "$SHARED/peer_fit_glm.R" "$B2B"
			rss pandas_statsmodels "$PY" "$SHARED/peer_fit_statsmodels.py" "$B2B"
			cat "$OUT/out_r_glm.txt" "$OUT/out_pandas_statsmodels.txt" | tee -a "$OUT/log.txt"
		fi
		;;
	velocity)
		VEL="$F velocity --stages $STAGES/stages.csv --stage-order $LADDER"
		log "velocity: funnel on 10M stage rows"
		hf velocity "$RUNS" funnel_velocity "$VEL -q --format json"
		rss funnel_velocity $VEL -q --format json
		if peers; then
			log "velocity: pandas peer"
			hf velocity_peers "$PEER_RUNS" pandas_velocity "$PY $SHARED/peer_velocity_pandas.py $STAGES"
			rss pandas_velocity "$PY" "$SHARED/peer_velocity_pandas.py" "$STAGES"
			cat "$OUT/out_pandas_velocity.txt" | tee -a "$OUT/log.txt"
		fi
		;;
	attribute)
		PATHS=$REPO/testdata/attribution/channelattribution/PathData.csv
		log "attribute: ChannelAttribution PathData (10,000 path rows); ChannelAttribution itself is not installable here"
		hf attribute_paths "$((RUNS * 4))" \
			funnel_attribute_paths_markov "$F attribute --paths $PATHS --models markov --markov-order 1 -q --format json" \
			funnel_attribute_paths_all "$F attribute --paths $PATHS -q --format json"
		rss funnel_attribute_paths_all "$F" attribute --paths "$PATHS" -q --format json
		MODELS=first_touch,last_touch,linear_touch,position_based,time_decay,markov
		log "attribute: 1M journeys, every model but Shapley"
		hf attribute_journeys "$RUNS" \
			funnel_attribute_journeys "$F attribute --touches $JOUR/touches.csv --models $MODELS -q --format json"
		rss funnel_attribute_journeys "$F" attribute --touches "$JOUR/touches.csv" --models "$MODELS" -q --format json
		;;
	sample)
		log "sample: funnel sample --lead-count 100000"
		hyperfine --style basic --warmup 1 --runs "$RUNS" --prepare "rm -rf $BENCH_DIR/sample100k" \
			--export-json "$OUT/hf_sample.json" -n funnel_sample "$F sample --out-dir $BENCH_DIR/sample100k --lead-count 100000 -q" 2>&1 | tee -a "$OUT/log.txt"
		rm -rf "$BENCH_DIR/sample100k"
		rss funnel_sample "$F" sample --out-dir "$BENCH_DIR/sample100k" --lead-count 100000 -q
		du -sh "$BENCH_DIR/sample100k" | tee -a "$OUT/log.txt"
		;;
	ingest)
		log "ingest: $(($(wc -l <"$JOUR/touches.csv") - 1)) touch rows into a typed table"
		hf ingest "$RUNS" ingest_touches "$BIN/ingest $JOUR/touches.csv" \
			csvread_touches "$BIN/csvread $JOUR/touches.csv"
		rss ingest_touches "$BIN/ingest" "$JOUR/touches.csv"
		cat "$OUT/out_ingest_touches.txt" | tee -a "$OUT/log.txt"
		;;
	*) echo "run.sh: unknown section $section (fit velocity attribute sample ingest)" >&2; exit 2 ;;
	esac
done

log "summary"
"$PY" "$REPO/bench/summarize.py" "$OUT" | tee "$OUT/summary.md"
