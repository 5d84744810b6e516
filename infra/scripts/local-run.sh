#!/usr/bin/env bash
# Local mode, end to end, on a fresh clone: builds the local host and the trainer, starts Azurite and the
# local host (http://127.0.0.1:7071/api), writes two small synthetic datasets (AffectNet-8 and RAF-DB) with
# `qcs synth`, uploads them to datasets/<name>/ on Azurite, starts a run (AffectNet-8 pretrain -> RAF-DB
# fine-tune, tiny network, small images), follows it, downloads the report through the API and prints
# where it is. A few minutes on 2 cores.
#
# The default run compares two modes (baseline and QCS, 2 seeds each) and trains long enough to learn the synthetic
# faces: QCS's RAF-DB test accuracy well above chance (1/7), with rising curves, in a few minutes on 2 cores.
# Options (environment): SEEDS="1 2"  MODES="baseline qcs"  EPOCHS=5 (AffectNet-8 pretrain)  FT_EPOCHS=15 (RAF-DB)
#                        PER_CLASS=30  LR=0.003  BATCH=16  STEPS=<n> (cap on steps per epoch; default: whole epochs)
#                        IMAGE_SIZE=<n> (default: the tiny network's own)  KEEP_HOST=1 (leave the host running afterwards)
#                        REUSE=succeeded (a rerun on the same data reuses the earlier run's finished jobs) | never
#                        CONFIGURATION=Release  RUN_ID=<id> (default: a new one)
#          (arguments)   --launcher local (default: jobs are child processes of the host)
#                        --launcher emulator: "Azure-like" mode, the host's Container Apps launcher starts the jobs as
#                        executions of the Container Apps jobs emulator (tests/QcsCloud.ContainerAppsEmulator), over ARM
set -euo pipefail
LAUNCHER=${LAUNCHER:-local}
while [ $# -gt 0 ]; do
  case "$1" in
    --launcher) LAUNCHER=${2:?--launcher needs local or emulator}; shift 2 ;;
    --launcher=*) LAUNCHER=${1#--launcher=}; shift ;;
    *) echo "local-run: unknown argument $1 (use --launcher local|emulator)" >&2; exit 2 ;;
  esac
done
case "$LAUNCHER" in local|emulator) ;; *) echo "local-run: --launcher $LAUNCHER: use local or emulator" >&2; exit 2 ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

CONFIGURATION=${CONFIGURATION:-Release}
SEEDS=${SEEDS:-1 2}
EPOCHS=${EPOCHS:-5}          # AffectNet recipes sample 1/12 of the training split per epoch: a short phase here
FT_EPOCHS=${FT_EPOCHS:-15}   # RAF-DB: whole epochs, long enough for the curves to rise
PER_CLASS=${PER_CLASS:-30}
LR=${LR:-0.003}              # the tiny network from scratch, not the paper's fine-tuning rate
BATCH=${BATCH:-16}
IMAGE_SIZE=${IMAGE_SIZE:-}
STEPS=${STEPS:-}
REUSE=${REUSE:-succeeded}
MODES=${MODES:-baseline qcs} # a grid run, one arm per mode, with an ablation report; e.g. "baseline dcs qcs" or "qcs"
API=http://127.0.0.1:7071/api
work="$root/.local"
mkdir -p "$work"
export QCS_STORAGE_CONNECTION_STRING=${QCS_STORAGE_CONNECTION_STRING:-UseDevelopmentStorage=true}
# Jobs cache blob inputs by URI; a fresh folder per run so a re-generated dataset is never mixed with an old one.
export QCS_WORK_DIR="$work/qcs-work"
rm -rf "$QCS_WORK_DIR"

step() { printf '\n== %s\n' "$*"; }
fail() { echo "local-run: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }

step "Building the local host and the trainer ($CONFIGURATION)"
dotnet build src/QcsCloud.LocalHost -c "$CONFIGURATION" -nologo -v q -clp:ErrorsOnly
dotnet build src/QcsCloud.Trainer -c "$CONFIGURATION" -nologo -v q -clp:ErrorsOnly
host_dll="src/QcsCloud.LocalHost/bin/$CONFIGURATION/net10.0/QcsCloud.LocalHost.dll"
qcs_dll="src/QcsCloud.Trainer/bin/$CONFIGURATION/net10.0/qcs.dll"
if [ "$LAUNCHER" = emulator ]; then
  dotnet build tests/QcsCloud.ContainerAppsEmulator -c "$CONFIGURATION" -nologo -v q -clp:ErrorsOnly
  emulator_dll="tests/QcsCloud.ContainerAppsEmulator/bin/$CONFIGURATION/net10.0/QcsCloud.ContainerAppsEmulator.dll"
fi

step "Starting Azurite"
bash infra/scripts/azurite.sh start

emulator_pid=""
stop_emulator() { if [ -n "$emulator_pid" ] && [ -z "${KEEP_HOST:-}" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi; }
if [ "$LAUNCHER" = emulator ]; then
  step "Starting the Container Apps jobs emulator (executions: dotnet $qcs_dll)"
  curl -fsS "$API/health" >/dev/null 2>&1 && fail "a local host already answers on $API: stop it, then run again (its launcher cannot be switched)"
  rm -f "$work/emulator.json"
  Emulator__TrainerCommand="dotnet $root/$qcs_dll" Emulator__LogDirectory="$work/emulator-logs" Emulator__MaxRunningExecutions=2 \
    dotnet "$emulator_dll" --info-file "$work/emulator.json" >"$work/emulator.log" 2>&1 &
  emulator_pid=$!
  trap stop_emulator EXIT
  for _ in $(seq 1 150); do [ -s "$work/emulator.json" ] && break; kill -0 "$emulator_pid" 2>/dev/null || break; sleep 0.2; done
  [ -s "$work/emulator.json" ] || { cat "$work/emulator.log" >&2; fail "the emulator did not start (log above)"; }
  info=$(cat "$work/emulator.json")
  export Qcs__Jobs__Kind=ContainerApps Qcs__Jobs__ContainerApps__Image=qcs:local
  # A stand-in for the jobs' identity (required in Azure); the emulator's replicas use Azurite's key.
  export Qcs__Jobs__ContainerApps__JobsManagedIdentityClientId=11111111-2222-3333-4444-555555555555
  # Azure asks every run for a GPU-hour budget (Qcs:Limits); the emulator's executions are local processes.
  export Qcs__Limits__RequireGpuHourBudget=false
  export Qcs__Jobs__ContainerApps__TrainJobResourceId=$(json "d['trainJobId']" <<<"$info")
  export Qcs__Jobs__ContainerApps__StageJobResourceId=$(json "d['stageJobId']" <<<"$info")
  export Qcs__Jobs__ContainerApps__Emulator__Endpoint=$(json "d['endpoint']" <<<"$info")
  export Qcs__Jobs__ContainerApps__Emulator__Token=$(json "d['token']" <<<"$info")
  export Qcs__Jobs__ContainerApps__Emulator__CertificateThumbprint=$(json "d['thumbprint']" <<<"$info")
  echo "Emulator on $Qcs__Jobs__ContainerApps__Emulator__Endpoint (pid $emulator_pid, log $work/emulator.log, replica logs $work/emulator-logs/)"
fi

step "Starting the local host on $API (launcher: $LAUNCHER)"
host_pid=""
if curl -fsS "$API/health" >/dev/null 2>&1; then
  echo "A local host already answers on $API; using it."
else
  (cd "$(dirname "$host_dll")" && exec dotnet "$(basename "$host_dll")") >"$work/localhost.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 150); do
    curl -fsS "$API/health" >/dev/null 2>&1 && break
    kill -0 "$host_pid" 2>/dev/null || { cat "$work/localhost.log" >&2; fail "the local host exited at start (log above)"; }
    sleep 0.2
  done
  curl -fsS "$API/health" >/dev/null || fail "the local host did not answer on $API within 30 s; see $work/localhost.log"
  echo "Local host running (pid $host_pid, log $work/localhost.log)"
fi
stop_host() { if [ -n "$host_pid" ] && [ -z "${KEEP_HOST:-}" ]; then kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi; stop_emulator; }
trap stop_host EXIT

step "Writing synthetic datasets ($PER_CLASS images per class) and uploading them to Azurite"
for name in affectnet8 rafdb; do
  rm -rf "$work/data/$name"
  dotnet "$qcs_dll" synth --dataset "$name" --output "$work/data/$name" --per-class "$PER_CLASS" --seed 7
  dotnet "$host_dll" upload-dataset "$name" "$work/data/$name"
done

step "Starting a run: modes [$MODES] x seeds [$SEEDS], AffectNet-8 pretrain ($EPOCHS epochs) -> RAF-DB fine-tune ($FT_EPOCHS epochs), tiny network"
seeds_json="[$(echo "$SEEDS" | tr ' ' ',')]"
run_id_json=""; [ -n "${RUN_ID:-}" ] && run_id_json="\"runId\": \"$RUN_ID\","
image_json=""; [ -n "$IMAGE_SIZE" ] && image_json="\"imageSize\": $IMAGE_SIZE,"
steps_json=""; [ -n "$STEPS" ] && steps_json="\"stepsPerEpoch\": $STEPS,"
modes_json="[$(printf '"%s",' $MODES | sed 's/,$//')]"
plan=$(cat <<JSON
{ $run_id_json
  "datasets": ["affectnet8"], "pretrainDataset": "affectnet8", "fineTuneTargets": ["rafdb"],
  "seeds": $seeds_json, "epochs": $EPOCHS, "fineTuneEpochs": $FT_EPOCHS, "network": "tiny", "modes": $modes_json,
  $image_json $steps_json "batchSize": $BATCH, "learningRate": $LR, "valFraction": 0.1, "threads": 1, "maxConcurrentJobs": 2,
  "reuse": "$REUSE" }
JSON
)
echo "$plan" >"$work/plan.json"
response=$(curl -sS -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary @"$work/plan.json" "$API/runs")
code=$(tail -n1 <<<"$response"); body=$(sed '$d' <<<"$response")
[ "$code" = 202 ] || [ "$code" = 200 ] || fail "POST $API/runs answered $code: $body"
run_id=$(json "d['id']" <<<"$body")
echo "Run $run_id accepted; follow it with: curl -s $API/runs/$run_id"

step "Following run $run_id"
last=""
while :; do
  view=$(curl -fsS "$API/runs/$run_id") || fail "GET $API/runs/$run_id failed"
  line=$(python3 - "$view" <<'PY'
import json, sys
v = json.loads(sys.argv[1]); p = v.get("progress") or {}
jobs = v.get("jobs") or []
def job(j):
    pr = j.get("progress") or {}
    epoch = f" epoch {pr['epoch']}/{pr.get('epochsPlanned') or '?'}" if pr.get("epoch") is not None else ""
    state = (pr.get("state") or j.get("runtimeStatus") or "waiting").lower()
    return f"{j['name']}: {state}{epoch}"
active = [job(j) for j in jobs if j.get("runtimeStatus") in ("Running", "Pending")]
done = sum(1 for j in jobs if j.get("runtimeStatus") == "Completed")
print(f"{v['runtimeStatus']} phase={p.get('phase', '-')} jobs done {done}/{len(jobs)}" + "".join("\n    " + a for a in active))
PY
)
  [ "$line" != "$last" ] && echo "$(date +%H:%M:%S) $line"
  last=$line
  status=$(json "d['runtimeStatus']" <<<"$view")
  case "$status" in
    Completed) break ;;
    Failed|Terminated) echo "$view" | python3 -m json.tool >&2; fail "run $run_id ended $status" ;;
  esac
  sleep 2
done
echo "$view" | python3 -m json.tool >"$work/run-$run_id.json"

step "Downloading the report through the API"
out="$work/reports/$run_id"
mkdir -p "$out"
for file in report.html report.md report.json; do
  curl -fsS -o "$out/$file" "$API/runs/$run_id/report/$file" 2>/dev/null || echo "  (no $file yet)"
done
# The Markdown links its pictures (img/*.png, attention/*.png) relatively: fetch each one beside it.
if [ -f "$out/report.md" ]; then
  pictures=0
  for pic in $(grep -oE '\]\((img|attention)/[A-Za-z0-9._-]+\.png\)' "$out/report.md" | sed -E 's/^\]\((.*)\)$/\1/' | sort -u); do
    mkdir -p "$out/$(dirname "$pic")"
    if curl -fsS -o "$out/$pic" "$API/runs/$run_id/report/$pic" 2>/dev/null; then pictures=$((pictures + 1)); else echo "  (could not fetch $pic)"; fi
  done
  echo "  $pictures pictures of report.md downloaded"
fi

echo
echo "Run $run_id finished. Report:"
[ -f "$out/report.html" ] && echo "  HTML:     $out/report.html   (self-contained, pictures embedded: open it in a browser)"
[ -f "$out/report.md" ] && echo "  Markdown: $out/report.md   (its pictures beside it in img/ and attention/)"
echo "  In Azurite: reports/$run_id/, checkpoints/$run_id/"
echo "  Run status: $work/run-$run_id.json"
