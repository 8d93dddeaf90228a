#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds tests/fuzz/fuzz-csv.c with clang's libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer against the importer's sources directly, and
# runs it for SECONDS (default 60) on a copy of the seed corpus.  Not part
# of `meson test`.
#
#   tests/fuzz/run-fuzz.sh [SECONDS] [libFuzzer options...]
#
# OUT (default /tmp/rx-fuzz) holds the binary, the growing corpus and any
# crash-* files; a crash reproduces with  $OUT/fuzz-csv $OUT/crash-…
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
out=${OUT:-/tmp/rx-fuzz}
cc=${CC:-clang}

mkdir -p "$out/include" "$out/corpus"
# rx-csv.c and friends include config.h for nothing they use.
printf '#pragma once\n' > "$out/include/config.h"

# shellcheck disable=SC2046
"$cc" -g -O1 -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
  -I"$out/include" -I"$top/app/core" \
  $(pkg-config --cflags glib-2.0 gio-2.0 libarchive) \
  "$here/fuzz-csv.c" "$top/app/core/rx-csv.c" "$top/app/core/rx-source.c" \
  "$top/app/core/rx-format.c" \
  $(pkg-config --libs glib-2.0 gio-2.0 libarchive) -lm \
  -o "$out/fuzz-csv"

cp -n "$here"/corpus/* "$out/corpus/" 2>/dev/null || true
cd "$out"
# GLib keeps one-time allocations (quarks, type data) to the end: not leaks.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
exec ./fuzz-csv -max_total_time="$seconds" -print_final_stats=1 -max_len=65536 \
  -timeout=20 -rss_limit_mb=2048 "$@" "$out/corpus"
