#!/usr/bin/env bash
# One short device call before the full runs: does the PyTorch example start in a container
# there (host /usr and the torch venv bind-mounted, GPU mapped by hand)? Uses the engine's API
# with curl only (Node does not fit in the same call as the engine). Also reads the facts the
# cost readings depend on: cgroup version, memory.peak, nvidia-smi's compute-apps query,
# whether drop_caches is writable.
set -uo pipefail
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
exec > >(tee "$OUT/smoke.log") 2>&1
bash bench/gpu/engine26.sh || exit 1
api() { curl -sS --unix-socket /var/run/docker.sock "$@"; }
echo "== machine"; nproc; free -g | head -2; uname -r; stat -fc %T /sys/fs/cgroup
nvidia-smi --query-gpu=name,driver_version,persistence_mode,memory.total --format=csv
py=/opt/torch/.venv/bin/python3; ls -la "$py" /usr/bin/python3*; cat /opt/torch/.venv/pyvenv.cfg
sync; echo 3 >/proc/sys/vm/drop_caches && echo "drop_caches: writable"
echo "== context"
time bash examples/pytorch/build.sh --python "$py" --context /tmp/ptctx | tee /tmp/ptctx.out
site=$(sed -n 's/^SITE_PACKAGES=//p' /tmp/ptctx.out)
du -sh /tmp/ptctx
echo "== build"
tar -C /tmp/ptctx -cf - . | api -X POST -H 'Content-Type: application/x-tar' --data-binary @- \
  "http://d/build?t=ssla-torch:smoke&buildargs=$(printf '{"SITE_PACKAGES":"%s"}' "$site" | jq -sRr @uri 2>/dev/null || python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "{\"SITE_PACKAGES\":\"$site\"}")" | tail -3
echo "== run (manual GPU mapping)"
body=$(cat <<JSON
{"Image":"ssla-torch:smoke","HostConfig":{"NetworkMode":"host",
 "Binds":["/usr:/usr:ro","/opt/torch:/opt/torch:ro","/usr/local/nvidia/lib64:/usr/local/nvidia/lib64:ro"],
 "Devices":[{"PathOnHost":"/dev/nvidia0","PathInContainer":"/dev/nvidia0","CgroupPermissions":"rwm"},
  {"PathOnHost":"/dev/nvidiactl","PathInContainer":"/dev/nvidiactl","CgroupPermissions":"rwm"},
  {"PathOnHost":"/dev/nvidia-uvm","PathInContainer":"/dev/nvidia-uvm","CgroupPermissions":"rwm"},
  {"PathOnHost":"/dev/nvidia-uvm-tools","PathInContainer":"/dev/nvidia-uvm-tools","CgroupPermissions":"rwm"}]}}
JSON
)
id=$(api -X POST -H 'Content-Type: application/json' -d "$body" http://d/containers/create | sed -E 's/.*"Id":"([^"]+)".*/\1/')
echo "container $id"
t0=$(date +%s.%N); api -X POST "http://d/containers/$id/start"
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:8000/health >/dev/null && break; sleep 0.25; done
t1=$(date +%s.%N); python3 -c "import sys; print(\"create->health ~ %.2f s\" % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$t1"
pid=$(api "http://d/containers/$id/json" | sed -E 's/.*"Pid":([0-9]+).*/\1/'); echo "pid $pid"; cat /proc/$pid/cgroup
cg=$(sed -n 's/^0:://p' /proc/$pid/cgroup); ls /sys/fs/cgroup$cg/ | grep -E 'memory\.(peak|current|max)' ; cat /sys/fs/cgroup$cg/memory.peak 2>&1
nvidia-smi --query-compute-apps=pid,used_memory --format=csv,noheader,nounits
curl -s http://127.0.0.1:8000/infer; echo
api "http://d/containers/$id/logs?stdout=1&stderr=1" | tr -d '\000-\010' | tail -30
api -X DELETE "http://d/containers/$id?force=1" ; echo removed
