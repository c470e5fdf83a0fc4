# jmh-jar.sh: sourced by the JMH benchmark scripts. build_jmh_jar MODULE builds MODULE/target/benchmarks.jar
# with Maven's `bench` profile: offline first (the usual case), online once if a plugin or JMH is not in ~/.m2
# yet. Tests are not needed for the jar, and are not even compiled. Expects REPO_ROOT, die() and, optionally,
# BENCH_MVN_OPTS (extra Maven arguments). run_benchmarks (below) is the rest of a benchmark script's run.

build_jmh_jar() {
  local module=$1 log
  local args=(-q -Pbench -pl "$module" -am package -Dmaven.test.skip=true ${BENCH_MVN_OPTS:-})
  log=$(mktemp)
  if ! (cd "$REPO_ROOT" && ./mvnw -o "${args[@]}") >"$log" 2>&1; then
    if grep -q -i 'offline' "$log"; then
      echo "$module benchmarks: something is missing from ~/.m2, building online" >&2
      (cd "$REPO_ROOT" && ./mvnw "${args[@]}") || { rm -f "$log"; die "build failed"; }
    else
      cat "$log" >&2
      rm -f "$log"
      die "build failed"
    fi
  fi
  rm -f "$log"
  [[ -f $REPO_ROOT/$module/target/benchmarks.jar ]] \
    || die "no $module/target/benchmarks.jar (build with: ./mvnw -Pbench -pl $module -am package -Dmaven.test.skip=true)"
}

# run_facts MODULE: the lines every result file starts with — the commit (and whether MODULE has uncommitted
# changes), the machine and the JVM — so that figures are never read apart from what produced them.
run_facts() {
  local module=$1
  echo "# commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- "$module" 2>/dev/null || echo " ($module modified)")"
  echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo 2>/dev/null)"
  echo "# java: $("$JAVA" -version 2>&1 | head -1)"
}

# run_benchmarks NAME MODULE MAIN TITLE FACTS ARGS...: builds MODULE's benchmarks.jar (unless BUILD is 0), runs
# the main class MAIN from it with ARGS (the first is the benchmark regex), JMH's JSON results going to
# $OUT_DIR/NAME-<timestamp>.json and the output, after a header (TITLE, run_facts, FACTS if not empty, the
# arguments), to NAME-<timestamp>.txt; then exits with MAIN's status. Expects JAVA and OUT_DIR as well.
run_benchmarks() {
  local name=$1 module=$2 main=$3 title=$4 facts=$5; shift 5
  local jar=$REPO_ROOT/$module/target/benchmarks.jar stamp txt json status=0
  if ((BUILD)); then
    build_jmh_jar "$module"
  fi
  [[ -f $jar ]] || die "no $jar: run without --no-build"
  mkdir -p "$OUT_DIR"
  stamp=$(date +%Y%m%d-%H%M%S)
  txt=$OUT_DIR/$name-$stamp.txt
  json=$OUT_DIR/$name-$stamp.json
  {
    echo "# $title, $(date -Iseconds)"
    run_facts "$module"
    [[ -z $facts ]] || echo "$facts"
    echo "# args: $*"
  } >"$txt"
  # `|| status=`: under set -e a failed run would end the script here, without saying where its output went
  "$JAVA" -cp "$jar" "$main" "$1" -rf json -rff "$json" "${@:2}" 2>&1 | tee -a "$txt" || status=${PIPESTATUS[0]}
  echo "$name-bench: results in $txt and $json" >&2
  exit "$status"
}
