#!/usr/bin/env bash
# audit-bench.sh: JMH benchmark of the audit writer's sustained append throughput to a real file, with group
# commit (audit-log/src/jmh/java). See bench/README.md, section "Audit writer".
#
# Usage: bench/audit-bench.sh [--quick] [--threads N] [--dir DIR] [--no-build] [--out-dir DIR] [-- JMH options...]
#   --quick     1 warm-up + 3 measured iterations of 1 s per parameter set: about 20 s (smoke test)
#   --threads   appending threads (sessions on different event loops), default 1
#   --dir       where the audit files are written (default: the temp dir); put it on the disk you will audit to
#   --no-build  use the existing audit-log/target/benchmarks.jar
#   --out-dir   where results go (default bench/results): audit-<timestamp>.txt and .json
#   after --     passed to JMH as is, e.g. -- -p fsync=always   or   -- -prof gc
# Environment: BENCH_JAVA (java), BENCH_MVN_OPTS (extra Maven arguments).
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=jmh-jar.sh
source "$SCRIPT_DIR/jmh-jar.sh"
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
JAVA=${BENCH_JAVA:-java}
OUT_DIR=$SCRIPT_DIR/results
ONLY=AuditWriterBenchmark
BUILD=1
THREADS=1
AUDIT_DIR=
JMH_ARGS=()

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "audit-bench: $*" >&2; exit 1; }

while (($#)); do
  case $1 in
    --quick) JMH_ARGS+=(-wi 1 -w 1s -i 3 -r 1s) ;;
    --threads) THREADS=${2:?}; shift ;;
    --dir) AUDIT_DIR=${2:?}; shift ;;
    --no-build) BUILD=0 ;;
    --out-dir) OUT_DIR=${2:?}; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; JMH_ARGS+=("$@"); break ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done

cd "$REPO_ROOT"
if [[ -n $AUDIT_DIR ]]; then
  mkdir -p "$AUDIT_DIR"
  JMH_ARGS+=(-jvmArgsAppend "-Daudit.bench.dir=$(cd "$AUDIT_DIR" && pwd)")
fi
bench_dir=${AUDIT_DIR:-${TMPDIR:-/tmp}}
# BenchMain = org.openjdk.jmh.Main followed by a summary table (records/s per parameter set, against the target).
run_benchmarks audit audit-log dev.pgguard.audit.bench.BenchMain "pgguard audit writer benchmark" \
  "# audit files on: $(df -P "$bench_dir" | awk 'NR==2 {print $1}') ($(stat -f -c %T "$bench_dir"), $bench_dir)" \
  "$ONLY" -t "$THREADS" "${JMH_ARGS[@]}"
