#!/bin/sh
# Price-per-unit savings and swaps for a national month, against the same
# practice-level price per unit in plain SQL through the sqlite3 tool on a
# plain table of the same month, in the same run.
#   RUNS=3 sh bench/bench-ppu.sh
. "$(dirname "$0")/common.sh"

MONTH=${MONTH:-202409}
PRACTICES=${PRACTICES:-6500}
DB="$DATA/ppu-$PRACTICES.db"
PLAIN="$DATA/ppu-$PRACTICES-plain.db"
if [ ! -f "$DB" ] || [ ! -f "$PLAIN" ]; then
  rm -f "$DB" "$PLAIN"
  dir="$DATA/gen-ppu"
  "$RX" generate --out "$dir" --scale national --practices "$PRACTICES" --months "$MONTH..$MONTH" --seed 7
  "$RX" --db "$DB" import --quiet "$dir"/epraccur.csv "$dir"/gp-reg-pat-prac-map.csv "$dir"/epd_$MONTH.csv
  sqlite3 "$PLAIN" ".mode csv" ".import --csv $dir/epd_$MONTH.csv epd" \
    "CREATE TABLE rx AS SELECT PRACTICE_CODE AS practice, BNF_PRESENTATION_CODE AS code, CAST (TOTAL_QUANTITY AS REAL) AS q, CAST (NIC AS REAL) AS nic FROM epd;" \
    "DROP TABLE epd;"
  rm -rf "$dir"
fi
rm -f "$DATA"/ppu-*.times
sqlite3 "$DB" "SELECT o.code FROM ppu_practice p JOIN org o ON o.id = p.org_id WHERE p.month = $MONTH ORDER BY o.code LIMIT 2" > "$DATA/ppu-practices.txt" || true
[ -s "$DATA/ppu-practices.txt" ] || { "$RX" --db "$DB" measures compute --quiet --savings --month "$MONTH";
  sqlite3 "$DB" "SELECT o.code FROM ppu_practice p JOIN org o ON o.id = p.org_id WHERE p.month = $MONTH ORDER BY o.code LIMIT 2" > "$DATA/ppu-practices.txt"; }
for run in $(seq "$RUNS"); do
  timed ppu-rxreview "$RX" --db "$DB" measures compute --quiet --savings --month "$MONTH"
  # Readers: England sums every practice's stored figures; one practice
  # reads its own.
  timed ppu-read-england "$RX" --db "$DB" export ppu --org-type england --min-saving 0 --month "$MONTH" -o "$DATA/ppu-england.csv"
  timed ppu-read-practice "$RX" --db "$DB" export ppu --org "$(head -2 "$DATA/ppu-practices.txt" | tail -1)" --month "$MONTH" -o "$DATA/ppu-practice.csv"
  timed ppu-plain-sql sqlite3 "$PLAIN" "
    WITH g AS (SELECT practice, substr (code, 1, 9) || 'AA' || substr (code, 14, 2) || substr (code, 14, 2) AS grp,
                      sum (q) AS q, sum (nic) AS c FROM rx
               WHERE length (code) = 15 AND substr (code, 14, 2) != 'A0' GROUP BY 1, 2),
         r AS (SELECT grp, c / q AS ppu, row_number () OVER (PARTITION BY grp ORDER BY c / q) AS i,
                      count (*) OVER (PARTITION BY grp) AS n FROM g WHERE q > 0),
         t AS (SELECT grp, min (ppu) AS target FROM r WHERE i - 1 >= (n - 1) / 10 GROUP BY grp)
    SELECT count (*), sum (max (0, g.c - g.q * t.target)) FROM g JOIN t USING (grp);"
done
R=$(median ppu-rxreview 1); P=$(median ppu-plain-sql 1)
echo
echo "median of $RUNS run(s), one month of $PRACTICES practices:"
printf '  rxreview PPU + swaps (computed, stored)     %8.2f s  %6.0f MB peak\n' "$R" "$(calc "$(median ppu-rxreview 2) / 1024")"
printf '  England from the stored figures (export)   %8.2f s\n' "$(median ppu-read-england 1)"
printf '  one practice from the stored figures       %8.2f s\n' "$(median ppu-read-practice 1)"
printf '  practice PPU in plain SQL (sqlite3)        %8.2f s  %6.0f MB peak\n' "$P" "$(calc "$(median ppu-plain-sql 2) / 1024")"
printf '  ratio                                      %8.2f×\n' "$(calc "$P / $R")"
