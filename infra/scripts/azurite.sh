#!/usr/bin/env bash
# Installs the pinned Azurite from npm into .tools/ (once) and starts it on 127.0.0.1 unless it is
# already listening. Its store lives in .azurite/ (ignored by git). Usage: azurite.sh start|stop
set -euo pipefail
AZURITE_VERSION=3.37.0
root=$(cd "$(dirname "$0")/../.." && pwd)
tools="$root/.tools/azurite"
store="${AZURITE_LOCATION:-$root/.azurite}"
pidfile="$store/azurite.pid"

listening() { (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; }

case "${1:-start}" in
  start)
    if listening; then echo "Azurite already listening on 127.0.0.1:10000"; exit 0; fi
    if [ ! -x "$tools/node_modules/.bin/azurite" ]; then
      echo "Installing azurite@$AZURITE_VERSION ..."
      npm install --silent --no-audit --no-fund --prefix "$tools" "azurite@$AZURITE_VERSION" >/dev/null
    fi
    mkdir -p "$store"
    # --skipApiVersionCheck: Azure.Storage.Blobs 12.30 sends an API version Azurite 3.37 does not know.
    nohup "$tools/node_modules/.bin/azurite" --silent --skipApiVersionCheck --disableTelemetry \
      --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
      --location "$store" >"$store/azurite.log" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 1 100); do listening && { echo "Azurite $AZURITE_VERSION listening (store: $store)"; exit 0; }; sleep 0.2; done
    echo "Azurite did not start; see $store/azurite.log" >&2; exit 1 ;;
  stop)
    if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; rm -f "$pidfile"; fi ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
