#!/usr/bin/env bash
# GPU round three (issue 16) on the lent H200: the PR-style comparisons measured again with the
# current dist/, so the action itself names the phases that moved (round two's run predates the
# Holm rule; its phase names were worked out afterwards from the reports). Three parts, one
# device call each, back to back (the machine keeps its files about 30 s after a call; if it was
# released, `history` says so and prep is run again):
#   prep     carry .device/engine26.tar.xz: bench/gpu/round2.sh prep (Docker 26, CDI, contexts)
#   ab       carry .device/node.xz: round3-ab.yml, CUDA_MODULE_LOADING=EAGER against main's
#            image, interleaved, 8 vs 8 starts
#   history  three runs of main's image into a local history, then the EAGER image and main's
#            image again (a PR that changed nothing), each compared with that history
# Raw outputs: $OUT/<part>.log and the JSON reports.
set -uo pipefail
export SITE_PACKAGES=/opt/torch/.venv/lib/python3.12/site-packages
part=${1:?usage: round3.sh prep|ab|history}
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
if [ "$part" = prep ]; then exec bash bench/gpu/round2.sh prep; fi
exec > >(tee "$OUT/$part.log") 2>&1
echo "== $part $(date -u +%FT%TZ)"
[ -x /tmp/node ] || { xz -dc .device/node.xz >/tmp/node && chmod +x /tmp/node; } || { echo "no Node: carry .device/node.xz"; exit 1; }
curl -sf --unix-socket /var/run/docker.sock http://d/_ping >/dev/null || { echo "no engine: the machine was not kept; run prep again"; exit 1; }
[ -d /tmp/ptctx ] || { echo "no contexts: run prep again"; exit 1; }
cli() { echo "-- $* $(date -u +%T)"; /tmp/node dist/cli.js --comment false "$@"; echo "cli exit $?"; }
case "$part" in
  ab) cli --config bench/gpu/round3-ab.yml --baseline none --report "$OUT/ab.json" ;;
  history)
    hist=/tmp/ssla-history; rm -rf "$hist"
    for i in 1 2 3; do cli --config bench/gpu/round3-history.yml --history-dir "$hist" --report "$OUT/history-main-$i.json"; done
    cli --config bench/gpu/round3-history-eager.yml --history-dir "$hist" --report "$OUT/history-pr-eager.json"
    cli --config bench/gpu/round3-history.yml --history-dir "$hist" --report "$OUT/history-pr-unchanged.json"
    cp -r "$hist" "$OUT/history"
    ;;
esac
curl -s --unix-socket /var/run/docker.sock 'http://d/containers/json?all=1' | head -c 400; echo
echo "== done $(date -u +%FT%TZ)"
