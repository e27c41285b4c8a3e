#!/usr/bin/env bash
# Benchmark of the GRID gateway proxy against nginx, on loopback only.
#   (a) wrk -> backend                                   (the ceiling)
#   (b) wrk -> nginx (W workers, keep-alive upstream) -> backend
#   (c) wrk -> GRID proxy (W I/O threads, pooled upstream, the gateway's access check on a signed
#       session cookie) -> backend
# for each W in WORKERS (equal resources: nginx workers = GRID I/O threads), repeated ROUNDS times,
# interleaved, so that load from other processes hits every target alike. The backend is a separate
# nginx (1 worker) answering a fixed 1 KiB body. Then a TRANSFER_MIB upload and download through the
# GRID proxy to a body-digesting app in its own JVM, with the proxy JVM's peak memory.
# TLS round: (B) nginx over TLS and (C) the GRID proxy over TLS (its ServerTls), both with the first W of
# WORKERS, one self-signed P-256 certificate made with openssl for the run, TLS 1.2/1.3 with the same cipher
# suites (ServerTls.CIPHER_SUITES), wrk over https with keep-alive; TLS_ROUNDS paired rounds.
# Installs nothing; stops everything it started. Tunables (environment):
#   CONNECTIONS (64), DURATION (6s), WARMUP (2s), THREADS (wrk threads, 1), WORKERS ("1 2"),
#   ROUNDS (5), TLS_ROUNDS (3), WRK_TIMEOUT (2s), TLS_WRK_TIMEOUT (10s, wrk's --timeout in the TLS round), JIT_WARMUP (15s, in seconds, once per proxy JVM before the rounds, in JIT_BURSTS (5) runs with new connections each), TRANSFER_MIB (100), GRID_HEAP (256m), BASE_PORT (18080), BUILD (auto|always|never),
#   PROXY_CLASSES (a class directory put first on the proxy's classpath, to bench another build of it),
#   GRID_JAVA_OPTS (extra options of the proxy JVM, the variable the production start script
#   samples/grid-server/bin/grid-server passes to java too; e.g. -Xlog:gc:file=/tmp/gc.log)
set -euo pipefail

CONNECTIONS="${CONNECTIONS:-64}"
DURATION="${DURATION:-6s}"
WARMUP="${WARMUP:-2s}"
THREADS="${THREADS:-1}"
WORKERS="${WORKERS:-1 2}"
ROUNDS="${ROUNDS:-5}"
TLS_ROUNDS="${TLS_ROUNDS:-3}"
# wrk's own default (2s) for the plain rounds; the TLS round waits longer, so that on a loaded machine a slow
# handshake is finished and counted instead of abandoned and started again (the same for nginx and GRID).
WRK_TIMEOUT="${WRK_TIMEOUT:-2s}"
TLS_WRK_TIMEOUT="${TLS_WRK_TIMEOUT:-10s}"
JIT_WARMUP="${JIT_WARMUP:-15s}"
JIT_BURSTS="${JIT_BURSTS:-5}"
TRANSFER_MIB="${TRANSFER_MIB:-100}"
GRID_HEAP="${GRID_HEAP:-256m}"
BASE_PORT="${BASE_PORT:-18080}"
BUILD="${BUILD:-auto}"
BACKEND_PORT=$BASE_PORT
APP_PORT=$((BASE_PORT + 1))
nginx_port() { echo $((BASE_PORT + 10 + $1)); }
grid_port() { echo $((BASE_PORT + 20 + $1)); }
nginx_tls_port() { echo $((BASE_PORT + 30 + $1)); }
grid_tls_port() { echo $((BASE_PORT + 40 + $1)); }
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PATH="$PATH:/usr/sbin:/sbin"

missing=()
for tool in wrk nginx java mvn curl openssl; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "bench/proxy.sh: missing ${missing[*]}." >&2
  echo "On Debian/Ubuntu: apt-get install -y wrk nginx-light (and a JDK 17 + Maven for java/mvn)." >&2
  exit 2
fi

WORK="$(mktemp -d /tmp/grid-proxy-bench.XXXXXX)"
chmod 755 "$WORK"
PIDS=()
FDS=()
cleanup() {
  for fd in "${FDS[@]:-}"; do
    [[ -n "$fd" ]] && eval "exec $fd>&-" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

CLASSPATH_FILE="$ROOT/grid-routes/target/bench.classpath"
stale() {
  [[ ! -f "$CLASSPATH_FILE" ]] || [[ -n "$(find "$ROOT/grid-routes/src" -name '*.java' -newer "$CLASSPATH_FILE" | head -1)" ]]
}
if [[ "$BUILD" == always ]] || { [[ "$BUILD" == auto ]] && stale; }; then
  echo "== building grid-routes (test classes + classpath)"
  (cd "$ROOT" && mvn -B -q -pl grid-routes -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
  touch "$CLASSPATH_FILE"
fi
CP="${PROXY_CLASSES:+$PROXY_CLASSES:}$ROOT/grid-routes/target/test-classes:$ROOT/grid-routes/target/classes:$(cat "$CLASSPATH_FILE")"

nginx_conf() { # name workers server-block
  mkdir -p "$WORK/$1"
  cat >"$WORK/$1/nginx.conf" <<CONF
worker_processes $2;
daemon off;
pid $WORK/$1/nginx.pid;
error_log $WORK/$1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/$1/body;
  proxy_temp_path $WORK/$1/proxy;
  fastcgi_temp_path $WORK/$1/fastcgi;
  uwsgi_temp_path $WORK/$1/uwsgi;
  scgi_temp_path $WORK/$1/scgi;
  keepalive_requests 1000000;
  $3
}
CONF
}

BODY="$(head -c 1024 /dev/zero | tr '\0' 'x')"
nginx_conf backend 1 "server { listen 127.0.0.1:$BACKEND_PORT; location / { default_type text/plain; return 200 '$BODY'; } }"
nginx -p "$WORK/backend" -c "$WORK/backend/nginx.conf" & PIDS+=($!); BACKEND_PID=$!

# The app for the transfers: its own JVM, so its memory is not counted as the proxy's.
mkfifo "$WORK/app.stdin"
java -Xmx128m -cp "$CP" io.grid.routes.gateway.proxy.ProxyBench app "$APP_PORT" \
  <"$WORK/app.stdin" >"$WORK/app.log" 2>&1 & PIDS+=($!)
exec {app_fd}>"$WORK/app.stdin"; FDS+=("$app_fd")

# One certificate for both TLS servers; the same TLS 1.2 suites as ServerTls, and its TLS 1.3 suites in its order.
W1="$(echo "$WORKERS" | cut -d' ' -f1)"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/tls-key.pem" -out "$WORK/tls-cert.pem" 2>/dev/null
nginx_conf tlsfront "$W1" "upstream app { server 127.0.0.1:$BACKEND_PORT; keepalive 128; }
  server { listen 127.0.0.1:$(nginx_tls_port "$W1") ssl;
    ssl_certificate $WORK/tls-cert.pem;
    ssl_certificate_key $WORK/tls-key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
    ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256;
    ssl_prefer_server_ciphers on;
    location /orders/1/app/ {
      proxy_pass http://app/;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host \$proxy_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
      proxy_set_header Authorization \"\";
    } }"
nginx -p "$WORK/tlsfront" -c "$WORK/tlsfront/nginx.conf" & PIDS+=($!); TLS_FRONT_PID=$!

declare -A GRID_FD FRONT_PID GRID_PID
for w in $WORKERS; do
  tls_opts=()
  [[ $w == "$W1" ]] && tls_opts=(-Dgrid.bench.tls-port="$(grid_tls_port "$w")" \
    -Dgrid.bench.tls-certificate="$WORK/tls-cert.pem" -Dgrid.bench.tls-key="$WORK/tls-key.pem")
  nginx_conf "front$w" "$w" "upstream app { server 127.0.0.1:$BACKEND_PORT; keepalive 128; }
  server { listen 127.0.0.1:$(nginx_port "$w");
    location /orders/1/app/ {
      proxy_pass http://app/;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host \$proxy_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
      proxy_set_header Authorization \"\";
    } }"
  nginx -p "$WORK/front$w" -c "$WORK/front$w/nginx.conf" & PIDS+=($!); FRONT_PID[$w]=$!
  # The proxy main stops when its standard input closes; this fifo, held open here, also carries
  # the memory commands of the transfer part.
  mkfifo "$WORK/grid$w.stdin"
  # shellcheck disable=SC2086 # GRID_JAVA_OPTS holds several options
  java -Xms"$GRID_HEAP" -Xmx"$GRID_HEAP" ${GRID_JAVA_OPTS:-} "${tls_opts[@]}" -cp "$CP" io.grid.routes.gateway.proxy.ProxyBench proxy \
    "$(grid_port "$w")" "$BACKEND_PORT" "$w" "$APP_PORT" <"$WORK/grid$w.stdin" >"$WORK/grid$w.log" 2>&1 & PIDS+=($!); GRID_PID[$w]=$!
  exec {fd}>"$WORK/grid$w.stdin"; FDS+=("$fd"); GRID_FD[$w]=$fd
done

# The GRID proxy checks access as the gateway does (OrderProxyAccess, signed session tokens, an order
# store): each proxy JVM prints a session token for its orders 1 (the backend) and 2 (the app).
token() { # workers order -> that proxy's session token for the order
  local log="$WORK/grid$1.log" deadline=$((SECONDS + 60))
  until grep -q "^cookie $2 " "$log" 2>/dev/null; do
    if ((SECONDS > deadline)); then echo "no session token from the proxy within 60 s" >&2; cat "$log" >&2; exit 1; fi
    sleep 0.2
  done
  grep -m1 "^cookie $2 " "$log" | cut -d' ' -f3
}
declare -A COOKIE
for w in $WORKERS; do COOKIE[$w]="Cookie: grid=$(token "$w" 1)"; done
wait_for() { # url log [cookie header]
  local deadline=$((SECONDS + 60))
  until curl -kfs -o /dev/null -H "${3:-Cookie: grid=none}" "$1"; do
    if ((SECONDS > deadline)); then echo "no answer from $1 within 60 s" >&2; cat "${2:-/dev/null}" >&2; exit 1; fi
    sleep 0.2
  done
}
wait_for "http://127.0.0.1:$BACKEND_PORT/orders/1/app/"
wait_for "http://127.0.0.1:$APP_PORT/ready" "$WORK/app.log"
for w in $WORKERS; do
  wait_for "http://127.0.0.1:$(nginx_port "$w")/orders/1/app/"
  wait_for "http://127.0.0.1:$(grid_port "$w")/orders/1/app/" "$WORK/grid$w.log" "${COOKIE[$w]}"
done
wait_for "https://127.0.0.1:$(nginx_tls_port "$W1")/orders/1/app/" "$WORK/tlsfront/error.log"
wait_for "https://127.0.0.1:$(grid_tls_port "$W1")/orders/1/app/" "$WORK/grid$W1.log" "${COOKIE[$W1]}"

RESULTS="$WORK/results"
: >"$RESULTS"
cpu_ticks() { # pid... -> user+system clock ticks used so far by these processes and their nginx workers
  local total=0 pid
  for pid in "$@" $(for p in "$@"; do pgrep -P "$p" || true; done); do
    [[ -r /proc/$pid/stat ]] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}
ask_grid() { # workers command default -> the newest "<command> ..." line the proxy JVM printed after being asked, or default
  local log="$WORK/grid$1.log" before
  before="$(grep -c "^$2 " "$log" || true)"
  echo "$2" >&"${GRID_FD[$1]}"
  local deadline=$((SECONDS + 10))
  until (($(grep -c "^$2 " "$log" || true) > before)); do
    if ((SECONDS > deadline)); then echo "$3"; return; fi
    sleep 0.05
  done
  grep "^$2 " "$log" | tail -1
}
grid_stats() { # workers -> "allocated-bytes collections longest-collection-ms" of that proxy JVM
  ask_grid "$1" stats "stats allocated=0 gcs=0 gcmax=0" \
    | sed 's/stats allocated=\([0-9]*\) gcs=\([0-9]*\) gcmax=\([0-9]*\)/\1 \2 \3/'
}
run() { # workers target url pid...
  local w="$1" t="$2" url="$3" before after gc_before="" gc_after=""
  # Every target gets the same Cookie header (nginx and the backend pass it on; GRID checks and removes it).
  local cookie="${COOKIE[${w/-/$W1}]}"
  shift 3
  # A short warm-up before each measurement (the first one also lets the JIT compile the proxy).
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout "$WRK_TIMEOUT" -H "$cookie" "$url" >/dev/null
  [[ $t == c ]] && gc_before="$(grid_stats "$w")"
  before="$(cpu_ticks "$@")"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency -H "$cookie" "$url" >"$WORK/last.wrk"
  after="$(cpu_ticks "$@")"
  [[ $t == c ]] && gc_after="$(grid_stats "$w")"
  # CPU per request of the server under test (all its threads: I/O, GC, JIT), which other load on
  # the machine disturbs far less than requests/s.
  awk -v w="$w" -v t="$t" -v load="$(cut -d' ' -f1 /proc/loadavg)" -v ticks="$((after - before))" \
    -v hz="$(getconf CLK_TCK)" -v gcb="$gc_before" -v gca="$gc_after" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /requests in/ { requests = $1 }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %s %.0f %.3f %.3f %s %s %.1f", w, t, rps, p50, p99, (bad == "" ? 0 : bad), load,
          ticks / hz * 1e6 / requests
          # GRID only: bytes allocated per request, collections during the run, the longest of them (ms)
          if (gca != "") { split(gcb, x, " "); split(gca, y, " "); printf " %.0f %d %d", (y[1] - x[1]) / requests, y[2] - x[2], y[3] }
          printf "\n" }' \
    "$WORK/last.wrk" | tee -a "$RESULTS"
}

echo "== wrk: $CONNECTIONS connections, $THREADS wrk thread(s), $DURATION per run after $WARMUP warm-up,"
echo "   1 KiB responses, $ROUNDS round(s), workers: $WORKERS"
echo "workers target rps p50_ms p99_ms non2xx load1 cpu_us_per_request [GRID: bytes_per_request collections longest_collection_ms]"
# The JVM compiles the proxy's hot path during its first seconds of load; nginx has nothing to warm.
# Steady state is what a gateway runs in, so each proxy JVM gets one longer warm-up first. A gateway
# also sees connections come and go all the time, and every run below starts with 64 new ones: the
# warm-up is split into JIT_BURSTS runs, each with new connections, so that the JIT has compiled the
# connection set-up paths too (each of the first bursts of new connections made it drop hot code).
burst_seconds=$(( ${JIT_WARMUP%s} / JIT_BURSTS ))
((burst_seconds > 0)) || burst_seconds=1
for w in $WORKERS; do
  for ((burst = 1; burst <= JIT_BURSTS; burst++)); do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${burst_seconds}s" -H "${COOKIE[$w]}" \
      "http://127.0.0.1:$(grid_port "$w")/orders/1/app/" >/dev/null
  done
done
for ((round = 1; round <= ROUNDS; round++)); do
  run - a "http://127.0.0.1:$BACKEND_PORT/orders/1/app/" "$BACKEND_PID"
  for w in $WORKERS; do
    # Alternate which proxy goes first, so neither always inherits the other's aftermath.
    if ((round % 2)); then order="b c"; else order="c b"; fi
    for t in $order; do
      if [[ $t == b ]]; then run "$w" b "http://127.0.0.1:$(nginx_port "$w")/orders/1/app/" "${FRONT_PID[$w]}"
      else run "$w" c "http://127.0.0.1:$(grid_port "$w")/orders/1/app/" "${GRID_PID[$w]}"; fi
    done
  done
done

echo
echo "== means over $ROUNDS round(s) (a: backend direct, b: nginx, c: GRID)"
awk -v workers="$WORKERS" '
  { key = $1 " " $2; n[key]++; round_rps[key, n[key]] = $3; round_p99[key, n[key]] = $5; rps[key] += $3; p50[key] += $4; p99[key] += $5; bad[key] += $6; cpu[key] += $8
    alloc[key] += $9; gcs[key] += $10; if ($11 > gcmax[key]) gcmax[key] = $11 }
  END {
    printf "%-8s %-20s %12s %9s %9s %8s %10s\n", "workers", "target", "requests/s", "p50 ms", "p99 ms", "non-2xx", "CPU us/req"
    a = "- a"; printf "%-8s %-20s %12.0f %9.2f %9.2f %8d %10.1f\n", "-", "(a) backend direct", rps[a] / n[a], p50[a] / n[a], p99[a] / n[a], bad[a], cpu[a] / n[a]
    split(workers, ws, " ")
    for (i = 1; i in ws; i++) {
      b = ws[i] " b"; c = ws[i] " c"
      printf "%-8s %-20s %12.0f %9.2f %9.2f %8d %10.1f\n", ws[i], "(b) nginx proxy", rps[b] / n[b], p50[b] / n[b], p99[b] / n[b], bad[b], cpu[b] / n[b]
      printf "%-8s %-20s %12.0f %9.2f %9.2f %8d %10.1f\n", ws[i], "(c) GRID proxy", rps[c] / n[c], p50[c] / n[c], p99[c] / n[c], bad[c], cpu[c] / n[c]
    }
    print ""
    for (i = 1; i in ws; i++) {
      c = ws[i] " c"
      printf "GRID workers=%s: %.0f bytes allocated per request, %.1f collections per run, longest %d ms\n",
        ws[i], alloc[c] / n[c], gcs[c] / n[c], gcmax[c]
    }
    print ""
    print "target: requests/s c/b >= 1.00 and p99 c/b <= 1.00"
    for (i = 1; i in ws; i++) {
      b = ws[i] " b"; c = ws[i] " c"
      printf "workers=%s: requests/s c/a = %.2f  c/b = %.2f;  p99 c/b = %.2f;  CPU per request c/b = %.2f\n",
        ws[i], rps[c] / rps[a] * n[a] / n[c], rps[c] / rps[b] * n[b] / n[c], p99[c] / p99[b] * n[b] / n[c], cpu[c] / cpu[b]
    }
    # The spread within this run: each round pairs GRID with the nginx run next to it.
    for (i = 1; i in ws; i++) {
      b = ws[i] " b"; c = ws[i] " c"; rounds = ""; p99s = ""
      for (r = 1; r <= n[c] && r <= n[b]; r++) {
        rounds = rounds sprintf(" %.2f", round_rps[c, r] / round_rps[b, r])
        p99s = p99s sprintf(" %.2f", round_p99[c, r] / round_p99[b, r])
      }
      printf "workers=%s by round: requests/s c/b =%s;  p99 c/b =%s\n", ws[i], rounds, p99s
    }
    # The verdict on the target, from the paired rounds: the median pair is what one run of both proxies
    # side by side gives most often, and a round that other load on the machine hit (its nginx run or
    # its GRID run) moves it far less than it moves the means. The count says how one-sided the rounds are.
    for (i = 1; i in ws; i++) {
      b = ws[i] " b"; c = ws[i] " c"; m = 0; ahead = 0; below = 0
      for (r = 1; r <= n[c] && r <= n[b]; r++) {
        m++; rr[m] = round_rps[c, r] / round_rps[b, r]; pp[m] = round_p99[c, r] / round_p99[b, r]
        if (rr[m] >= 1) ahead++
        if (pp[m] <= 1) below++
      }
      mr = median(rr, m); mp = median(pp, m)
      printf "workers=%s paired rounds: requests/s c/b median %.2f (%.2f-%.2f, GRID at or above nginx in %d of %d);  p99 c/b median %.2f (%.2f-%.2f, at or below in %d of %d);  target %s\n",
        ws[i], mr, low(rr, m), high(rr, m), ahead, m, mp, low(pp, m), high(pp, m), below, m,
        (mr >= 1 && mp <= 1) ? "met" : "missed"
    }
  }
  function median(v, k,   s, x, y, t) { # of v[1..k], without changing v
    for (x = 1; x <= k; x++) s[x] = v[x]
    for (x = 2; x <= k; x++) { t = s[x]; for (y = x - 1; y >= 1 && s[y] > t; y--) s[y + 1] = s[y]; s[y + 1] = t }
    return k % 2 ? s[(k + 1) / 2] : (s[k / 2] + s[k / 2 + 1]) / 2
  }
  function low(v, k,   x, t) { t = v[1]; for (x = 2; x <= k; x++) if (v[x] < t) t = v[x]; return t }
  function high(v, k,   x, t) { t = v[1]; for (x = 2; x <= k; x++) if (v[x] > t) t = v[x]; return t }' "$RESULTS"

# ---- TLS: nginx over TLS (B) against the GRID proxy over TLS (C), same certificate and cipher suites ----
echo
echo "== TLS round: $TLS_ROUNDS paired round(s), workers=$W1, wrk over https (keep-alive), 1 KiB responses"
PLAIN_RESULTS="$RESULTS"
PLAIN_WRK_TIMEOUT="$WRK_TIMEOUT"
WRK_TIMEOUT="$TLS_WRK_TIMEOUT"
RESULTS="$WORK/tls-results"
: >"$RESULTS"
for ((burst = 1; burst <= JIT_BURSTS; burst++)); do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${burst_seconds}s" --timeout "$WRK_TIMEOUT" -H "${COOKIE[$W1]}" \
    "https://127.0.0.1:$(grid_tls_port "$W1")/orders/1/app/" >/dev/null
done
for ((round = 1; round <= TLS_ROUNDS; round++)); do
  if ((round % 2)); then order="B C"; else order="C B"; fi
  for t in $order; do
    if [[ $t == B ]]; then run "$W1" B "https://127.0.0.1:$(nginx_tls_port "$W1")/orders/1/app/" "$TLS_FRONT_PID"
    else run "$W1" C "https://127.0.0.1:$(grid_tls_port "$W1")/orders/1/app/" "${GRID_PID[$W1]}"; fi
  done
done
awk -v w="$W1" '
  { n[$2]++; rps[$2, n[$2]] = $3; p99[$2, n[$2]] = $5; srps[$2] += $3; sp99[$2] += $5; cpu[$2] += $8 }
  END {
    printf "tls (B) nginx over TLS requests/s %.0f p99 %.2f ms CPU %.1f us/req\n", srps["B"] / n["B"], sp99["B"] / n["B"], cpu["B"] / n["B"]
    printf "tls (C) GRID over TLS requests/s %.0f p99 %.2f ms CPU %.1f us/req\n", srps["C"] / n["C"], sp99["C"] / n["C"], cpu["C"] / n["C"]
    rounds = ""; p99s = ""
    for (r = 1; r <= n["C"] && r <= n["B"]; r++) {
      rounds = rounds sprintf(" %.2f", rps["C", r] / rps["B", r]); p99s = p99s sprintf(" %.2f", p99["C", r] / p99["B", r])
    }
    printf "tls workers=%s: requests/s C/B = %.2f;  p99 C/B = %.2f;  by round: requests/s%s, p99%s\n", w,
      srps["C"] / srps["B"] * n["B"] / n["C"], sp99["C"] / sp99["B"] * n["B"] / n["C"], rounds, p99s
  }' "$RESULTS"
RESULTS="$PLAIN_RESULTS"
WRK_TIMEOUT="$PLAIN_WRK_TIMEOUT"

# ---- transfers: TRANSFER_MIB up and down through the GRID proxy, with the proxy JVM's peak memory ----
GRID_URL="http://127.0.0.1:$(grid_port "$W1")/orders/2/app"
BYTES=$((TRANSFER_MIB * 1024 * 1024))
APP_COOKIE="Cookie: grid=$(token "$W1" 2)"
truncate -s "$BYTES" "$WORK/upload.bin"

peak() { # -> "heapMiB buffersMiB" of the proxy since the last reset
  ask_grid "$W1" peak "peak heap=? buffers=?" | sed 's/peak heap=\([^ ]*\) buffers=\(.*\)/\1 \2/'
}
upload() { # url -> "seconds bytes-the-app-counted"
  curl -fsS -X POST -H "$APP_COOKIE" -H 'Content-Type: application/octet-stream' -T "$WORK/upload.bin" \
    -w ' %{time_total}\n' "$1" | sed 's/^bytes=\([0-9]*\) sha256=[0-9a-f]* \(.*\)/\2 \1/'
}
download() { # url -> "seconds bytes-received"
  curl -fsS -H "$APP_COOKIE" -o /dev/null -w '%{time_total} %{size_download}\n' "$1"
}

echo
echo "== transfers of $TRANSFER_MIB MiB (GRID proxy with $W1 I/O thread(s), -Xmx$GRID_HEAP)"
printf '%-30s %10s %12s %16s %18s\n' transfer seconds bytes 'proxy heap MiB' 'proxy buffers MiB'
# Each transfer runs twice: the first one also pays for compiling the streaming path.
for pass in 1 2; do
  read -r s b < <(upload "http://127.0.0.1:$APP_PORT/upload")
  printf '%-30s %10s %12s %16s %18s\n' "upload, app direct #$pass" "$s" "$b" - -
  echo reset >&"${GRID_FD[$W1]}"
  read -r s b < <(upload "$GRID_URL/upload")
  read -r heap buffers < <(peak)
  printf '%-30s %10s %12s %16s %18s\n' "upload through GRID #$pass" "$s" "$b" "$heap" "$buffers"
done
for pass in 1 2; do
  read -r s b < <(download "http://127.0.0.1:$APP_PORT/download?bytes=$BYTES")
  printf '%-30s %10s %12s %16s %18s\n' "download, app direct #$pass" "$s" "$b" - -
  echo reset >&"${GRID_FD[$W1]}"
  read -r s b < <(download "$GRID_URL/download?bytes=$BYTES")
  read -r heap buffers < <(peak)
  printf '%-30s %10s %12s %16s %18s\n' "download through GRID #$pass" "$s" "$b" "$heap" "$buffers"
done
echo "(heap: highest MemoryMXBean heap use sampled every 10 ms after a System.gc(), garbage included;"
echo " buffers: highest Netty pooled-allocator use, the bytes the proxy holds in flight)"

echo
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
