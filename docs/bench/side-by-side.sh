#!/usr/bin/env bash
# Alternates the PyTorch-in-Python peer (docs/bench/peer_pytorch.py, Debian's python3-torch)
# and labelsmooth's `bench` on the same model, input and batch, so both see the same machine load.
# Usage: docs/bench/side-by-side.sh OUT.jsonl ROUNDS MODEL INPUT [VARIANTS]
#   MODEL: resnet20-v1 | resnet83-v2     INPUT: 1x28x28 | 3x32x32
#   VARIANTS: space-separated labelsmooth variants: tuned (default launcher), glibc (no tuning),
#             tcmalloc (LD_PRELOAD of Debian's libtcmalloc-minimal4), or NAME=VALUE to add one
#             environment variable to the default launcher (e.g. ATEN_CPU_CAPABILITY=avx2)
set -euo pipefail
out=$1; rounds=$2; model=$3; input=$4; variants=${5:-tuned}
here=$(cd "$(dirname "$0")/../.." && pwd)
peer=${PEER:-$here/docs/bench/peer_pytorch.py}
jar=${JAR:-$here/cli/target/cli.jar}
steps=${STEPS:-12}
case $model in resnet20-v1) pm=v1-20 ;; resnet83-v2) pm=v2-83 ;; *) echo "model $model unknown" >&2; exit 2 ;; esac
case $input in 1x28x28) pi=fmnist ;; 3x32x32) pi=cifar ;; *) echo "input $input unknown" >&2; exit 2 ;; esac
for r in $(seq 1 "$rounds"); do
  /usr/bin/python3 "$peer" --models "$pm" --inputs "$pi" --batch 128 --warmup 3 --steps "$steps" \
    --threads 2 --json "$out.peer" > /dev/null
  tail -n 1 "$out.peer" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print(json.dumps({"round":'"$r"',"variant":"pytorch-python","model":"'"$model"'","input":"'"$input"'","train_img_s":r["train_img_s"]}))' >> "$out"
  for v in $variants; do
    env=()
    case $v in
      tuned) ;;
      glibc) env=(LABELSMOOTH_NATIVE_TUNING=off) ;;
      tcmalloc) env=(LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4) ;;
      *=*) env=("$v") ;;
    esac
    env "${env[@]}" java -jar "$jar" bench --model "$model" --input "$input" --batch 128 --warmup 3 \
      --steps "$steps" --json "$out.ls" > /dev/null
    tail -n 1 "$out.ls" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); r["round"]='"$r"'; r["variant"]="labelsmooth-'"$v"'"; print(json.dumps(r))' >> "$out"
  done
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {}
for r in rows:
    by.setdefault((r["model"], r["input"], r["variant"]), []).append(r["train_img_s"]["median"])
for (m, i, v), xs in sorted(by.items()):
    print(f"{m} {i} {v:28s} median of round medians {statistics.median(xs):7.1f} img/s  rounds {[round(x,1) for x in xs]}")
PY
