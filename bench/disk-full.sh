#!/usr/bin/env bash
# A real full disk under `esabridge run` (needs root, for a tmpfs): the state directory sits on a small tmpfs that a
# filler file leaves almost no room on. The script checks that reading pauses with "the disk is full" in the log,
# that it resumes when the filler is deleted, and that the output then holds every document of the log exactly once.
# Usage: sudo bench/disk-full.sh [LOG_MB]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-20}"
work="$(mktemp -d "${TMPDIR:-/tmp}/esabridge-diskfull.XXXXXX")"
state="$work/state"
mkdir -p "$state" "$work/out"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; umount "$state" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build "$root/bench/EsaBridge.Bench" -c Release -nologo -v quiet >/dev/null
"$root/esabridge" --help >/dev/null
dotnet "$root/bench/EsaBridge.Bench/bin/Release/net10.0/EsaBridge.Bench.dll" generate "$work/mail.log" "$size" --seed 5 >/dev/null
"$root/esabridge" parse "$work/mail.log" --host esa1 2>/dev/null | grep -o '"id":"[0-9a-f]*"' | sort >"$work/expected.ids"
expected=$(wc -l <"$work/expected.ids")

mount -t tmpfs -o size=64m tmpfs "$state"
dd if=/dev/zero of="$state/filler" bs=1M count=63 status=none || true   # stops at ENOSPC: the disk is full
echo "tmpfs: $(df -h "$state" | tail -1)"

"$root/esabridge" run --input "$work/mail.log" --host esa1 --state-dir "$state/esabridge" \
  --output-file "$work/out/sessions.ndjson" --poll-interval 100ms --status-interval 2s 2>"$work/run.log" &
pid=$!
for _ in $(seq 300); do grep -q "the disk is full" "$work/run.log" && break; sleep 0.1; done
grep -m1 "the disk is full" "$work/run.log"
sleep 3
grep -m1 "reading paused: disk full" "$work/run.log" || true
delivered() { [ -f "$work/out/sessions.ndjson" ] && wc -l <"$work/out/sessions.ndjson" || echo 0; }
echo "while full: $(delivered) of $expected documents delivered; the service is $(kill -0 $pid 2>/dev/null && echo running || echo GONE)"

rm "$state/filler"
echo "filler deleted: $(df -h "$state" | tail -1)"
for _ in $(seq 600); do [ "$(delivered)" -ge "$expected" ] && break; sleep 0.1; done
grep -m1 "the disk has room again" "$work/run.log"
kill -TERM "$pid"; wait "$pid" && code=0 || code=$?; pid=""
grep -o '"id":"[0-9a-f]*"' "$work/out/sessions.ndjson" | grep -o '"id":"[0-9a-f]*"' | sort >"$work/actual.ids"
echo "exit code $code; delivered $(wc -l <"$work/actual.ids") documents, $(sort -u "$work/actual.ids" | wc -l) distinct; expected $expected"
if cmp -s "$work/expected.ids" "$work/actual.ids" && [ "$code" = 0 ]; then echo "PASS: every document exactly once"; else echo "FAIL"; exit 1; fi
