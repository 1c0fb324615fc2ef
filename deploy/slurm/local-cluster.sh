#!/usr/bin/env bash
# A real one-node Slurm cluster on this machine, from Debian's slurmctld, slurmd, slurm-client and
# munge packages: for trying the job array locally and for the integration test. Everything it
# writes (configuration, state, logs, its own munge daemon's key, socket and log) stays under DIR,
# and it touches no system-wide munge or Slurm set-up.
#   deploy/slurm/local-cluster.sh start DIR    # prints the SLURM_CONF to export
#   deploy/slurm/local-cluster.sh stop DIR     # stops the three daemons that start launched
# LOCAL_SLURM_PORT (default 6817) is the controller's port, the node daemon's is the next one.
# Needs root (the daemons run as root here). cgroup v1 machines: process tracking by /proc, no
# task plugin.
set -euo pipefail
cmd=${1:?start or stop}; dir=$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)
conf=$dir/slurm.conf
port=${LOCAL_SLURM_PORT:-6817}
# A name of this cluster alone, so that the readiness check cannot take another cluster's
# controller, answering on the same port, for this one.
name=ls$(printf %s "$dir" | cksum | cut -d' ' -f1)
alive() { [ -f "$1" ] && kill -0 "$(cat "$1" 2> /dev/null)" 2> /dev/null; }
case $cmd in
start)
  for pid in "$dir/slurmctld.pid" "$dir/slurmd.pid"; do
    if alive "$pid"; then
      echo "a cluster from $dir is running already (pid $(cat "$pid")); stop it first" >&2
      exit 1
    fi
  done
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
  mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/munge"
  cat > "$conf" <<CONF
ClusterName=$name
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobRequeue=1
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=$port
SlurmdPort=$((port + 1))
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
  cat > "$dir/cgroup.conf" <<CONF
CgroupPlugin=cgroup/v1
CONF
  # This cluster's own munge daemon: its key, socket, log and pid file under DIR/munge (the socket
  # needs the folder searchable by all; the key stays readable by root alone).
  chmod 711 "$dir/munge"
  if [ ! -f "$dir/munge/munge.key" ]; then
    (umask 077 && head -c 1024 /dev/urandom > "$dir/munge/munge.key")
    chmod 400 "$dir/munge/munge.key"
  fi
  alive "$dir/munge/munged.pid" \
    || /usr/sbin/munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
      --log-file="$dir/munge/munged.log" --pid-file="$dir/munge/munged.pid" \
      --seed-file="$dir/munge/munged.seed" \
    || { echo "munged did not start; see $dir/munge/munged.log" >&2; exit 1; }
  ours() { # this cluster's controller is up and answers with this cluster's name
    alive "$dir/slurmctld.pid" \
      && SLURM_CONF=$conf scontrol show config 2> /dev/null | grep -E "^ClusterName += $name\$" > /dev/null
  }
  SLURM_CONF=$conf /usr/sbin/slurmctld -f "$conf" \
    || { echo "slurmctld did not start; see $dir/log/slurmctld.log ($0 stop $dir cleans up)" >&2; exit 1; }
  # The node daemon registers once, at start: start it when the controller listens, or it waits
  # for its next try.
  for _ in $(seq 1 60); do
    if grep -q "fatal:" "$dir/log/slurmctld.log" 2> /dev/null; then
      break # it ended: the port is taken, or see its log
    fi
    ours && break
    sleep 0.5
  done
  if ours; then
    SLURM_CONF=$conf /usr/sbin/slurmd -f "$conf" \
      || { echo "slurmd did not start; see $dir/log/slurmd.log ($0 stop $dir cleans up)" >&2; exit 1; }
    for _ in $(seq 1 120); do
      # (grep reads to the end: with -q it could exit first, and pipefail would count the
      # writer's SIGPIPE as a failure)
      if ours && SLURM_CONF=$conf sinfo -h -o %t 2> /dev/null | grep -E '^(idle|mix|alloc)' > /dev/null; then
        echo "SLURM_CONF=$conf"
        exit 0
      fi
      sleep 0.5
    done
  fi
  echo "slurm did not come up (is port $port taken? LOCAL_SLURM_PORT chooses another); see $dir/log" >&2
  exit 1
  ;;
stop)
  for pid in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    if alive "$pid"; then
      kill "$(cat "$pid")"
      for _ in $(seq 1 20); do alive "$pid" || break; sleep 0.5; done
    fi
  done
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
