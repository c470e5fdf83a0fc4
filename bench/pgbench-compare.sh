#!/usr/bin/env bash
# pgbench-compare.sh: the same workloads directly against PostgreSQL, through PgBouncer (session mode),
# through pgguard, and through pgguard with its statement hook set to allow-all (pgguard-allowall: the
# classifier's cost is the difference) or writing no audit log (pgguard-noaudit: the audit log's cost), or another
# build or JVM setting of it (pgguard-alt: an A/B of a change), interleaved round by round, in one run.
# See bench/README.md.
#
# Usage: bench/pgbench-compare.sh [--quick] [--rounds N] [--duration SECONDS] [--warmup SECONDS]
#                                 [--targets direct,pgbouncer,pgguard,pgguard-allowall,pgguard-noaudit,pgguard-alt]
#                                 [--only REGEX]
#                                 [--out FILE] [--keep]
# Environment (flags win): BENCH_ROUNDS (3), BENCH_DURATION (10), BENCH_WARMUP (5),
#   BENCH_TARGETS (direct,pgbouncer,pgguard,pgguard-allowall), BENCH_SCALE (10), BENCH_COPY_ROWS (1500000),
#   BENCH_OUT, PG_BINDIR (newest /usr/lib/postgresql/*/bin), BENCH_DB_OS_USER (postgres; used when run as root),
#   PGGUARD_JAR (<repo>/proxy-core/target/pgguard.jar), PGGUARD_JAVA_OPTS (-Xmx256m),
#   PGGUARD_ALT_JAR (PGGUARD_JAR) and PGGUARD_ALT_OPTS (none; added to PGGUARD_JAVA_OPTS) for pgguard-alt.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)

ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-5}
TARGETS=${BENCH_TARGETS:-direct,pgbouncer,pgguard,pgguard-allowall}
SCALE=${BENCH_SCALE:-10}
COPY_ROWS=${BENCH_COPY_ROWS:-1500000}
OUT=${BENCH_OUT:-/tmp/pgguard-bench-$(date +%Y%m%d-%H%M%S).md}
ONLY=${BENCH_ONLY:-}
DB_OS_USER=${BENCH_DB_OS_USER:-postgres}
PGGUARD_JAR=${PGGUARD_JAR:-$REPO_ROOT/proxy-core/target/pgguard.jar}
PGGUARD_JAVA_OPTS=${PGGUARD_JAVA_OPTS:--Xmx256m}
PGGUARD_ALT_JAR=${PGGUARD_ALT_JAR:-$PGGUARD_JAR}
PGGUARD_ALT_OPTS=${PGGUARD_ALT_OPTS:-}
KEEP=0

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "pgbench-compare: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

while (($#)); do
  case $1 in
    --quick) ROUNDS=1; DURATION=3; WARMUP=1 ;;
    --rounds) ROUNDS=${2:?}; shift ;;
    --duration) DURATION=${2:?}; shift ;;
    --warmup) WARMUP=${2:?}; shift ;;
    --targets) TARGETS=${2:?}; shift ;;
    --only) ONLY=${2:?}; shift ;;
    --out) OUT=${2:?}; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done

[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer"
[[ $DURATION =~ ^[1-9][0-9]*$ ]] || die "--duration must be a positive integer"
[[ $WARMUP =~ ^[0-9]+$ ]] || die "--warmup must be a non-negative integer"

IFS=, read -r -a TARGET_LIST <<<"$TARGETS"
for t in "${TARGET_LIST[@]}"; do
  case $t in direct|pgbouncer|pgguard|pgguard-allowall|pgguard-noaudit|pgguard-alt) ;;
    *) die "unknown target '$t' (direct, pgbouncer, pgguard, pgguard-allowall, pgguard-noaudit, pgguard-alt)" ;; esac
done
has_target() { [[ ",$TARGETS," == *",$1,"* ]]; }
has_pgguard() { [[ ",$TARGETS," == *",pgguard"* ]]; }   # any of the pgguard targets

# ---------------------------------------------------------------------------------------------------- tools
if [[ -z ${PG_BINDIR:-} ]]; then
  PG_BINDIR=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n $PG_BINDIR ]] || PG_BINDIR=$(dirname -- "$(command -v pg_ctl || echo /nonexistent/pg_ctl)")
fi
for b in initdb pg_ctl psql pgbench pg_isready; do
  [[ -x $PG_BINDIR/$b ]] || die "$PG_BINDIR/$b not found (set PG_BINDIR)"
done
PSQL=$PG_BINDIR/psql
PGBENCH=$PG_BINDIR/pgbench
CLK_TCK=$(getconf CLK_TCK)
NPROC=$(nproc)

PGBOUNCER_BIN=
if has_target pgbouncer; then
  PGBOUNCER_BIN=$(command -v pgbouncer || true)
  [[ -n $PGBOUNCER_BIN ]] || { [[ -x /usr/sbin/pgbouncer ]] && PGBOUNCER_BIN=/usr/sbin/pgbouncer; }
  if [[ -z $PGBOUNCER_BIN ]]; then
    [[ $EUID -eq 0 ]] || die "pgbouncer is not installed (apt-get install pgbouncer), or leave it out of --targets"
    log "installing pgbouncer (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq pgbouncer >/dev/null || { apt-get update -qq && apt-get install -y -qq pgbouncer >/dev/null; }
    PGBOUNCER_BIN=/usr/sbin/pgbouncer
    [[ -x $PGBOUNCER_BIN ]] || die "pgbouncer installation failed"
  fi
fi

if has_pgguard; then
  command -v java >/dev/null || die "java not found (needed for the pgguard target)"
  command -v curl >/dev/null || die "curl not found (needed to poll pgguard's health endpoint)"
  if [[ ! -f $PGGUARD_JAR ]]; then
    log "building $PGGUARD_JAR"
    (cd "$REPO_ROOT" && ./mvnw -q -DskipTests package -pl proxy-core -am) || die "building pgguard failed"
    [[ -f $PGGUARD_JAR ]] || die "build finished but $PGGUARD_JAR does not exist"
  fi
  if has_target pgguard-alt; then [[ -f $PGGUARD_ALT_JAR ]] || die "PGGUARD_ALT_JAR $PGGUARD_ALT_JAR does not exist"; fi
fi

# PostgreSQL and PgBouncer refuse to run as root: run them as an unprivileged OS user.
as_db() {
  if [[ $EUID -eq 0 ]]; then runuser -u "$DB_OS_USER" -- "$@"; else "$@"; fi
}
if [[ $EUID -eq 0 ]] && ! id "$DB_OS_USER" >/dev/null 2>&1; then
  log "creating OS user $DB_OS_USER"
  useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "$DB_OS_USER"
fi

# ---------------------------------------------------------------------------------------------------- teardown
WORK=$(mktemp -d /tmp/pgguard-bench.XXXXXX)
[[ $EUID -eq 0 ]] && chown "$DB_OS_USER" "$WORK"
PGDATA_DIR=$WORK/pgdata
# per target: the port it listens on and, for the middlemen, the pid whose CPU time is measured (PgBouncer's is
# in its pid file)
declare -A PORT=() PID=()
PG_STARTED=0

cleanup() {
  local rc=$?
  set +e
  for pid in "${PID[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null; fi
  done
  if [[ -f $WORK/pgbouncer.pid ]]; then
    local bpid; bpid=$(<"$WORK/pgbouncer.pid")
    [[ -n $bpid ]] && kill "$bpid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$bpid" 2>/dev/null || break; sleep 0.1; done
  fi
  if ((PG_STARTED)); then
    as_db "$PG_BINDIR/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1
  fi
  if ((KEEP)); then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------------- helpers
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
USED_PORTS=" "
# free_port VAR: sets VAR to a port nothing listens on and no earlier call handed out. It sets a variable rather
# than printing, because $(free_port) would run in a subshell and its reservation would never reach this one.
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 40000))
    [[ $USED_PORTS == *" $p "* ]] && continue
    port_in_use "$p" && continue
    USED_PORTS+="$p "
    printf -v "$1" '%s' "$p"; return 0
  done
  die "no free port found"
}

# CPU time (utime + stime, clock ticks) of a whole process, all threads.
cpu_ticks() {
  local stat rest
  stat=$(<"/proc/$1/stat") || return 1
  rest=${stat##*) }            # drop "pid (comm) ", comm may contain spaces or parentheses
  read -r -a f <<<"$rest"      # f[0] is field 3 (state): utime is field 14, stime field 15
  echo $((f[11] + f[12]))
}

# Connection settings for a target, exported into the environment of pgbench/psql.
PG_USER=bench
PG_DB=bench
PG_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
AGENT_USER=bench
AGENT_PASSWORD=benchpw
export PGSSLMODE=disable PGGSSENCMODE=disable PGAPPNAME=pgbench-compare PGCONNECT_TIMEOUT=10

target_env() {   # prints KEY=VALUE words for `env`
  case $1 in
    direct|pgbouncer) echo "PGHOST=127.0.0.1 PGPORT=${PORT[$1]} PGUSER=$PG_USER PGPASSWORD=$PG_PASSWORD PGDATABASE=$PG_DB" ;;
    *)                echo "PGHOST=127.0.0.1 PGPORT=${PORT[$1]} PGUSER=$AGENT_USER PGPASSWORD=$AGENT_PASSWORD PGDATABASE=$PG_DB" ;;
  esac
}
target_pid() {
  case $1 in
    pgbouncer) cat "$WORK/pgbouncer.pid" ;;
    *) echo "${PID[$1]:-}" ;;
  esac
}
on_target() { local t=$1; shift; local e; read -r -a e <<<"$(target_env "$t")"; env "${e[@]}" "$@"; }

# ---------------------------------------------------------------------------------------------------- PostgreSQL
free_port DIRECT_PORT
PORT[direct]=$DIRECT_PORT
log "initdb + start PostgreSQL ($PG_BINDIR) on 127.0.0.1:$DIRECT_PORT in $WORK"
as_db "$PG_BINDIR/initdb" -D "$PGDATA_DIR" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  -E UTF8 --locale=C >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
cat >>"$PGDATA_DIR/postgresql.auto.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $DIRECT_PORT
unix_socket_directories = '$WORK'
max_connections = 200
shared_buffers = 256MB
synchronous_commit = off
password_encryption = 'scram-sha-256'
logging_collector = off
EOF
as_db "$PG_BINDIR/pg_ctl" -D "$PGDATA_DIR" -l "$WORK/postgres.log" -w -t 60 start >/dev/null \
  || { cat "$WORK/postgres.log" >&2; die "PostgreSQL did not start"; }
PG_STARTED=1

su_psql() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$WORK" -p "$DIRECT_PORT" -U postgres -d postgres "$@"; }
su_psql -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'" -c "CREATE DATABASE $PG_DB OWNER $PG_USER"
log "pgbench -i -s $SCALE"
on_target direct "$PGBENCH" -i -q -s "$SCALE" >"$WORK/pgbench-init.log" 2>&1 \
  || { cat "$WORK/pgbench-init.log" >&2; die "pgbench -i failed"; }

# ---------------------------------------------------------------------------------------------------- PgBouncer
if has_target pgbouncer; then
  free_port BOUNCER_PORT
  PORT[pgbouncer]=$BOUNCER_PORT
  log "start PgBouncer ($("$PGBOUNCER_BIN" --version | head -n 1)) on 127.0.0.1:$BOUNCER_PORT, session mode"
  # The role's SCRAM verifier, as a real deployment would store it (and as pgguard stores its agents'):
  # PgBouncer then runs no PBKDF2 per client login, and logs in upstream with the client's SCRAM keys.
  PG_VERIFIER=$(su_psql -At -c "SELECT rolpassword FROM pg_authid WHERE rolname = '$PG_USER'")
  printf '"%s" "%s"\n' "$PG_USER" "$PG_VERIFIER" >"$WORK/userlist.txt"
  cat >"$WORK/pgbouncer.ini" <<EOF
[databases]
$PG_DB = host=127.0.0.1 port=$DIRECT_PORT dbname=$PG_DB

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $WORK/userlist.txt
pool_mode = session
max_client_conn = 400
default_pool_size = 64
logfile = $WORK/pgbouncer.log
pidfile = $WORK/pgbouncer.pid
log_connections = 0
log_disconnections = 0
EOF
  [[ $EUID -eq 0 ]] && chown "$DB_OS_USER" "$WORK/userlist.txt" "$WORK/pgbouncer.ini"
  chmod 600 "$WORK/userlist.txt"
  as_db "$PGBOUNCER_BIN" -q "$WORK/pgbouncer.ini" >"$WORK/pgbouncer.out" 2>&1 &
  for _ in $(seq 100); do
    [[ -s $WORK/pgbouncer.pid ]] && "$PG_BINDIR/pg_isready" -q -h 127.0.0.1 -p "$BOUNCER_PORT" && break
    sleep 0.1
  done
  if ! [[ -s $WORK/pgbouncer.pid ]] || ! "$PG_BINDIR/pg_isready" -q -h 127.0.0.1 -p "$BOUNCER_PORT"; then
    cat "$WORK/pgbouncer.out" "$WORK/pgbouncer.log" >&2 2>/dev/null
    die "PgBouncer did not start"
  fi
fi

# ---------------------------------------------------------------------------------------------------- pgguard
# start_pgguard NAME JAR [JAVA_OPTION...]: starts JAR as target NAME, with its own ports and config, and the
# options after PGGUARD_JAVA_OPTS; sets PORT[NAME] and PID[NAME].
start_pgguard() {
  local name=$1 jar=$2 port admin
  shift 2
  free_port port
  free_port admin
  cat >"$WORK/$name.yaml" <<EOF
listen:   { host: 127.0.0.1, port: $port }
admin:    { host: 127.0.0.1, port: $admin }
upstream:
  host: 127.0.0.1
  port: $DIRECT_PORT
  user: $PG_USER
  password: \${BENCH_PG_PASSWORD}
  sslmode: disable
agents:
  - name: $AGENT_USER
    password: '$VERIFIER'
    mode: read-write
audit:
  directory: $WORK/audit-$name
  fsync: ${BENCH_AUDIT_FSYNC:-durable-records}
EOF
  log "start $name ($jar${*:+ $*}) on 127.0.0.1:$port, admin 127.0.0.1:$admin"
  local opts; read -r -a opts <<<"$PGGUARD_JAVA_OPTS"
  opts+=("$@")
  BENCH_PG_PASSWORD=$PG_PASSWORD java "${opts[@]}" -jar "$jar" serve --config "$WORK/$name.yaml" \
    >"$WORK/$name.log" 2>&1 &
  PID[$name]=$!
  PORT[$name]=$port
  local ready=0
  for _ in $(seq 300); do
    kill -0 "${PID[$name]}" 2>/dev/null || break
    if curl -fsS -o /dev/null "http://127.0.0.1:$admin/health" 2>/dev/null \
       && "$PG_BINDIR/pg_isready" -q -h 127.0.0.1 -p "$port"; then ready=1; break; fi
    sleep 0.2
  done
  if ((!ready)); then
    tail -n 40 "$WORK/$name.log" >&2
    die "$name did not become ready (health on :$admin + pg_isready on :$port); leave it out with --targets"
  fi
}

if has_pgguard; then
  # The agent's SCRAM verifier, made by PostgreSQL itself (pgguard stores verifiers in pg_authid format).
  VERIFIER=$(su_psql -At \
    -c "SET password_encryption = 'scram-sha-256'" \
    -c "CREATE ROLE pgguard_verifier_tmp PASSWORD '$AGENT_PASSWORD'" \
    -c "SELECT rolpassword FROM pg_authid WHERE rolname = 'pgguard_verifier_tmp'" \
    -c "DROP ROLE pgguard_verifier_tmp")
  [[ $VERIFIER == SCRAM-SHA-256\$* ]] || die "could not make a SCRAM verifier: $VERIFIER"
fi
has_target pgguard && start_pgguard pgguard "$PGGUARD_JAR"
# The same jar with the statement hook allowing everything (a JVM property meant for benchmarks only).
has_target pgguard-allowall && start_pgguard pgguard-allowall "$PGGUARD_JAR" -Dpgguard.unsafe.allowAll=true
# The same jar writing no audit log (a JVM property meant for benchmarks only): what the audit log costs.
has_target pgguard-noaudit && start_pgguard pgguard-noaudit "$PGGUARD_JAR" -Dpgguard.unsafe.noAudit=true
# Another build, or other JVM options: a change measured against pgguard in the same run (×alt = pgguard ÷ alt).
if has_target pgguard-alt; then
  read -r -a alt_opts <<<"$PGGUARD_ALT_OPTS"
  start_pgguard pgguard-alt "$PGGUARD_ALT_JAR" "${alt_opts[@]+"${alt_opts[@]}"}"
fi

# ---------------------------------------------------------------------------------------------------- runs
# A workload is "name|pgbench arguments"; the client count is the -c value.
WORKLOADS=()
for c in 1 8 32; do
  for m in simple extended prepared; do WORKLOADS+=("select-only c$c $m|-S -M $m -c $c"); done
done
WORKLOADS+=("tpcb-like c8 prepared|-M prepared -c 8")
WORKLOADS+=("churn -C select-only c8|-S -C -c 8")
if [[ -n $ONLY ]]; then
  filtered=()
  for w in "${WORKLOADS[@]}"; do [[ ${w%%|*} =~ $ONLY ]] && filtered+=("$w"); done
  WORKLOADS=("${filtered[@]+"${filtered[@]}"}")
fi
RUN_COPY=1
[[ -n $ONLY && ! "copy-out" =~ $ONLY ]] && RUN_COPY=0

RAW=$WORK/raw.csv
echo "round,workload,target,tps,lat_ms,txns,failed,cpu_us_per_txn" >"$RAW"

# run_pgbench ROUND WORKLOAD TARGET ARGS...: one timed pgbench run, one line appended to $RAW
run_pgbench() {
  local round=$1 name=$2 target=$3; shift 3
  local args=("$@") c=1 i
  for ((i = 0; i < ${#args[@]}; i++)); do [[ ${args[i]} == -c ]] && c=${args[i + 1]}; done
  local j=$((c < NPROC ? c : NPROC))
  local pid t0=0 t1=0 out rc=0
  pid=$(target_pid "$target")
  [[ -n $pid ]] && t0=$(cpu_ticks "$pid")
  out=$(on_target "$target" "$PGBENCH" -n -j "$j" -T "$DURATION" "${args[@]}" 2>&1) || rc=$?
  [[ -n $pid ]] && t1=$(cpu_ticks "$pid")
  local tps lat txns failed cpu=""
  tps=$(awk '/^tps = /{print $3; exit}' <<<"$out")
  lat=$(awk '/^latency average = /{print $4; exit}' <<<"$out")
  txns=$(awk -F': ' '/^number of transactions actually processed/{split($2, a, "/"); print a[1]; exit}' <<<"$out")
  failed=$(awk -F': ' '/^number of failed transactions/{split($2, a, " "); print a[1]; exit}' <<<"$out")
  if ((rc != 0)) || [[ -z $tps ]]; then
    log "  $target: pgbench failed (rc=$rc):"; tail -n 5 <<<"$out" | sed 's/^/    /' >&2
    echo "$round,$name,$target,,,,ERR," >>"$RAW"; return 0
  fi
  if [[ -n $pid && ${txns:-0} -gt 0 ]]; then
    cpu=$(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v n="$txns" 'BEGIN{printf "%.1f", d / hz / n * 1e6}')
  fi
  log "  $(printf '%-9s tps %10s  lat %8s ms  failed %s  cpu/txn %s us' "$target" "$tps" "$lat" "${failed:-0}" "${cpu:--}")"
  echo "$round,$name,$target,$tps,$lat,$txns,${failed:-0},$cpu" >>"$RAW"
}

COPY_SQL="select g, repeat('x', 200) from generate_series(1, $COPY_ROWS) g"
COPY_BYTES=0
if ((RUN_COPY)); then
  # Exact size of the text COPY output: the number, a tab, 200 x, a newline.
  COPY_BYTES=$(su_psql -At -c "select sum(length(g::text) + 202) from generate_series(1, $COPY_ROWS) g")
fi
COPY_NAME="copy-out $((COPY_BYTES / 1000000)) MB"

# run_copy ROUND TARGET: \copy (...) to /dev/null through the target, MB/s (1 MB = 10^6 bytes)
run_copy() {
  local round=$1 target=$2 pid t0=0 t1=0 s e rc=0
  pid=$(target_pid "$target")
  [[ -n $pid ]] && t0=$(cpu_ticks "$pid")
  s=$(date +%s.%N)
  on_target "$target" "$PSQL" -X -q -v ON_ERROR_STOP=1 -c "\\copy ($COPY_SQL) to '/dev/null'" \
    >"$WORK/copy.out" 2>&1 || rc=$?
  e=$(date +%s.%N)
  [[ -n $pid ]] && t1=$(cpu_ticks "$pid")
  if ((rc != 0)); then
    log "  $target: COPY failed (rc=$rc): $(tail -n 3 "$WORK/copy.out")"
    echo "$round,$COPY_NAME,$target,,,,ERR," >>"$RAW"; return 0
  fi
  local mbs ms cpu=""
  mbs=$(awk -v b="$COPY_BYTES" -v s="$s" -v e="$e" 'BEGIN{printf "%.1f", b / 1e6 / (e - s)}')
  ms=$(awk -v s="$s" -v e="$e" 'BEGIN{printf "%.0f", (e - s) * 1000}')
  # CPU column for COPY: middleman CPU microseconds per MB relayed.
  [[ -n $pid ]] && cpu=$(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v b="$COPY_BYTES" 'BEGIN{printf "%.1f", d / hz / (b / 1e6) * 1e6}')
  log "  $(printf '%-9s %8s MB/s  %6s ms  cpu/MB %s us' "$target" "$mbs" "$ms" "${cpu:--}")"
  echo "$round,$COPY_NAME,$target,$mbs,$ms,1,0,$cpu" >>"$RAW"
}

START=$(date +%s)
if ((WARMUP > 0)); then
  # every protocol mode: pgguard's JIT compiles each path on first use, and C2 takes a core for ~10 s after start
  log "warm-up: ${WARMUP}s select-only c8 in each of simple, extended, prepared per target (not recorded)"
  for t in "${TARGET_LIST[@]}"; do
    for mode in simple extended prepared; do
      on_target "$t" "$PGBENCH" -n -S -M "$mode" -c 8 -j "$NPROC" -T "$WARMUP" >/dev/null 2>&1 \
        || log "  warm-up through $t ($mode) failed"
    done
  done
fi
for ((r = 1; r <= ROUNDS; r++)); do
  for w in "${WORKLOADS[@]}"; do
    name=${w%%|*}
    read -r -a wargs <<<"${w#*|}"
    log "round $r/$ROUNDS: $name"
    for t in "${TARGET_LIST[@]}"; do run_pgbench "$r" "$name" "$t" "${wargs[@]}"; done
  done
  if ((RUN_COPY)); then
    log "round $r/$ROUNDS: $COPY_NAME"
    for t in "${TARGET_LIST[@]}"; do run_copy "$r" "$t"; done
  fi
done
ELAPSED=$(($(date +%s) - START))

# ---------------------------------------------------------------------------------------------------- report
# median COLUMN WORKLOAD TARGET: median over rounds of a numeric column of $RAW (empty if no valid run)
median() {
  awk -F, -v col="$1" -v w="$2" -v t="$3" '$2 == w && $3 == t && $col != "" && $7 != "ERR" {print $col}' "$RAW" \
    | sort -g | awk '{v[NR] = $1} END {if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
fmt() { [[ -n $1 ]] && awk -v x="$1" -v f="$2" 'BEGIN{printf f, x}' || echo "n/a"; }
ratio() { [[ -n $1 && -n $2 ]] && awk -v a="$1" -v b="$2" 'BEGIN{if (b > 0) printf "%.2f", a / b; else print "n/a"}' || echo "n/a"; }
failures() { awk -F, -v w="$1" -v t="$2" '$2 == w && $3 == t {if ($7 == "ERR") e++; else f += $7} END {if (e) printf "%d runs ERR", e; else printf "%d", f}' "$RAW"; }

report() {
  echo "# pgguard benchmark: direct vs PgBouncer (session) vs pgguard"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); host: $(uname -n), $NPROC cores ($(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo))"
  echo "- $("$PGBENCH" --version); PostgreSQL $("$PSQL" -X -At -h "$WORK" -p "$DIRECT_PORT" -U postgres -d postgres -c 'show server_version')"
  has_target pgbouncer && echo "- $("$PGBOUNCER_BIN" --version | head -n 1), pool_mode=session, auth scram-sha-256 (auth_file holds the SCRAM verifier)"
  has_target pgguard && echo "- pgguard: $PGGUARD_JAR, java $PGGUARD_JAVA_OPTS ($(java -version 2>&1 | head -n 1))"
  has_target pgguard-alt && echo "- pgguard-alt: $PGGUARD_ALT_JAR, java $PGGUARD_JAVA_OPTS $PGGUARD_ALT_OPTS"
  echo "- rounds: $ROUNDS (interleaved: each workload runs on every target in turn, every round), -T $DURATION s per run, warm-up ${WARMUP}s, pgbench -s $SCALE, -j min(clients, $NPROC); total ${ELAPSED}s"
  echo "- tps and latency: median over rounds. CPU µs/txn: the middleman's utime+stime (/proc/<pid>/stat, all threads) over the run ÷ transactions. Ratios: tps ÷ tps."
  echo "- $COPY_NAME row: the tps column is MB/s (10^6 bytes), latency is the whole COPY in ms, CPU is µs per MB."
  echo "- pgbench, PostgreSQL and the middleman share the same $NPROC cores: the tps ratios include that contention; the CPU column does not depend on it."
  echo
  echo "| workload | target | tps | lat ms | ×direct | ×pgbouncer | ×allow-all | ×no-audit | ×alt | middleman CPU µs/txn | failed |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  local names=() w t tps lat cpu d b a n x
  for w in "${WORKLOADS[@]}"; do names+=("${w%%|*}"); done
  ((RUN_COPY)) && names+=("$COPY_NAME")
  for w in "${names[@]}"; do
    d=$(median 4 "$w" direct); b=$(median 4 "$w" pgbouncer); a=$(median 4 "$w" pgguard-allowall)
    n=$(median 4 "$w" pgguard-noaudit); x=$(median 4 "$w" pgguard-alt)
    for t in "${TARGET_LIST[@]}"; do
      tps=$(median 4 "$w" "$t"); lat=$(median 5 "$w" "$t"); cpu=$(median 8 "$w" "$t")
      local xd="" xb="" xa="" xn="" xx="" cpucol=""
      local latfmt='%.3f'
      [[ $w == "$COPY_NAME" ]] && latfmt='%.0f'
      [[ $t != direct ]] && has_target direct && xd=$(ratio "$tps" "$d")
      [[ $t == pgguard* ]] && has_target pgbouncer && xb=$(ratio "$tps" "$b")
      [[ $t == pgguard ]] && has_target pgguard-allowall && xa=$(ratio "$tps" "$a")
      [[ $t == pgguard ]] && has_target pgguard-noaudit && xn=$(ratio "$tps" "$n")
      [[ $t == pgguard ]] && has_target pgguard-alt && xx=$(ratio "$tps" "$x")
      [[ $t != direct ]] && cpucol=$(fmt "$cpu" '%.1f')
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$w" "$t" "$(fmt "$tps" '%.1f')" \
        "$(fmt "$lat" "$latfmt")" "$xd" "$xb" "$xa" "$xn" "$xx" "$cpucol" "$(failures "$w" "$t")"
    done
  done
  echo
  echo "Raw runs:"
  echo
  echo '```csv'
  cat "$RAW"
  echo '```'
}

mkdir -p "$(dirname -- "$OUT")"
report >"$OUT"
echo
cat "$OUT"
echo
log "results written to $OUT"
if grep -q ',ERR,' "$RAW"; then log "some runs failed (ERR in the table)"; exit 2; fi
