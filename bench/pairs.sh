#!/usr/bin/env bash
# Interleaved pairs: runs command A and command B N times each, in the
# order AB, BA, AB, ... (so that neither always runs second), and prints
# each pair's wall times and the median of the pair ratios B/A: a change
# of load on a shared machine falls on both sides of each pair.
#   bash bench/pairs.sh N "command A" "command B"
set -euo pipefail
n=$1 a=$2 b=$3
ratios=() ta=() tb=()
now() { date +%s.%N; }
timed() { local s e; s=$(now); bash -c "$1" >/dev/null 2>&1; e=$(now); echo "$e - $s" | bc -l; }
for i in $(seq "$n"); do
	if ((i % 2)); then x=$(timed "$a"); y=$(timed "$b"); else y=$(timed "$b"); x=$(timed "$a"); fi
	ta+=("$x") tb+=("$y") ratios+=("$(echo "$y / $x" | bc -l)")
	printf 'pair %d: A %.3f s  B %.3f s  B/A %.3f\n' "$i" "$x" "$y" "$(echo "$y / $x" | bc -l)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
printf 'median A %.3f s, median B %.3f s, median of pair ratios B/A %.3f\n' "$(median "${ta[@]}")" "$(median "${tb[@]}")" "$(median "${ratios[@]}")"
