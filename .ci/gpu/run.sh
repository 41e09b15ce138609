#!/usr/bin/env bash
# GPU speed check (XLA CUDA against PyTorch CUDA), run on a lent GPU machine through the device tool:
#   config b (the Section 2 sweep, K=7) and a 10 000-instance n=2, m=1 sweep, trained by toysup's GoMLX engine on
#   XLA CUDA (JAX's CUDA PJRT plugin) and by PyTorch CUDA, each timed as a whole process.
# Needs .ci/gpu/bin/toysup_xla, built on the CPU machine with:  go build -tags xla -o .ci/gpu/bin/toysup_xla ./toysup/cmd/toysup
# Writes everything under $OUT (default /tmp/gpuout). Never fails early: every step reports what happened.
set -u
OUT=${OUT:-/tmp/gpuout}
mkdir -p "$OUT"
exec > >(tee "$OUT/log.txt") 2>&1
cd "$(dirname "$0")"
BIN=$PWD/bin/toysup_xla
echo "== machine"; date -u; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 | head -3
nproc; ldd --version | head -1
PY=$(command -v python3)
echo "python: $PY"; $PY - <<'PYEOF' 2>&1
import importlib
for m in ("torch", "jax", "jaxlib"):
    try:
        mod = importlib.import_module(m); print(m, mod.__version__)
    except Exception as e:
        print(m, "missing:", e)
try:
    import torch; print("torch cuda:", torch.cuda.is_available(), torch.version.cuda)
except Exception as e:
    print("torch cuda: n/a", e)
PYEOF

echo "== PJRT CUDA plugin"
PLUGIN=$($PY -c 'import jax_plugins.xla_cuda12 as m, os, glob; print(glob.glob(os.path.join(os.path.dirname(m.__file__), "*.so"))[0])' 2>/dev/null)
[ -n "$PLUGIN" ] || PLUGIN=$(find / -xdev \( -name 'xla_cuda_plugin.so' -o -name 'pjrt_c_api_cuda_plugin.so' \) 2>/dev/null | head -1)
echo "plugin: ${PLUGIN:-none found}"
SITE=$(dirname "$(dirname "$(dirname "$PLUGIN")")")   # …/site-packages
NV=$SITE/nvidia
if [ -d "$NV" ]; then
  export LD_LIBRARY_PATH=$(find "$NV" -maxdepth 2 -name lib -type d | tr '\n' ':')${LD_LIBRARY_PATH:-}
  # go-xla v0.1.4 would otherwise point XLA_FLAGS at a hard-coded home folder; set the CUDA data dir ourselves.
  [ -d "$NV/cuda_nvcc" ] && export XLA_FLAGS="--xla_gpu_cuda_data_dir=$NV/cuda_nvcc"
fi
PDIR=$OUT/pjrt; mkdir -p "$PDIR"; ln -sf "$PLUGIN" "$PDIR/pjrt_c_api_cuda_plugin.so"
export PJRT_PLUGIN_LIBRARY_PATH=$PDIR GOMLX_NO_AUTO_INSTALL=1
echo "XLA_FLAGS=${XLA_FLAGS:-}"

echo "== configs"
cp b.json "$OUT/b.json"
$PY - "$OUT/sweep10k.json" <<'PYEOF'
import json, sys
ps, imps = [], []
for i in range(100):
    for j in range(100):
        ps.append(10 ** (-2 * i / 99)); imps.append([1.0, 10 ** (-1 + 2 * j / 99)])
json.dump({"model": "relu_output", "features": 2, "hidden": 1, "instances": 10000, "feature_probability": ps,
           "importance": imps, "steps": 1000, "batch_size": 1024, "learning_rate": 1e-3, "seed": 1}, open(sys.argv[1], "w"))
PYEOF

run() { # name, timeout, command...
  local name=$1 t=$2; shift 2
  echo "== $name: $*"
  local s=$(date +%s.%N)
  timeout "$t" "$@" > "$OUT/$name.out" 2>&1; local rc=$?
  local e=$(date +%s.%N)
  echo "rc=$rc wall_s=$(awk "BEGIN{printf \"%.2f\", $e - $s}")"; tail -5 "$OUT/$name.out"
}
BACKEND=xla:cuda
run probe_xla 120 "$BIN" train --features 5 --hidden 2 --steps 20 --backend $BACKEND --engine gomlx --quiet --out "$OUT/probe.json"
if ! grep -q "steps in" "$OUT/probe_xla.out"; then
  BACKEND="xla:$PLUGIN"; echo "retrying with the plugin's absolute path"
  run probe_xla_abs 120 "$BIN" train --features 5 --hidden 2 --steps 20 --backend "$BACKEND" --engine gomlx --quiet --out "$OUT/probe.json"
fi
run b_xla_cuda 180 "$BIN" train --config "$OUT/b.json" --backend "$BACKEND" --engine gomlx --quiet --out "$OUT/b_xla.json"
run b_torch_cuda 180 $PY torch_cuda.py --config "$OUT/b.json"
run sweep_xla_cuda 240 "$BIN" train --config "$OUT/sweep10k.json" --backend "$BACKEND" --engine gomlx --quiet --out "$OUT/sweep_xla.json"
run sweep_torch_cuda 180 $PY torch_cuda.py --config "$OUT/sweep10k.json"
run b_cpu_auto_engine 120 "$BIN" train --config "$OUT/b.json" --steps 1000 --quiet --out "$OUT/b_go.json"
rm -f "$OUT"/*.json.tmp* "$OUT/sweep_xla.json"
echo "== done"; date -u
