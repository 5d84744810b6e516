#!/usr/bin/env bash
# The test command of the README: builds the solution, starts what the tests need (Azurite,
# Chromium for the report tests), runs every MSTest project and prints one totals line.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

# Debian packages the tests use, installed once (quick when present): Chromium (report rendering tests), the Azure CLI
# and jq (the docs' command blocks: az storage against Azurite, curl | jq against the local host).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v az >/dev/null 2>&1 || missing+=(azure-cli)
command -v jq >/dev/null 2>&1 || missing+=(jq)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (report rendering and docs command tests) ..."
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
    || echo "warning: could not install ${missing[*]}; the tests that use them will fail" >&2
fi

bash infra/scripts/azurite.sh start || exit 1
export QCS_TEST_STORAGE="${QCS_TEST_STORAGE:-UseDevelopmentStorage=true}"

# Formatting (.editorconfig) is part of the test: code style proper is enforced by the build itself.
format_failed=0
if ! dotnet format whitespace --folder --verify-no-changes -v q; then
  echo "error: files above are not formatted; run: dotnet format whitespace --folder" >&2
  format_failed=1
fi

dotnet build QcsCloud.sln -c Release -nologo -v q || { echo "Tests: 0 passed, $((1 + format_failed)) failed"; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

read -r passed failed < <(python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
print(passed, failed)
PY
)
[ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ] && failed=1   # a test host that crashed reports no counts
failed=$(( ${failed:-0} + format_failed ))                        # the format check counts as one test
echo "Tests: ${passed:-0} passed, ${failed:-0} failed"
[ "$status" -eq 0 ] && [ "${failed:-0}" -eq 0 ]
