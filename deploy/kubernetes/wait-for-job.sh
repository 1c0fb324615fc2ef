#!/usr/bin/env bash
# Waits until a Kubernetes Job has finished and says how: exit 0 when it is Complete, 1 when it
# Failed (with the failed indexes and the pods' last words), 2 on bad usage. `kubectl wait
# --for=condition=complete` alone never returns when the Job fails.
#   deploy/kubernetes/wait-for-job.sh JOB [POLL_SECONDS]      (KUBECTL overrides the kubectl command)
set -euo pipefail
job=${1:?usage: wait-for-job.sh JOB [POLL_SECONDS]}
poll=${2:-30}
case $poll in '' | *[!0-9]* | 0) echo "wait-for-job.sh: POLL_SECONDS must be a positive whole number, got '$poll'" >&2; exit 2 ;; esac
kubectl=${KUBECTL:-kubectl}
since=$(date +%s)
while :; do
  # The types of the Job's conditions that hold, e.g. "Complete" or "FailureTarget Failed".
  conditions=$($kubectl get job "$job" -o 'jsonpath={range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')
  read -r completions succeeded failed active <<< "$($kubectl get job "$job" \
    -o 'jsonpath={.spec.completions}{" _"}{.status.succeeded}{" _"}{.status.failed}{" _"}{.status.active}')"
  succeeded=${succeeded#_} failed=${failed#_} active=${active#_}
  status="${succeeded:-0}/$completions succeeded, ${failed:-0} failed, ${active:-0} running"
  case " $conditions " in
    *" Complete "*)
      echo "job/$job complete: $status"
      exit 0
      ;;
    *" Failed "*)
      indexes=$($kubectl get job "$job" -o 'jsonpath={.status.failedIndexes}')
      echo "job/$job failed: $status${indexes:+; failed indexes $indexes}" >&2
      $kubectl logs -l "job-name=$job" --prefix --tail=5 >&2 || true
      exit 1
      ;;
  esac
  echo "job/$job running for $(( $(date +%s) - since )) s: $status"
  sleep "$poll"
done
