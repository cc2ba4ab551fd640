#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for tests: `scripts/slurm-cluster.sh start STATE_DIR` writes
# /etc/slurm/slurm.conf (this host, its cores, no cgroups), starts munged, slurmctld and slurmd in the
# background and records their PIDs in STATE_DIR/pids; `scripts/slurm-cluster.sh stop STATE_DIR` stops exactly
# those PIDs (TERM, then KILL after 10 s). Needs root and Debian's slurm-wlm and munge packages.
set -euo pipefail
cmd=${1:?usage: slurm-cluster.sh start|stop STATE_DIR}
state=${2:?usage: slurm-cluster.sh start|stop STATE_DIR}
mkdir -p "$state"

stop() {
  [ -f "$state/pids" ] || return 0
  # Stop in reverse start order: slurmd, slurmctld, munged.
  for pid in $(tac "$state/pids"); do
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  done
  rm -f "$state/pids"
}

start() {
  local host cpus memory
  host=$(hostname -s)
  cpus=$(nproc)
  memory=$(awk '/^MemTotal:/ { print int($2 / 1024 * 0.8) }' /proc/meminfo) # MB, below what slurmd measures
  cat > /etc/slurm/slurm.conf <<CONF
ClusterName=ci
SlurmctldHost=$host
SlurmUser=slurm
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  install -d -o munge -g munge -m 0755 /run/munge
  [ -s /etc/munge/munge.key ] || { mungekey -c -f; chown munge:munge /etc/munge/munge.key; }
  install -d -o slurm -g slurm /var/spool/slurmctld /var/log/slurm
  install -d /var/spool/slurmd
  : > "$state/pids"
  setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged -F > "$state/munged.out" 2>&1 &
  echo $! >> "$state/pids"
  for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
  /usr/sbin/slurmctld -D -i > "$state/slurmctld.out" 2>&1 &
  echo $! >> "$state/pids"
  for _ in $(seq 100); do scontrol ping >/dev/null 2>&1 && break; sleep 0.1; done
  /usr/sbin/slurmd -D > "$state/slurmd.out" 2>&1 &
  echo $! >> "$state/pids"
  for _ in $(seq 200); do [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && return 0; sleep 0.1; done
  echo "slurm-cluster.sh: the node did not become idle; see $state/*.log" >&2
  stop
  return 1
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: slurm-cluster.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac
