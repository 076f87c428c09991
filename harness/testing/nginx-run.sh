#!/usr/bin/env bash
# Runs nginx with the echo module as an independent test server whose ceiling is known exactly:
# `echo_sleep` holds a request on nginx's event loop without any CPU, so /sleep's ceiling is
# connections ÷ 0.1 s and /health's is nginx's own speed. Usage: nginx-run.sh PORT WORKERS
# (writes its config into a temp directory and becomes nginx, which stays in the foreground).
set -euo pipefail
port="$1"; workers="${2:-1}"
module=/usr/lib/nginx/modules/ngx_http_echo_module.so
command -v nginx >/dev/null || { echo "nginx is not installed (Debian: apt-get install nginx-light libnginx-mod-http-echo)" >&2; exit 3; }
[ -f "$module" ] || { echo "the nginx echo module is missing (Debian: apt-get install libnginx-mod-http-echo)" >&2; exit 3; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/asyncbench-nginx-XXXXXX")
trap 'rm -rf "$dir"' EXIT
cat > "$dir/nginx.conf" <<CONF
load_module $module;
worker_processes $workers;
worker_rlimit_nofile 65536;
daemon off;
master_process on;
pid $dir/nginx.pid;
error_log stderr warn;
events { worker_connections 16384; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 75s;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$port reuseport;
    default_type application/json;
    location = /health { return 200 '{"ok":true}'; }
    location = /hello { return 200 '{"scenario":"hello","pid":\$pid}'; }
    location = /sleep { echo_sleep 0.1; echo '{"scenario":"sleep","ms":100,"pid":\$pid}'; }
  }
}
CONF
# Not exec: the trap removes the temp directory after nginx stops (SIGTERM reaches the whole group).
nginx -c "$dir/nginx.conf" -p "$dir" &
wait $!
