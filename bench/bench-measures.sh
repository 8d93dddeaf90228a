#!/bin/sh
# Measures on national-scale data: every bundled measure for one month,
# and one measure over all practices × all months held, against the same
# measure in plain SQL through the sqlite3 command-line tool on a plain
# table of the same rows, in the same run.
#   MONTHS=12 PRACTICES=6500 sh bench/bench-measures.sh
. "$(dirname "$0")/common.sh"

MONTHS=${MONTHS:-12}
PRACTICES=${PRACTICES:-6500}
DB="$DATA/measures-$PRACTICES-$MONTHS.db"
PLAIN="$DATA/measures-$PRACTICES-$MONTHS-plain.db"
FIRST=202310
LAST=$(python3 -c "m=$FIRST; y,mm=divmod(m,100); t=(y*12+mm-1)+$MONTHS-1; print('%04d%02d'%(t//12,t%12+1))")

if [ ! -f "$DB" ] || [ ! -f "$PLAIN" ]; then
  rm -f "$DB" "$PLAIN"
  echo "building $MONTHS months of $PRACTICES practices (one month at a time, files deleted after)…"
  sqlite3 "$PLAIN" "CREATE TABLE rx (month INTEGER, practice TEXT, bnf_code TEXT, items INTEGER, quantity REAL, actual_cost REAL);"
  m=$FIRST
  while [ "$m" -le "$LAST" ]; do
    dir="$DATA/gen-$m"
    "$RX" generate --out "$dir" --scale national --practices "$PRACTICES" --months "$m..$m" --seed 7
    "$RX" --db "$DB" import --quiet --no-compute "$dir"/epraccur.csv "$dir"/gp-reg-pat-prac-map.csv \
      "$dir"/gp-reg-pat-prac-all-$m.csv "$dir"/epd_$m.csv
    # The plain table gets only the antibacterial rows the measure reads
    # (a smaller table than ours, which favours plain SQL).
    { head -1 "$dir/epd_$m.csv"; grep ',0501' "$dir/epd_$m.csv"; } > "$dir/abx.csv"
    sqlite3 "$PLAIN" ".mode csv" ".import --csv $dir/abx.csv epd_raw" \
      "BEGIN; INSERT INTO rx SELECT $m, PRACTICE_CODE, BNF_PRESENTATION_CODE, ITEMS, TOTAL_QUANTITY, ACTUAL_COST FROM epd_raw; COMMIT; DROP TABLE epd_raw;"
    rm -rf "$dir"
    m=$(python3 -c "y,mm=divmod($m,100); t=y*12+mm; print('%04d%02d'%(t//12,t%12+1))")
  done
  sqlite3 "$PLAIN" "CREATE INDEX rx_code ON rx (bnf_code, month, practice);"
  "$RX" --db "$DB" measures compute --quiet $("$RX" --db "$DB" measures list --format csv | tail -n +2 | cut -d, -f1)
fi
IDS=$("$RX" --db "$DB" measures list --format csv | tail -n +2 | cut -d, -f1)
rm -f "$DATA"/measures-*.times

for run in $(seq "$RUNS"); do
  # Naming the measures computes them without the price-per-unit savings.
  timed measures-all-one-month "$RX" --db "$DB" measures compute --quiet --month "$LAST" $IDS
  timed measures-one-all-months "$RX" --db "$DB" measures compute --quiet broad_spectrum
  # The same measure in plain SQL (resources/measures/broad_spectrum.json):
  # co-amoxiclav, cephalosporin and quinolone items over antibacterial items
  # less antituberculosis, antileprotic and methenamine, per practice and
  # month, with percent ranks.
  timed measures-plain-sql sqlite3 "$PLAIN" "
    WITH n AS (SELECT month, practice, sum (items) AS n FROM rx WHERE bnf_code LIKE '0501013K0%'
                 OR bnf_code LIKE '0501021%' OR bnf_code LIKE '050112%' GROUP BY 1, 2),
         d AS (SELECT month, practice, sum (items) AS d FROM rx WHERE bnf_code LIKE '0501%'
                 AND bnf_code NOT LIKE '050109%' AND bnf_code NOT LIKE '050110%'
                 AND bnf_code NOT LIKE '0501130H0%' GROUP BY 1, 2),
         v AS (SELECT d.month, d.practice, coalesce (n.n, 0) * 1.0 / d.d AS r FROM d LEFT JOIN n USING (month, practice))
    SELECT count (*), sum (pct) FROM (SELECT percent_rank () OVER (PARTITION BY month ORDER BY r) AS pct FROM v);"
done

A=$(median measures-all-one-month 1); O=$(median measures-one-all-months 1); P=$(median measures-plain-sql 1)
echo
echo "median of $RUNS run(s), $PRACTICES practices, $MONTHS months:"
printf '  every bundled measure, one month          %8.2f s\n' "$A"
printf '  one measure, every practice and month     %8.2f s (stores values, ranks, deciles for all levels)\n' "$O"
printf '  the same measure in plain SQL (sqlite3)   %8.2f s (practice values and ranks only)\n' "$P"
printf '  ratio                                     %8.2f×\n' "$(calc "$P / $O")"
