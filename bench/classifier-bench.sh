#!/usr/bin/env bash
# classifier-bench.sh: JMH benchmarks of the SQL classifier (sql-classifier/src/jmh/java), with JSqlParser
# alone on the same statements as the baseline, in one run. See bench/README.md, section "Classifier".
#
# Usage: bench/classifier-bench.sh [--quick] [--only REGEX] [--no-build] [--out-dir DIR] [-- JMH options...]
#   --quick     1 warm-up + 3 measured iterations of 1 s, SampleTime only: about 1.5 minutes (smoke test)
#   --only      a subset: JMH's benchmark regex, e.g. 'pgbenchSelect|tpcb' or '_classifier$'
#   --no-build  use the existing sql-classifier/target/benchmarks.jar
#   --out-dir   where results go (default bench/results): classifier-<timestamp>.txt and .json
#   after --     passed to JMH as is, e.g. -- -prof gc   or   -- -prof stack:lines=5
# Environment: BENCH_JAVA (java), BENCH_MVN_OPTS (extra Maven arguments).
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=jmh-jar.sh
source "$SCRIPT_DIR/jmh-jar.sh"
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)
JAVA=${BENCH_JAVA:-java}
OUT_DIR=$SCRIPT_DIR/results
ONLY=ClassifierBenchmark
BUILD=1
JMH_ARGS=()

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "classifier-bench: $*" >&2; exit 1; }

while (($#)); do
  case $1 in
    --quick) JMH_ARGS+=(-wi 1 -w 1s -i 3 -r 1s -bm sample) ;;
    --only) ONLY=${2:?}; shift ;;
    --no-build) BUILD=0 ;;
    --out-dir) OUT_DIR=${2:?}; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; JMH_ARGS+=("$@"); break ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done

cd "$REPO_ROOT"
# BenchMain = org.openjdk.jmh.Main followed by a summary table (p50, mean, ratios to JSqlParser, targets).
run_benchmarks classifier sql-classifier dev.pgguard.classifier.bench.BenchMain "pgguard classifier benchmarks" "" \
  "$ONLY" "${JMH_ARGS[@]}"
