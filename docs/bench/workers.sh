#!/usr/bin/env bash
# Wall time of the same sweep with --workers 1 and --workers W, alternated ROUNDS times so both see
# the same machine load. Usage: docs/bench/workers.sh OUTDIR ROUNDS W [sweep options...]
# Prints one line per run and the median ratio workers-W / workers-1 at the end.
set -euo pipefail
out=$1; rounds=$2; w=$3; shift 3
jar=${JAR:-$(cd "$(dirname "$0")/../.." && pwd)/cli/target/cli.jar}
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
  for n in 1 "$w"; do
    dir="$out/r$r-w$n"; rm -rf "$dir"
    start=$(date +%s.%N)
    java -jar "$jar" sweep --workers "$n" --out "$dir" "$@" > "$dir.log" 2>&1
    end=$(date +%s.%N)
    echo "round $r workers $n: $(echo "$end - $start" | bc) s" | tee -a "$out/times.txt"
  done
done
python3 - "$out/times.txt" "$w" <<'PY'
import re, statistics, sys
t = {}
for line in open(sys.argv[1]):
    m = re.match(r"round (\d+) workers (\d+): ([\d.]+) s", line)
    if m:
        t.setdefault(int(m.group(2)), []).append(float(m.group(3)))
w = int(sys.argv[2])
one, many = statistics.median(t[1]), statistics.median(t[w])
print(f"median wall time: --workers 1 {one:.1f} s, --workers {w} {many:.1f} s, ratio {many / one:.3f}")
PY
