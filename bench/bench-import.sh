#!/bin/sh
# Import of a national EPD month: rxreview import against the sqlite3
# command-line tool's .import --csv of the same file (one transaction), in
# the same run.  Prints seconds, rows/s, the ratio, peak RSS and database
# bytes per source row.
#   BUILD=build RUNS=3 sh bench/bench-import.sh
. "$(dirname "$0")/common.sh"

MONTH=${MONTH:-202409}
FILE="$DATA/national/epd_$MONTH.csv"
if [ ! -f "$FILE" ]; then
  echo "generating a national month into $DATA/national (reused next time)…"
  "$RX" generate --out "$DATA/national" --scale national --months "$MONTH..$MONTH" --seed 7
fi
ROWS=$(($(wc -l < "$FILE") - 1))
BYTES=$(stat -c %s "$FILE")
echo "file: $FILE, $ROWS rows, $BYTES bytes"
rm -f "$DATA"/import-*.times

for run in $(seq "$RUNS"); do
  rm -f "$DATA/rx.db" "$DATA/rx.db-wal" "$DATA/rx.db-shm" "$DATA/plain.db"
  sync
  timed import-rxreview "$RX" --db "$DATA/rx.db" import --quiet --force --no-compute "$FILE"
  RXBYTES=$(stat -c %s "$DATA/rx.db")
  timed import-sqlite3 sqlite3 "$DATA/plain.db" \
    "BEGIN" ".mode csv" ".import --csv $FILE epd" "COMMIT"
  PLAINBYTES=$(stat -c %s "$DATA/plain.db")
done

RX_S=$(median import-rxreview 1); SQ_S=$(median import-sqlite3 1)
RX_RSS=$(median import-rxreview 2); SQ_RSS=$(median import-sqlite3 2)
echo
echo "median of $RUNS run(s):"
printf '  rxreview import   %8.2f s  %10.0f rows/s  %6.0f MB peak  %5.2f bytes/row (%s bytes)\n' \
  "$RX_S" "$(calc "$ROWS / $RX_S")" "$(calc "$RX_RSS / 1024")" \
  "$(calc "$RXBYTES / $ROWS")" "$RXBYTES"
printf '  sqlite3 .import   %8.2f s  %10.0f rows/s  %6.0f MB peak  %5.2f bytes/row (%s bytes)\n' \
  "$SQ_S" "$(calc "$ROWS / $SQ_S")" "$(calc "$SQ_RSS / 1024")" \
  "$(calc "$PLAINBYTES / $ROWS")" "$PLAINBYTES"
printf '  ratio             %8.2f× faster than sqlite3\n' "$(calc "$SQ_S / $RX_S")"
echo "(import alone: --no-compute; bench-measures.sh and bench-ppu.sh time the computing)"
