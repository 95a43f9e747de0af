#!/usr/bin/env bash
# Every command of RESULTS.md's "Commands, exactly as run", two builds side
# by side in interleaved pairs (bench/pairs.sh): the remeasure a change that
# may touch speed or memory owes (RESULTS.md run 15).
#   bash bench/compare.sh BASE_FUNNEL NEW_FUNNEL [BASE_INGEST NEW_INGEST]
# BASE_INGEST/NEW_INGEST are bench/ingest built at each commit (go build
# -o X ./bench/ingest); without them the ingest row is left out. The data
# is bench/run.sh's, in $BENCH_DIR (default /tmp/funnel-bench); N_PAIRS
# pairs a command (default 7; 15 for the 60 ms PathData runs).
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1 N=$2
B=${BENCH_DIR:-/tmp/funnel-bench}
P=testdata/attribution/channelattribution/PathData.csv
n=${N_PAIRS:-7}
model=$(mktemp --suffix=.json)
trap 'rm -rf "$model" "$B/s100a" "$B/s100b"' EXIT
run() { echo "### $1"; bash bench/pairs.sh "$2" "$3" "$4"; echo; }
both() { run "$1" "$2" "$A $3" "$N $3"; }
both fit "$n" "fit --leads $B/b2b/leads.csv --touches $B/b2b/activities.csv --target won_at --features industry -q --format json"
both velocity "$n" "velocity --stages $B/stages/stages.csv --order awareness,engaged,mql,sql,opportunity,customer -q --format json"
both attribute-1M "$n" "attribute --touches $B/journeys/touches.csv --models first_touch,last_touch,linear_touch,position_based,time_decay,markov -q --format json"
both pathdata-markov1 15 "attribute --paths $P --models markov --order 1 -q --format json"
both pathdata-all 15 "attribute --paths $P -q --format json"
run sample100k "$n" "rm -rf $B/s100a && $A sample --out $B/s100a --leads 100000 -q" "rm -rf $B/s100b && $N sample --out $B/s100b --leads 100000 -q"
"$A" fit --leads "$B/b2b/leads.csv" --touches "$B/b2b/activities.csv" --target won_at --features industry -q --model "$model" --format json >/dev/null
both score "$n" "score --model $model --leads $B/b2b/leads.csv --touches $B/b2b/activities.csv -q --format json"
if [ $# -ge 4 ]; then
	run ingest "$n" "$3 $B/journeys/touches.csv" "$4 $B/journeys/touches.csv"
fi
