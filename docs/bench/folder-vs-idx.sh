#!/usr/bin/env bash
# Epoch times of the same sweep on Fashion-MNIST read from IDX and from a PNG folder copy of it
# (docs/bench/FolderBench.java export fashion-mnist DIR writes the copy).
#   docs/bench/folder-vs-idx.sh JAR FOLDER OUT
# Prints the seconds of every epoch of both runs and the load lines of their logs.
set -euo pipefail
jar=$1 folder=$2 out=$3
common=(--gammas 1 --seeds 1 --epochs 5 --limit-train 10000 --limit-val 2000 --holdout 0
        --image-size 28 --batch-size 128)
rm -rf "$out/idx" "$out/folder"
java -jar "$jar" sweep --dataset fashion-mnist "${common[@]}" --out "$out/idx" > "$out/idx.log" 2>&1
java -jar "$jar" sweep --dataset "folder:$folder" "${common[@]}" --out "$out/folder" > "$out/folder.log" 2>&1
for run in idx folder; do
  echo "== $run"
  grep -E "loaded " "$out/$run.log" | sed 's/^.*INFO  //' || true
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "seconds") s = i; next }
           { printf "epoch %s: %.1f s\n", $7, $s }' "$out/$run/epochs.csv"
done
# The median of the epochs after the first, and the folder's ratio to IDX.
for run in idx folder; do
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "seconds") s = i; next }
           $7 > 1 { print $s }' "$out/$run/epochs.csv" | sort -n |
    awk -v run="$run" '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                        printf "%s median epoch after the first: %.1f s\n", run, m }'
done
