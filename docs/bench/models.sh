#!/usr/bin/env bash
# 'bench' for every model family, one after the other, on this host (3x32x32, K = 10).
#   docs/bench/models.sh JAR OUT.jsonl
# The batch is smaller for the largest models so that a step stays under a minute on 2 cores.
set -euo pipefail
jar=$1 json=$2
run() { echo "== $*"; java -jar "$jar" bench --input 3x32x32 "$@" --json "$json" 2>&1 | grep "images/s" | sed 's/; glibc.*//'; }
run --model resnet20-v1 --batch 128 --steps 10
run --model wrn-16-4 --batch 128 --steps 5
run --model wrn-16-8 --batch 64 --steps 4 --warmup 2
run --model wrn-28-10 --batch 16 --steps 3 --warmup 1
run --model preact-resnet18 --batch 128 --steps 5
run --model densenet-bc-100-12 --batch 64 --steps 5
run --model zoo-resnet18 --batch 128 --steps 10
run --model zoo-mobilenet-v2 --batch 128 --steps 10
run --model zoo-vgg11 --batch 128 --steps 5
run --model zoo-googlenet --batch 128 --steps 5
