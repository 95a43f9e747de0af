#!/usr/bin/env bash
# Interleaved pairs: runs command A and command B N times each, in the
# order AB, BA, AB, ... (so that neither always runs second), and prints
# each pair's wall times and the median of the pair ratios B/A: a change
# of load on a shared machine falls on both sides of each pair. Each run
# is timed by GNU time (10 ms resolution), which also gives its CPU time
# (user + system: the steadier figure when other work shares the cores;
# its ratio is 0 when A took none) and peak RSS.
#   bash bench/pairs.sh N "command A" "command B"
set -euo pipefail
n=$1 a=$2 b=$3
tf=$(mktemp)
trap 'rm -f "$tf"' EXIT
# timed CMD: "wall cpu rss" (seconds, seconds, MiB) of one run.
timed() {
	local e u s m
	/usr/bin/time -o "$tf" -f '%e %U %S %M' bash -c "$1" >/dev/null 2>&1
	read -r e u s m <"$tf"
	echo "$e $(echo "$u + $s" | bc -l) $(echo "$m / 1024" | bc -l)"
}
ratios=() cratios=() ta=() tb=() ca=() cb=() ma=() mb=()
for i in $(seq "$n"); do
	if ((i % 2)); then x=($(timed "$a")); y=($(timed "$b")); else y=($(timed "$b")); x=($(timed "$a")); fi
	ta+=("${x[0]}") tb+=("${y[0]}") ca+=("${x[1]}") cb+=("${y[1]}") ma+=("${x[2]}") mb+=("${y[2]}")
	ratios+=("$(echo "${y[0]} / ${x[0]}" | bc -l)") cratios+=("$(echo "a = ${x[1]}; if (a == 0) 0 else ${y[1]} / a" | bc -l)")
	printf 'pair %d: A %.3f s  B %.3f s  B/A %.3f  cpu A %.2f s  B %.2f s  B/A %.3f  rss A %.0f MiB  B %.0f MiB  load %s\n' "$i" \
		"${x[0]}" "${y[0]}" "${ratios[-1]}" "${x[1]}" "${y[1]}" "${cratios[-1]}" "${x[2]}" "${y[2]}" "$(cut -d' ' -f1 /proc/loadavg)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
printf 'median A %.3f s, median B %.3f s, median of pair ratios B/A %.3f\n' "$(median "${ta[@]}")" "$(median "${tb[@]}")" "$(median "${ratios[@]}")"
printf 'cpu: median A %.3f s, median B %.3f s, median of pair ratios B/A %.3f; peak RSS medians A %.1f MiB, B %.1f MiB\n' \
	"$(median "${ca[@]}")" "$(median "${cb[@]}")" "$(median "${cratios[@]}")" "$(median "${ma[@]}")" "$(median "${mb[@]}")"
