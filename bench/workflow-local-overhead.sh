#!/usr/bin/env bash
# Orchestration overhead of local mode (issue 5): run wall time minus the jobs' own wall time, for a
# 3 dataset x 3 seed + fine-tune plan with one training job at a time. Target: overhead < 20 s.
#
# Same steps as infra/scripts/local-run.sh (Release build, Azurite, the local host on 127.0.0.1, `qcs synth`
# datasets uploaded with `upload-dataset`, POST /api/runs, follow GET /api/runs/{id}), except that:
#   - the host gets a fresh task hub (QcsOvh<stamp>), so runs left in another hub are not resumed beside this one;
#   - the synthetic datasets use a fresh --seed each time (SYNTH_SEED), so staging really runs (an identical
#     dataset already staged on this Azurite would be skipped);
#   - the host's local job slots are 3 (Qcs__Jobs__Local__MaxConcurrentProcesses): staging packs every dataset at
#     once and is not bound by the plan's maxConcurrentJobs; with 2 slots the third pack would be refused for
#     capacity and wait Qcs:Workflow:CapacityWait (5 min). Training jobs run one at a time (maxConcurrentJobs 1).
# Afterwards every job's completion.json (StartedUtc/FinishedUtc, written by the job itself) is downloaded with the
# Azure CLI (`az storage blob download`), and each launch time is taken from the birth time of the job's log file
# (the launcher creates it when it starts the process), which separates process start-up from the job's own work.
#
# Options (environment): SEEDS="1 2 3"  STEPS=2 (steps per epoch)  EPOCHS=1  PER_CLASS=10  PORT=7071
#                        SYNTH_SEED=<n> (default: from the clock)  CONFIGURATION=Release  OUT=<file.md>
#                        TIMEOUT_S=2400
# Output: a Markdown summary on stdout and in $OUT (default .local/bench-overhead/<run>.md), raw data beside it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

CONFIGURATION=${CONFIGURATION:-Release}
SEEDS=${SEEDS:-1 2 3}
STEPS=${STEPS:-2}
EPOCHS=${EPOCHS:-1}
PER_CLASS=${PER_CLASS:-10}
PORT=${PORT:-7071}
TIMEOUT_S=${TIMEOUT_S:-2400}
stamp=$(date -u +%Y%m%d%H%M%S)
SYNTH_SEED=${SYNTH_SEED:-$((10#$(date +%s) % 100000))}
API=http://127.0.0.1:$PORT/api
run_id="ovh-$stamp"
work="$root/.local/bench-overhead/$run_id"
OUT=${OUT:-$root/.local/bench-overhead/$run_id.md}
mkdir -p "$work"
export QCS_STORAGE_CONNECTION_STRING=${QCS_STORAGE_CONNECTION_STRING:-UseDevelopmentStorage=true}
export QCS_WORK_DIR="$work/qcs-work"
# The Azure CLI does not accept the UseDevelopmentStorage shortcut: Azurite's well-known account and key.
AZ_CS='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;'

step() { printf '\n== %s\n' "$*" >&2; }
fail() { echo "workflow-local-overhead: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }
now() { date -u +%Y-%m-%dT%H:%M:%S.%NZ; }
command -v az >/dev/null || fail "the Azure CLI (az) is needed to read completion.json blobs (apt-get install azure-cli)"

host_dll="src/QcsCloud.LocalHost/bin/$CONFIGURATION/net10.0/QcsCloud.LocalHost.dll"
qcs_dll="src/QcsCloud.Trainer/bin/$CONFIGURATION/net10.0/qcs.dll"
stale() { [ ! -f "$1" ] || [ -n "$(find src Directory.Build.props Directory.Packages.props -newer "$1" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; }
if stale "$host_dll" || stale "$qcs_dll"; then
  step "Building the local host and the trainer ($CONFIGURATION)"
  dotnet build src/QcsCloud.LocalHost -c "$CONFIGURATION" -nologo -v q -clp:ErrorsOnly >&2
  dotnet build src/QcsCloud.Trainer -c "$CONFIGURATION" -nologo -v q -clp:ErrorsOnly >&2
else
  step "Build up to date ($host_dll, $qcs_dll)"
fi

step "Starting Azurite"
bash infra/scripts/azurite.sh start >&2

step "Starting the local host on $API (task hub QcsOvh$stamp, 3 local job slots)"
curl -fsS "$API/health" >/dev/null 2>&1 && fail "something already answers on $API; stop it or set PORT= (a shared host would mix other runs into the measurement)"
mkdir -p "$work/tmp"
(cd "$(dirname "$host_dll")" && TMPDIR="$work/tmp" LocalHost__ApiPort="$PORT" LocalHost__TaskHubName="QcsOvh$stamp" \
  Qcs__Jobs__Local__MaxConcurrentProcesses=3 exec dotnet "$(basename "$host_dll")") >"$work/localhost.log" 2>&1 &
host_pid=$!
stop_host() { kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; }
trap stop_host EXIT
for _ in $(seq 1 150); do
  curl -fsS "$API/health" >/dev/null 2>&1 && break
  kill -0 "$host_pid" 2>/dev/null || { cat "$work/localhost.log" >&2; fail "the local host exited at start (log above)"; }
  sleep 0.2
done
curl -fsS "$API/health" >/dev/null || fail "the local host did not answer on $API within 30 s; see $work/localhost.log"

step "Writing synthetic datasets ($PER_CLASS per class, seed $SYNTH_SEED) and uploading them"
for name in affectnet8 rafdb ferplus; do
  dotnet "$qcs_dll" synth --dataset "$name" --output "$work/data/$name" --per-class "$PER_CLASS" --seed "$SYNTH_SEED" >&2
  dotnet "$host_dll" upload-dataset "$name" "$work/data/$name" >&2
done

seeds_json="[$(echo "$SEEDS" | tr ' ' ',')]"
cat >"$work/plan.json" <<JSON
{ "runId": "$run_id",
  "datasets": ["affectnet8", "rafdb", "ferplus"], "pretrainDataset": "affectnet8", "fineTuneTargets": ["rafdb", "ferplus"],
  "seeds": $seeds_json, "epochs": $EPOCHS, "fineTuneEpochs": $EPOCHS, "network": "tiny", "mode": "qcs",
  "batchSize": 4, "stepsPerEpoch": $STEPS, "valFraction": 0.2, "threads": 1, "maxConcurrentJobs": 1, "reuse": "never" }
JSON
step "Starting run $run_id: $(tr -s ' \n' ' ' <"$work/plan.json")"
posted=$(now)
response=$(curl -sS -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary @"$work/plan.json" "$API/runs")
code=$(tail -n1 <<<"$response"); body=$(sed '$d' <<<"$response")
[ "$code" = 202 ] || fail "POST $API/runs answered $code: $body"

step "Following run $run_id"
deadline=$((SECONDS + TIMEOUT_S)); last=""
while :; do
  view=$(curl -fsS "$API/runs/$run_id") || fail "GET $API/runs/$run_id failed"
  status=$(json "d['runtimeStatus']" <<<"$view")
  line="$status $(json "(d.get('progress') or {}).get('phase','-')" <<<"$view") jobs done $(json "sum(1 for j in d.get('jobs') or [] if j.get('runtimeStatus')=='Completed')" <<<"$view")"
  [ "$line" != "$last" ] && echo "$(date -u +%H:%M:%S) $line" >&2
  last=$line
  case "$status" in
    Completed) seen_done=$(now); break ;;
    Failed|Terminated) echo "$view" >"$work/run.json"; fail "run $run_id ended $status (view in $work/run.json)" ;;
  esac
  [ "$SECONDS" -lt "$deadline" ] || fail "run $run_id not finished after $TIMEOUT_S s"
  sleep 0.5
done
echo "$view" >"$work/run.json"

step "Downloading the run's outcome.json and completion.json blobs"
# checkpoints/<run>/**.json in one call; each outcome.json (written by the workflow) names the job and its output
# folder, whose completion.json (written by the job) has StartedUtc/FinishedUtc. Staging outputs live in
# staging/<dataset>/<hash>/, so their completion.json is fetched one by one.
mkdir -p "$work/blobs"
az storage blob download-batch --connection-string "$AZ_CS" -s checkpoints -d "$work/blobs" --pattern "$run_id/*.json" \
  --no-progress -o none 2>"$work/az.log" || { cat "$work/az.log" >&2; fail "az storage blob download-batch failed"; }
mkdir -p "$work/completions"
for outcome in $(find "$work/blobs/$run_id" -name outcome.json | sort); do
  read -r job uri < <(python3 -c "import json,sys; o=json.load(open(sys.argv[1])); print(o['jobName'], o.get('outputUri') or '')" "$outcome")
  folder=$(dirname "$outcome")
  if [ -f "$folder/completion.json" ]; then cp "$folder/completion.json" "$work/completions/$job.json"
  elif [ -n "$uri" ]; then
    path=${uri#*/devstoreaccount1/}; container=${path%%/*}; name=${path#*/}; name=${name%/}/completion.json
    az storage blob download --connection-string "$AZ_CS" -c "$container" -n "$name" -f "$work/completions/$job.json" \
      -o none 2>>"$work/az.log" || echo "no completion.json for $job at $uri" >&2
  fi
done
# Launch times: birth time of each execution's log file (<job>-local-<pid>-<n>.log).
for f in "$work"/tmp/qcs-job-logs/*.log; do stat -c '%.9W %n' "$f"; done >"$work/launches.txt"

step "Computing the overhead"
python3 - "$work" "$posted" "$seen_done" "$SEEDS" "$STEPS" "$SYNTH_SEED" "$(nproc)" >"$OUT" <<'PY'
import json, os, re, sys
from datetime import datetime, timezone
work, posted, seen_done, seeds, steps, synth_seed, cores = sys.argv[1:]
def t(s):  # ISO 8601 with up to 9 fractional digits and Z or +00:00
    s = s.strip().replace("Z", "+00:00")
    m = re.match(r"(.*\.\d{6})\d*(\+.*)", s)
    if m: s = m.group(1) + m.group(2)
    return datetime.fromisoformat(s).timestamp()
run = json.load(open(os.path.join(work, "run.json")))
created, updated = t(run["createdAt"]), t(run["lastUpdatedAt"])
posted, seen_done = t(posted), t(seen_done)
launches = {}
for line in open(os.path.join(work, "launches.txt")):
    birth, path = line.split(" ", 1)
    name = re.sub(r"-local-\d+-\d+\.log$", "", os.path.basename(path.strip()))
    launches.setdefault(name, []).append(float(birth))
jobs = []
for f in sorted(os.listdir(os.path.join(work, "completions"))):
    c = json.load(open(os.path.join(work, "completions", f)))
    c = {k[0].lower() + k[1:]: v for k, v in c.items()}
    name = f[:-len(".json")]  # the outcome's job name (the trainer's own jobName is just "train"/"pack" locally)
    launch = max((b for b in launches.get(name, []) if b <= t(c["startedUtc"])), default=None)
    jobs.append(dict(name=name, ok=c["succeeded"], launch=launch, start=t(c["startedUtc"]), end=t(c["finishedUtc"]),
                     executions=len(launches.get(name, []))))
jobs.sort(key=lambda j: j["start"])
planned = len(run.get("jobs") or [])
wall = updated - created
job_sum = sum(j["end"] - j["start"] for j in jobs)
spans = sorted((j["launch"] or j["start"], j["end"]) for j in jobs)
busy, cur = 0.0, None
for a, b in spans:  # union of [launch, finish] intervals: time at least one job process existed
    if cur and a <= cur[1]: cur[1] = max(cur[1], b)
    else:
        if cur: busy += cur[1] - cur[0]
        cur = [a, b]
if cur: busy += cur[1] - cur[0]
startup = [j["start"] - j["launch"] for j in jobs if j["launch"]]
stage = [j for j in jobs if "-stage-" in j["name"]]
train = [j for j in jobs if "-stage-" not in j["name"]]
gaps = [b["launch"] - a["end"] for a, b in zip(train, train[1:]) if b["launch"]]
first_launch = min(j["launch"] or j["start"] for j in jobs)
last_end = max(j["end"] for j in jobs)
stage_to_train = (train[0]["launch"] - max(j["end"] for j in stage)) if stage and train and train[0]["launch"] else None
f = lambda x: f"{x:.1f} s"
print(f"### Run `{run['id'] if 'id' in run else os.path.basename(work)}`: {run['runtimeStatus']}\n")
print(f"Plan: affectnet8 + rafdb + ferplus, seeds [{seeds}], pretrain affectnet8, fine-tune rafdb + ferplus, tiny network, "
      f"1 epoch of {steps} steps, batch 4, maxConcurrentJobs 1; synthetic data seed {synth_seed}; {cores} cores.\n")
print(f"Jobs: {len(jobs)} completion records ({len(stage)} staging, {len(train)} training) for {planned} job orchestrations; "
      f"executions (log files): {sum(j['executions'] for j in jobs)}; all succeeded: {all(j['ok'] for j in jobs)}.\n")
print("| measure | value |\n|---|---|")
print(f"| run wall (orchestration createdAt -> lastUpdatedAt) | {f(wall)} |")
print(f"| run wall (script: POST sent -> Completed seen, 0.5 s polling) | {f(seen_done - posted)} |")
print(f"| sum of job wall times (completion.json FinishedUtc - StartedUtc) | {f(job_sum)} (staging {f(sum(j['end']-j['start'] for j in stage))}, training {f(sum(j['end']-j['start'] for j in train))}) |")
print(f"| **overhead = run wall - sum of job wall** | **{f(wall - job_sum)}** |")
if startup:
    print(f"| process start-up (log file created -> job's StartedUtc), sum over {len(startup)} jobs | {f(sum(startup))} (mean {f(sum(startup)/len(startup))}, max {f(max(startup))}) |")
    print(f"| overhead without process start-up | {f(wall - job_sum - sum(startup))} |")
print(f"| time with no job process alive (run wall - union of launch..finish) | {f(wall - busy)} |")
print(f"| run created -> first job launched (plan, snapshots) | {f(first_launch - created)} |")
if stage_to_train is not None:
    print(f"| last staging finished -> first training job launched | {f(stage_to_train)} |")
if gaps:
    print(f"| training job finished -> next launched ({len(gaps)} gaps; poll, outcome, next launch, best-seed pick) | sum {f(sum(gaps))}, mean {f(sum(gaps)/len(gaps))}, max {f(max(gaps))} |")
print(f"| last job finished -> run Completed (report) | {f(updated - last_end)} |")
print("\n<details><summary>per job</summary>\n")
print("| job | launch -> start | start -> finish | executions |\n|---|---|---|---|")
for j in jobs:
    su = f(j["start"] - j["launch"]) if j["launch"] else "?"
    print(f"| {j['name']} | {su} | {f(j['end'] - j['start'])} | {j['executions']} |")
print("\n</details>")
PY
cat "$OUT"
echo "Summary: $OUT; raw data: $work" >&2
