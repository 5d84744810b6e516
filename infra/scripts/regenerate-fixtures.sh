#!/usr/bin/env bash
# Regenerates every committed reference fixture from the reference libraries, with one convention: run from anywhere,
# each generator writes into its own fixture folder, and the script ends by listing what changed (commit only what a
# reference change explains). Debian's packages are the pinned references: PIL 9.4 + numpy 1.24 (pixel operations,
# EXIF orientation) and python3-torch 1.13 (network parity, weight import).
#   bash infra/scripts/regenerate-fixtures.sh [data|model]...   (default: both)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(data model)

need() {
  local missing=()
  for package in "$@"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "regenerate-fixtures: installing ${missing[*]}" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends "${missing[@]}" >&2; else sudo apt-get install -y --no-install-recommends "${missing[@]}" >&2; fi
  fi
}

for target in "${targets[@]}"; do
  case "$target" in
    data)
      # PIL outputs the transform and EXIF tests compare against (tests/QcsCloud.Data.Tests/Fixtures).
      need python3-pil python3-numpy
      folder="$root/tests/QcsCloud.Data.Tests/Fixtures"
      (cd "$folder" && /usr/bin/python3 make_fixtures.py)
      ;;
    model)
      # PyTorch parity outputs and small .pth files (tests/QcsCloud.Model.Tests/fixtures).
      need python3-torch
      folder="$root/tests/QcsCloud.Model.Tests/fixtures"
      /usr/bin/python3 "$root/bench/pytorch/make_fixtures.py"
      ;;
    *) echo "regenerate-fixtures: unknown target '$target' (use data or model)" >&2; exit 2 ;;
  esac
  echo "== $target: $(git -C "$root" status --short -- "$folder" | wc -l) changed file(s) in ${folder#"$root"/}"
  git -C "$root" status --short -- "$folder"
done
