#!/usr/bin/env bash
# Start the action server (5055), Rasa (5005) and the web widget (8080) on 127.0.0.1, and stop
# all three on Ctrl-C. Logs go to the terminal only, at INFO, which never carries message text.
set -euo pipefail
cd "$(dirname "$0")/.."

export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 PYTHONWARNINGS=ignore
export SANIC_HOST=127.0.0.1          # rasa-sdk binds 0.0.0.0 unless told otherwise
export LOG_LEVEL=INFO                # production level: DEBUG would print message text
MODEL="${SIGNPOST_MODEL:-models/signpost.tar.gz}"
PY=.venv/bin/python

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Signpost stopped."
}
trap stop INT TERM EXIT

$PY -m rasa_sdk --actions actions --port 5055 &
pids+=($!)
# Rasa's HTTP API (trackers, parsing) stays off unless an operator sets a token for it.
api_args=()
if [ -n "${SIGNPOST_API_TOKEN:-}" ]; then api_args=(--enable-api --auth-token "$SIGNPOST_API_TOKEN"); fi
.venv/bin/rasa run --model "$MODEL" --interface 127.0.0.1 --port 5005 \
  --credentials credentials.yml --endpoints endpoints.yml "${api_args[@]}" &
pids+=($!)
$PY -m bot.web_server --host 127.0.0.1 --port 8080 &
pids+=($!)

for url in http://127.0.0.1:5055/health http://127.0.0.1:5005/webhooks/rest/ http://127.0.0.1:8080/; do
  for _ in $(seq 1 180); do curl -fs -o /dev/null "$url" && break; sleep 1; done
done
cat <<MSG

Signpost is running (Ctrl-C stops everything):
  Web chat widget:  http://127.0.0.1:8080/
  REST channel:     http://127.0.0.1:5005/webhooks/rest/webhook
  SMS (Twilio):     http://127.0.0.1:5005/webhooks/twilio/webhook
  Action server:    http://127.0.0.1:5055/health
MSG
wait -n "${pids[@]}"
