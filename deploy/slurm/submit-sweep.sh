#!/usr/bin/env bash
# Submits one sweep as a Slurm job array of TASKS tasks (sweep-array.sbatch), with every task's
# log under the run directory (DIR/slurm-logs/<job>_<task>.out) instead of the submit directory.
# Options before TASKS go to sbatch; everything after it to the sweep, which needs --out:
#   deploy/slurm/submit-sweep.sh [SBATCH OPTIONS] TASKS --out DIR <sweep options>
#   deploy/slurm/submit-sweep.sh --partition=gpu --time=12:00:00 4 --out /shared/runs/study --preset paper
# Size TASKS with `java -jar cli/target/cli.jar sweep <sweep options> --plan --shards TASKS`.
set -euo pipefail
usage="usage: $0 [SBATCH OPTIONS] TASKS --out DIR <sweep options>"
sbatch_options=()
while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do
  sbatch_options+=("$1")
  shift
done
tasks=${1:-}
case $tasks in
  '' | *[!0-9]* | 0*) echo "submit-sweep.sh: TASKS must be a positive whole number, got '$tasks'; $usage" >&2; exit 2 ;;
esac
shift
out=""
prev=""
for arg in "$@"; do
  case $arg in --out=*) out=${arg#--out=} ;; esac
  [ "$prev" = "--out" ] && out=$arg
  prev=$arg
done
if [ -z "$out" ]; then
  echo "submit-sweep.sh: the sweep options need --out DIR (the run directory); $usage" >&2
  exit 2
fi
mkdir -p "$out/slurm-logs"
exec sbatch --array="0-$((tasks - 1))" --output="$out/slurm-logs/%A_%a.out" \
  ${sbatch_options[@]+"${sbatch_options[@]}"} "$(dirname "$0")/sweep-array.sbatch" "$@"
