# Shared by the benchmarks: where things are, timing and peak memory.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
RX=${RX:-$BUILD/app/rxreview}
DATA=${DATA:-$BUILD/bench-data}
RUNS=${RUNS:-1}
mkdir -p "$DATA"

[ -x "$RX" ] || { echo "build first: $RX is missing" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "the sqlite3 command-line tool is needed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (apt-get install time)" >&2; exit 1; }

# calc EXPR : floating-point arithmetic without bc
calc () {
  awk "BEGIN { print $1 }"
}

# timed LABEL CMD… : runs CMD under /usr/bin/time -v, appends "seconds rss_kb"
# to $DATA/LABEL.times and prints the run.
timed () {
  label=$1; shift
  /usr/bin/time -v -o "$DATA/$label.time" "$@" >"$DATA/$label.out" 2>"$DATA/$label.err" || {
    echo "$label failed:" >&2; tail -5 "$DATA/$label.err" >&2; exit 1; }
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$DATA/$label.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$DATA/$label.time")
  echo "$secs $rss" >> "$DATA/$label.times"
  printf '  %-28s %8.2f s  %7.0f MB peak RSS\n' "$label" "$secs" "$(calc "$rss / 1024")"
}

# median LABEL FIELD : the median of a column of $DATA/LABEL.times
median () {
  sort -n -k"$2" "$DATA/$1.times" | awk -v f="$2" '{v[NR]=$f} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'
}
