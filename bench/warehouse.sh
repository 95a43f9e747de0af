#!/usr/bin/env bash
# The warehouse benchmark (issue 15, "Speed and memory"): on one local
# PostgreSQL server loaded once with the sample's touches (TOUCHES rows,
# default 50M), leads and stages, side by side in one run per command:
#   (a) funnel CMD --db with push-down (the aggregate computed in SQL),
#   (b) the tables exported with COPY ... TO STDOUT, then funnel CMD on the
#       files (timed as two steps: b_copy and b_file),
#   (c) PostgreSQL's own time for the aggregate queries alone: the SQL that
#       (a) sent in the run just before, captured from the server's log
#       (csvlog) with its parameters substituted, run by psql -f with the
#       rows sent to /dev/null.
# for attribute (event log), fit and velocity. hyperfine times the four side
# by side (RUNS runs each), /usr/bin/time the peak RSS of (a) and (b)'s file
# run in the same runs, and the server's own duration of each of (a)'s
# queries goes next to funnel's wall time (queries_NAME.txt: the ratio no
# change of load can split); bench/pairs.sh adds the ratios (a)/(c) and
# (b)/(a) from interleaved pairs (PAIRS each). At 50M each (a) and (c) run
# takes 5-10 minutes (RESULTS.md, run 17).
#
#   bash bench/warehouse.sh [attribute] [fit] [velocity]   (default: all three)
#   bash bench/warehouse.sh load                          # only generate and load the data
#   RUNS=1 PAIRS=0 bash bench/warehouse.sh                # run 17: about 55 minutes after the load
#   TOUCHES=1000000 RUNS=1 PAIRS=0 bash bench/warehouse.sh  # a smoke test, about 1 minute
#   KEEP=0 ...   stop and remove the data folder at the end (default: keep it for the next run)
#
# The data folder (BENCH, default /tmp/funnel-whbench): bin/funnel, data/
# (funnel sample's CSVs, made once for TOUCHES), pg/ (the cluster, its socket
# and log; given to the postgres user when run as root, as initdb refuses
# root), export/ (the COPY TO files of (b)), sql/ (the captured queries of
# (c)), results/ (hf_*.json, time_*.txt, pairs_*.txt, queries_*.txt,
# out_*, log_*.csv, settings.txt, machine.txt, log.txt). The tables are loaded once with COPY
# ... FROM; a later run that finds them with the files' row counts skips the
# load. The server is stopped on exit, also on failure.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
BENCH=${BENCH:-/tmp/funnel-whbench}
TOUCHES=${TOUCHES:-50000000}
RUNS=${RUNS:-2}
PAIRS=${PAIRS:-2}
KEEP=${KEEP:-1}
SECTIONS=("$@")
((${#SECTIONS[@]})) || SECTIONS=(attribute fit velocity)
for s in "${SECTIONS[@]}"; do
	case $s in attribute | fit | velocity | load) ;; *) echo "warehouse.sh: unknown section $s (attribute, fit, velocity, load)" >&2; exit 2 ;; esac
done

# About 9.54 touch rows per lead in funnel sample's output (12 months).
LEADS=${LEADS:-$(((TOUCHES * 100 + 953) / 954))}
F=$BENCH/bin/funnel
DATA=$BENCH/data PG=$BENCH/pg EXPORT=$BENCH/export SQL=$BENCH/sql OUT=$BENCH/results
PORT=5432
URL="postgres:///bench?host=$PG&port=$PORT&user=postgres"
LADDER=awareness,friend,name,engaged,prospect,mql,sql,opportunity,customer

# The server's settings: durability off for the one-time load (as
# internal/pgtest runs its servers: the cluster is thrown away), sized for a
# 2-core, 24 GiB machine as a warehouse would be for scans, sorts and
# parallel plans. Both (a) and (c) run on this server.
PG_SETTINGS=(
	full_page_writes=off synchronous_commit=off autovacuum=off wal_level=minimal max_wal_senders=0
	max_wal_size=16GB checkpoint_timeout=30min
	shared_buffers=4GB effective_cache_size=16GB work_mem=1GB maintenance_work_mem=2GB
	max_worker_processes=8 max_parallel_workers=4 max_parallel_workers_per_gather=2
	random_page_cost=1.1 effective_io_concurrency=200
	logging_collector=on log_destination=csvlog log_directory=log "log_filename=postgresql.log" log_truncate_on_rotation=off
)

mkdir -p "$BENCH/bin" "$DATA" "$EXPORT" "$SQL" "$OUT"
log() { echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) | $*" | tee -a "$OUT/log.txt"; }

for tool in hyperfine /usr/bin/time initdb pg_ctl psql python3; do
	command -v "$tool" >/dev/null || {
		echo "warehouse.sh: $tool not found (apt-get install -y hyperfine time postgresql)" >&2
		exit 1
	}
done

log "start: TOUCHES=$TOUCHES LEADS=$LEADS RUNS=$RUNS PAIRS=$PAIRS sections ${SECTIONS[*]}"
{
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ' (with uncommitted changes)')"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
	free -g | sed -n 1,2p
	echo "disk: $(df -h --output=avail "$BENCH" | tail -1) free on $BENCH"
	echo "$(go version), $(hyperfine --version), $(psql --version)"
} >"$OUT/machine.txt"

# 1. funnel, as the Makefile builds it.
go build -ldflags=-X=runtime.godebugDefault=madvdontneed=0 -o "$F" ./cmd/funnel

# 2. The data, once per TOUCHES.
if [[ "$(cat "$DATA/made" 2>/dev/null)" != "leads=$LEADS" ]]; then
	log "generating $LEADS leads into $DATA"
	rm -rf "$DATA" && mkdir -p "$DATA"
	/usr/bin/time -f 'sample: %e s, peak RSS %M KiB' "$F" sample --lead-count "$LEADS" --history-months 12 --out-dir "$DATA" -q 2>&1 >"$DATA/sample.txt" | tee -a "$OUT/log.txt"
	for t in touches leads stages; do echo "$t $(($(wc -l <"$DATA/$t.csv") - 1))"; done >"$DATA/rows"
	echo "leads=$LEADS" >"$DATA/made"
fi
chmod -R a+rX "$DATA"
rows() { awk -v t="$1" '$1 == t {print $2}' "$DATA/rows"; }
log "data: $(tr '\n' ' ' <"$DATA/rows")($(du -sh "$DATA" | cut -f1))"

# 3. The server: its own cluster in $PG, a Unix socket there, no TCP port.
as_pg=()
if ((EUID == 0)); then as_pg=(runuser -u postgres --); fi
mkdir -p "$PG"
((EUID == 0)) && chown postgres "$PG" && chmod 755 "$PG"
if [[ ! -f $PG/data/PG_VERSION ]]; then
	"${as_pg[@]}" initdb -D "$PG/data" -U postgres -A trust -E UTF8 --locale C --no-sync >"$OUT/initdb.txt"
fi
opts="-k $PG -c listen_addresses= -p $PORT"
for s in "${PG_SETTINGS[@]}"; do opts+=" -c $s"; done
stop_server() {
	"${as_pg[@]}" pg_ctl -D "$PG/data" -m fast -w -t 120 stop >/dev/null 2>&1 || true
	if [[ $KEEP == 0 ]]; then rm -rf "$BENCH"; fi
}
trap stop_server EXIT
"${as_pg[@]}" pg_ctl -D "$PG/data" -l "$PG/server.log" -o "$opts" -w -t 120 start >/dev/null
printf '%s\n' "${PG_SETTINGS[@]}" >"$OUT/settings.txt"
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$URL" "$@"; }
psql -X -q -At "postgres:///postgres?host=$PG&port=$PORT&user=postgres" -c "SELECT 1 FROM pg_database WHERE datname = 'bench'" | grep -q 1 ||
	psql -X -q "postgres:///postgres?host=$PG&port=$PORT&user=postgres" -c "CREATE DATABASE bench"

# 4. The tables, typed as a warehouse types them, loaded once in the files'
# order (the physical order funnel's ctid tie-break follows, as a file's).
declare -A DDL=(
	[touches]="lead_id text, account_id text, occurred_at timestamp, activity_type text, channel text, campaign text, converted boolean, value double precision"
	[leads]="lead_id text, account_id text, email text, created_at timestamp, job_title text, seniority text, industry text, region text, employees integer, lead_source text, lifecycle_stage text, mql_at timestamp, sql_at timestamp, won integer, won_at timestamp"
	[stages]="entity_id text, stage text, entered_at timestamp"
)
q -c "CREATE SCHEMA IF NOT EXISTS bench"
for t in touches leads stages; do
	want=$(rows "$t")
	have=-1
	if [[ $(q -c "SELECT to_regclass('bench.$t') IS NOT NULL") == t ]]; then have=$(q -c "SELECT count(*) FROM bench.$t"); fi
	if [[ $have == "$want" ]]; then
		log "bench.$t: $have rows, loaded before"
		continue
	fi
	cols=$(tr ',' '\n' <<<"${DDL[$t]}" | awk '{print $1}' | paste -sd,)
	header=$(head -1 "$DATA/$t.csv" | tr -d '\r')
	[[ $header == "$cols" ]] || { echo "warehouse.sh: $t.csv's columns ($header) are not the table's ($cols)" >&2; exit 1; }
	log "loading bench.$t ($want rows)"
	t0=$EPOCHREALTIME
	q -c "BEGIN" -c "DROP TABLE IF EXISTS bench.$t" -c "CREATE TABLE bench.$t (${DDL[$t]})" \
		-c "COPY bench.$t FROM '$DATA/$t.csv' WITH (FORMAT csv, HEADER)" -c "COMMIT"
	t1=$EPOCHREALTIME
	q -c "VACUUM (FREEZE, ANALYZE) bench.$t"
	log "bench.$t: COPY FROM $(bc <<<"$t1 - $t0") s, VACUUM (FREEZE, ANALYZE) $(bc <<<"$EPOCHREALTIME - $t1") s"
	have=$(q -c "SELECT count(*) FROM bench.$t")
	[[ $have == "$want" ]] || { echo "warehouse.sh: bench.$t has $have rows, $t.csv $want" >&2; exit 1; }
done
q -c "SELECT c.relname, pg_size_pretty(pg_total_relation_size(c.oid)), c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'bench' AND c.relkind = 'r' ORDER BY 1" |
	tee "$OUT/tables.txt" | sed 's/^/table /' | tee -a "$OUT/log.txt"
q -c "SELECT name || '=' || current_setting(name) FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_parallel_workers_per_gather', 'effective_cache_size', 'jit', 'max_parallel_workers', 'random_page_cost') ORDER BY 1" >>"$OUT/settings.txt"

# (a) runs with every statement logged by the server
# (log_min_duration_statement=0 for funnel's session only, through the URL's
# options: three or five lines of log a run). mark NAME, (a)'s hyperfine
# preparation, notes where the log ends before the run; extract NAME, (c)'s
# preparation, writes the aggregate queries the last (a) run sent,
# parameters substituted, to $SQL/NAME.sql (what (c) runs), and each one's
# server-side duration, next to funnel's wall time and peak RSS in the same
# run, to $OUT/queries_NAME.txt.
LOGF=$PG/data/log/postgresql.csv
LOGURL="$URL&options=-c%20log_min_duration_statement%3D0"
mark() { stat -c %s "$LOGF" >"$OUT/logfrom_$1"; }
extract() {
	local name=$1
	# a marker statement, logged after funnel's: once it is in the log file,
	# so are they (the logging collector writes asynchronously)
	local m="capture $name $EPOCHREALTIME"
	PGOPTIONS="-c log_min_duration_statement=0" q -c "SELECT '$m'" >/dev/null
	for _ in $(seq 100); do grep -q "$m" "$LOGF" && break; sleep 0.2; done
	tail -c +"$(($(cat "$OUT/logfrom_$name") + 1))" "$LOGF" >"$OUT/log_$name.csv"
	python3 - "$OUT/log_$name.csv" "$SQL/$name.sql" "$OUT/queries_$name.txt" "$OUT/time_${name}_a.txt" <<'EOF'
import csv, re, sys
log, sql_out, report, timed = sys.argv[1:5]
queries = []
for row in csv.reader(open(log, newline="")):
    message, detail = row[13], row[14]
    m = re.match(r"duration: ([0-9.]+) ms  execute [^:]*: (.*)", message, re.S)
    if not m:
        continue
    ms, text = float(m.group(1)), m.group(2)
    if "information_schema" in text or "pg_catalog" in text:
        continue  # the catalog read that binds the columns, not the aggregate
    params = dict(re.findall(r"\$(\d+) = (NULL|'(?:[^']|'')*')", detail or ""))
    text = re.sub(r"\$(\d+)\b", lambda p: params[p.group(1)], text)
    queries.append((ms, text))
if not queries:
    sys.exit(f"no aggregate query of (a) in {log}")
with open(sql_out, "w") as f:
    for _, text in queries:
        f.write(text.rstrip().rstrip(";") + ";\n\n")
wall, rss = (float(v) for v in open(timed).read().split()[-2:])
total = sum(ms for ms, _ in queries) / 1000
with open(report, "w") as f:
    for i, (ms, text) in enumerate(queries, 1):
        first = " ".join(text.split())[:90]
        f.write(f"query {i}: {ms / 1000:8.2f} s  {100 * ms / 1000 / total:5.1f}%  {first}\n")
    f.write(f"server total: {total:.2f} s in {len(queries)} queries; funnel's wall time in the same run {wall:.2f} s"
            f" ({wall / total:.3f}x the server's), peak RSS {rss / 1024:.1f} MiB\n")
EOF
	sed "s/^/$name /" "$OUT/queries_$name.txt" >>"$OUT/log.txt"
}
export -f mark extract q
export LOGF OUT SQL URL

# section NAME A B_COPY B_FILE: (a), (b) and (c) side by side in one
# hyperfine run (RUNS each, in that order; (a) and (b)'s file run under
# /usr/bin/time for their wall time and peak RSS, (a) with its statements
# logged and (c) running what the last (a) run sent), the outputs of (a)
# and (b) compared, then PAIRS interleaved pairs (c)-(a) and (a)-(b) when
# PAIRS > 0.
section() {
	local name=$1 a=$2 bcopy=$3 bfile=$4
	local c="psql -X -q -v ON_ERROR_STOP=1 '$URL' -f '$SQL/$name.sql' -o /dev/null"
	rm -f "$OUT/time_${name}_a.txt" "$OUT/time_${name}_b.txt"
	log "$name: hyperfine, $RUNS runs each"
	hyperfine --shell bash --runs "$RUNS" --export-json "$OUT/hf_$name.json" --style basic \
		--prepare "mark $name" --prepare true --prepare true --prepare "extract $name" \
		-n "(a) $name --db" "/usr/bin/time -a -o '$OUT/time_${name}_a.txt' -f '%e %M' ${a/"'$URL'"/"'$LOGURL'"} >'$OUT/out_${name}_a.json'" \
		-n "(b) COPY TO" "$bcopy" \
		-n "(b) $name files" "/usr/bin/time -a -o '$OUT/time_${name}_b.txt' -f '%e %M' $bfile >'$OUT/out_${name}_b.json'" \
		-n "(c) psql" "$c" 2>&1 | tee "$OUT/hf_$name.txt"
	sed "s/^/$name /" "$OUT/queries_$name.txt"
	echo "$name peak RSS (MiB, per run): (a) $(awk '{printf "%.1f ", $2 / 1024}' "$OUT/time_${name}_a.txt")(b) files $(awk '{printf "%.1f ", $2 / 1024}' "$OUT/time_${name}_b.txt")" | tee -a "$OUT/log.txt"
	python3 - "$name" "$OUT" <<'EOF' | tee -a "$OUT/log.txt"
import json, sys
name, out = sys.argv[1:3]
a, b = (json.load(open(f"{out}/out_{name}_{k}.json")) for k in "ab")
diffs = {}
def walk(x, y, path):
    if isinstance(x, dict) and isinstance(y, dict):
        for k in set(x) | set(y):
            if k in x and k in y:
                walk(x[k], y[k], path + "/" + k)
            elif path != "/meta":  # the source and pushed_down meta are (a)'s alone
                diffs.setdefault(path + "/" + k, 0)
                diffs[path + "/" + k] += 1
    elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
        for p, q in zip(x, y):
            walk(p, q, path + "/*")
    elif isinstance(x, (int, float)) and isinstance(y, (int, float)):
        if abs(x - y) > 1e-9 * max(1, abs(x), abs(y)):
            diffs[path] = diffs.get(path, 0) + 1
    elif x != y:
        diffs[path] = diffs.get(path, 0) + 1
walk(a, b, "")
print(f"{name} (a) against (b): " + (", ".join(f"{p} {n}" for p, n in sorted(diffs.items())) if diffs else "equal (1e-9 relative)"))
EOF
	if ((PAIRS > 0)); then
		log "$name: interleaved pairs, (c) then (a), $PAIRS pairs"
		bash bench/pairs.sh "$PAIRS" "$c" "$a" | tee "$OUT/pairs_${name}_ca.txt"
		log "$name: interleaved pairs, (a) then (b) = COPY TO and the files, $PAIRS pairs"
		bash bench/pairs.sh "$PAIRS" "$a" "$bcopy && $bfile" | tee "$OUT/pairs_${name}_ab.txt"
	fi
}

json="-q --format json"
for s in "${SECTIONS[@]}"; do
	case $s in
	attribute)
		section attribute \
			"$F attribute --db '$URL' --db-timeout 0 --db-table touches=bench.touches $json" \
			"psql -X -q '$URL' -c 'COPY bench.touches TO STDOUT WITH (FORMAT csv, HEADER)' >$EXPORT/touches.csv" \
			"$F attribute --touches $EXPORT/touches.csv $json"
		;;
	fit)
		fitflags="--target won_at --window 90d --features industry"
		section fit \
			"$F fit --db '$URL' --db-timeout 0 --db-table leads=bench.leads --db-table touches=bench.touches $fitflags $json" \
			"psql -X -q '$URL' -c 'COPY bench.leads TO STDOUT WITH (FORMAT csv, HEADER)' >$EXPORT/leads.csv && psql -X -q '$URL' -c 'COPY bench.touches TO STDOUT WITH (FORMAT csv, HEADER)' >$EXPORT/touches.csv" \
			"$F fit --leads $EXPORT/leads.csv --touches $EXPORT/touches.csv $fitflags $json"
		;;
	velocity)
		section velocity \
			"$F velocity --db '$URL' --db-timeout 0 --db-table stages=bench.stages --stage-order $LADDER $json" \
			"psql -X -q '$URL' -c 'COPY bench.stages TO STDOUT WITH (FORMAT csv, HEADER)' >$EXPORT/stages.csv" \
			"$F velocity --stages $EXPORT/stages.csv --stage-order $LADDER $json"
		;;
	esac
done
log "done: results in $OUT"
