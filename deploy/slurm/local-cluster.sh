#!/usr/bin/env bash
# A real one-node Slurm cluster on this machine, from Debian's slurmctld, slurmd, slurm-client and
# munge packages: for trying the job array locally and for the integration test. Everything it
# writes (configuration, state, logs) stays under DIR.
#   deploy/slurm/local-cluster.sh start DIR    # prints the SLURM_CONF to export
#   deploy/slurm/local-cluster.sh stop DIR
# Needs root (the daemons run as root here). cgroup v1 machines: process tracking by /proc, no
# task plugin.
set -euo pipefail
cmd=${1:?start or stop}; dir=$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)
conf=$dir/slurm.conf
case $cmd in
start)
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
  mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/munge"
  cat > "$conf" <<CONF
ClusterName=labelsmooth
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
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
SlurmctldPort=6817
SlurmdPort=6818
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
  cat > "$dir/cgroup.conf" <<CONF
CgroupPlugin=cgroup/v1
CONF
  if ! pgrep -x munged > /dev/null; then
    [ -f /etc/munge/munge.key ] || { dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; chmod 400 /etc/munge/munge.key; }
    mkdir -p /run/munge && chown munge:munge /run/munge 2>/dev/null || true
    if id munge > /dev/null 2>&1; then
      runuser -u munge -- /usr/sbin/munged || /usr/sbin/munged --force
    else
      /usr/sbin/munged --force
    fi
  fi
  SLURM_CONF=$conf /usr/sbin/slurmctld -f "$conf"
  SLURM_CONF=$conf /usr/sbin/slurmd -f "$conf"
  for _ in $(seq 1 60); do
    if SLURM_CONF=$conf sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
      echo "SLURM_CONF=$conf"
      exit 0
    fi
    sleep 1
  done
  echo "slurm did not come up; see $dir/log" >&2
  exit 1
  ;;
stop)
  for pid in "$dir/slurmd.pid" "$dir/slurmctld.pid"; do
    [ -f "$pid" ] && kill "$(cat "$pid")" 2> /dev/null || true
  done
  sleep 1
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
