#!/usr/bin/env bash
# Model benchmark, TorchSharp vs PyTorch, with a fair PyTorch: Debian's python3-torch links the generic libblas.so.3,
# which is the slow reference BLAS (libblas3) unless an optimised one is installed, so this installs
# libopenblas0-pthread (and python3-torch when missing) first. The bench itself also refuses to report a ratio when
# the PyTorch worker still loads the reference BLAS.
#   bash bench/model.sh [bench options, e.g. --batches 8 --reps 2 --step-batches 2 --step-reps 1 --memory-steps 0 --name model-paper]
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for package in python3-torch libopenblas0-pthread; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} (python3-torch takes ~3 min)" >&2
    apt-get install -y "${missing[@]}" >&2
fi
echo "libblas.so.3 -> $(readlink -f "$(/sbin/ldconfig -p | awk '/libblas.so.3 /{print $NF; exit}')")" >&2

exec dotnet run -c Release --project bench/QcsCloud.Bench.Model -- "$@"
