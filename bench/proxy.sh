#!/usr/bin/env bash
# Benchmark of the GRID gateway proxy against nginx, on loopback only.
#   (a) wrk -> backend                 (the ceiling)
#   (b) wrk -> nginx (1 worker, keep-alive upstream) -> backend
#   (c) wrk -> GRID proxy (1 I/O thread, pooled upstream) -> backend
# The backend is a separate nginx instance answering a fixed 1 KiB body.
# Installs nothing; stops everything it started. Tunables (environment):
#   CONNECTIONS (64), DURATION (10s), THREADS (wrk threads, 1), GRID_THREADS (1), BASE_PORT (18080)
set -euo pipefail

CONNECTIONS="${CONNECTIONS:-64}"
DURATION="${DURATION:-10s}"
THREADS="${THREADS:-1}"
GRID_THREADS="${GRID_THREADS:-1}"
BASE_PORT="${BASE_PORT:-18080}"
BACKEND_PORT=$BASE_PORT
NGINX_PORT=$((BASE_PORT + 1))
GRID_PORT=$((BASE_PORT + 2))
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PATH="$PATH:/usr/sbin:/sbin"

missing=()
for tool in wrk nginx java mvn curl; do
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
cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

echo "== building grid-routes (test classes + classpath)"
(cd "$ROOT" && mvn -B -q -pl grid-routes -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
CLASSPATH_FILE="$ROOT/grid-routes/target/bench.classpath"
CP="$ROOT/grid-routes/target/test-classes:$ROOT/grid-routes/target/classes:$(cat "$CLASSPATH_FILE")"

nginx_conf() { # name port server-block
  mkdir -p "$WORK/$1"
  cat >"$WORK/$1/nginx.conf" <<CONF
worker_processes 1;
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
nginx_conf backend "$BACKEND_PORT" "server { listen 127.0.0.1:$BACKEND_PORT; location / { default_type text/plain; return 200 '$BODY'; } }"
nginx_conf front "$NGINX_PORT" "upstream app { server 127.0.0.1:$BACKEND_PORT; keepalive 128; }
  server { listen 127.0.0.1:$NGINX_PORT;
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

nginx -p "$WORK/backend" -c "$WORK/backend/nginx.conf" & PIDS+=($!)
nginx -p "$WORK/front" -c "$WORK/front/nginx.conf" & PIDS+=($!)
# The bench main stops when its standard input closes; a fifo held open here keeps it running.
mkfifo "$WORK/grid.stdin"
java -Xms256m -Xmx256m -cp "$CP" io.grid.routes.gateway.proxy.ProxyBench "$GRID_PORT" "$BACKEND_PORT" "$GRID_THREADS" \
  <"$WORK/grid.stdin" >"$WORK/grid.log" 2>&1 & PIDS+=($!)
exec 9>"$WORK/grid.stdin"

wait_for() { # url
  local deadline=$((SECONDS + 30))
  until curl -fs -o /dev/null -H 'Cookie: grid=bench' "$1"; do
    if ((SECONDS > deadline)); then echo "no answer from $1 within 30 s" >&2; cat "$WORK/grid.log" >&2; exit 1; fi
    sleep 0.2
  done
}
wait_for "http://127.0.0.1:$BACKEND_PORT/orders/1/app/"
wait_for "http://127.0.0.1:$NGINX_PORT/orders/1/app/"
wait_for "http://127.0.0.1:$GRID_PORT/orders/1/app/"

run() { # label url -> "rps p50 p99"
  # A short warm-up lets the JIT compile the proxy before it is measured.
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -H 'Cookie: grid=bench' "$2" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H 'Cookie: grid=bench' "$2" >"$WORK/$1.wrk"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %s %s %s\n", rps, p50, p99, (bad == "" ? 0 : bad) }' "$WORK/$1.wrk"
}

echo "== wrk: $CONNECTIONS connections, $THREADS thread(s), $DURATION per target, 1 KiB responses"
read -r A_RPS A_P50 A_P99 A_BAD < <(run backend "http://127.0.0.1:$BACKEND_PORT/orders/1/app/")
read -r B_RPS B_P50 B_P99 B_BAD < <(run nginx "http://127.0.0.1:$NGINX_PORT/orders/1/app/")
read -r C_RPS C_P50 C_P99 C_BAD < <(run grid "http://127.0.0.1:$GRID_PORT/orders/1/app/")

printf '\n%-22s %12s %10s %10s %8s\n' target 'requests/s' 'p50 ms' 'p99 ms' 'non-2xx'
printf '%-22s %12s %10s %10s %8s\n' "(a) backend direct" "$A_RPS" "$A_P50" "$A_P99" "$A_BAD"
printf '%-22s %12s %10s %10s %8s\n' "(b) nginx proxy" "$B_RPS" "$B_P50" "$B_P99" "$B_BAD"
printf '%-22s %12s %10s %10s %8s\n' "(c) GRID proxy" "$C_RPS" "$C_P50" "$C_P99" "$C_BAD"
awk -v a="$A_RPS" -v b="$B_RPS" -v c="$C_RPS" 'BEGIN { printf "\nthroughput ratios: c/a = %.2f   c/b = %.2f\n", c / a, c / b }'
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
