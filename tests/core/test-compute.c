// SPDX-License-Identifier: GPL-3.0-or-later
//
// The cases of methodology.md §9 end to end: published-format files are
// imported into a fresh database (which computes the measures), then the
// exports are read back cell by cell.  Expected values are the document's,
// or hand calculations written beside them; never the program's output.
// Doubles are compared as their shortest round-trip text unless the
// document gives a tolerance.

#define G_LOG_DOMAIN "test-compute"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <check.h>
#include <glib.h>

#include "rx-compute.h"
#include "rx-export.h"
#include "rx-measure.h"

#include "rx-test-data.h"

/* A value row: numerator, denominator, calc_value, percentile. */
static void
assert_value (const RxTestCsv *csv,
              const char      *org,
              const char      *date,
              const char      *numerator,
              const char      *denominator,
              const char      *value,
              const char      *percentile)
{
  int row = rx_test_value_row (csv, org, date);

  rx_assert_cell (csv, row, "numerator", numerator);
  rx_assert_cell (csv, row, "denominator", denominator);
  rx_assert_cell (csv, row, "calc_value", value);
  rx_assert_cell (csv, row, "percentile", percentile);
}

static void
assert_savings_empty (const RxTestCsv *csv,
                      int              row)
{
  for (int k = 0; k < 9; k++)
    rx_assert_cell (csv, row, rx_test_saving_columns[k], "");
}

static void
assert_decile_row (const RxTestCsv   *csv,
                   const char        *date,
                   const char * const want[9])
{
  int row = rx_test_csv_find (csv, "date", date, NULL, NULL);

  ck_assert_msg (row >= 0, "no deciles row for %s:\n%s", date, csv->text);
  for (int k = 0; k < 9; k++)
    rx_assert_cell (csv, row, rx_test_decile_columns[k], want[k]);
}

static int
count_rows (const RxTestCsv *csv,
            const char      *date)
{
  int n = 0;

  for (guint i = 0; i < csv->rows->len; i++)
    n += g_str_equal (rx_test_csv_get (csv, i, "date"), date);
  return n;
}

/* The `small` flag is for display only and not exported: read it back. */
static int
stored_small (RxTestData *td,
              const char *measure,
              const char *org,
              int         month)
{
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (td->db,
    "SELECT v.small FROM measure_value v JOIN measure m ON m.id = v.measure_id "
    "JOIN org o ON o.id = v.org_id WHERE m.name = ? AND o.code = ? AND v.month = ?", NULL);

  ck_assert (stmt != NULL);
  sqlite3_bind_text (stmt, 1, measure, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, org, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, month);
  ck_assert_msg (sqlite3_step (stmt) == SQLITE_ROW, "no stored value for %s %s %d", measure, org, month);
  return sqlite3_column_int (stmt, 0);
}

/* ------------------------------------------------------------------ */
/* TC1 — ratios, ties, numerator 0, setting, rollups                     */

START_TEST (test_tc1_practices)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(RxTestCsv) v = NULL;

  rx_test_load_tc1 (td);
  v = rx_test_export_values (td, "trimethoprim", RX_ORG_PRACTICE, 202401, 202401);

  /* r: P1 0.25, P2 0 (ranked), P3 0.25, P4 0.5, P5 NULL; P6 no row.
   * Percentiles: P2 0, P1 and P3 33.33333333333333 (tie), P4 100. */
  assert_value (v, "A00001", "2024-01-01", "10", "40", "0.25", "33.33333333333333");
  assert_value (v, "A00002", "2024-01-01", "0", "20", "0", "0");
  assert_value (v, "A00003", "2024-01-01", "5", "20", "0.25", "33.33333333333333");
  assert_value (v, "A00004", "2024-01-01", "30", "60", "0.5", "100");
  assert_value (v, "A00005", "2024-01-01", "0", "0", "", "");
  ck_assert_int_eq (rx_test_csv_find (v, "org_code", "A00006", NULL, NULL), -1);
  ck_assert_int_eq (v->rows->len, 5);
  /* Not cost based: every cost_saving cell empty. */
  for (guint i = 0; i < v->rows->len; i++)
    assert_savings_empty (v, i);
  /* Rows by org_code, then date. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *code = g_strdup_printf ("A0000%u", i + 1);
      rx_assert_cell (v, i, "org_code", code);
      rx_assert_cell (v, i, "measure", "trimethoprim");
      rx_assert_cell (v, i, "org_type", "practice");
    }
  /* Small (display only) below 20 items of denominator: P2's 20 is not,
   * P5's 0 is. */
  ck_assert_int_eq (stored_small (td, "trimethoprim", "A00002", 202401), 0);
  ck_assert_int_eq (stored_small (td, "trimethoprim", "A00005", 202401), 1);
  /* P4 shows 50%: a percentage measure stores the fraction. */
  ck_assert (g_ascii_strtod (rx_test_csv_get (v, 3, "calc_value"), NULL) * 100 == 50.0);
}
END_TEST

START_TEST (test_tc1_deciles)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(RxTestCsv) d = NULL;
  static const char * const want[9] = {
    "0.075", "0.15", "0.225", "0.25", "0.25", "0.25", "0.275", "0.35", "0.425",
  };

  rx_test_load_tc1 (td);
  d = rx_test_export_deciles (td, "trimethoprim", RX_ORG_PRACTICE, 202401, 202401);
  ck_assert_int_eq (d->rows->len, 1);
  rx_assert_cell (d, 0, "measure", "trimethoprim");
  rx_assert_cell (d, 0, "org_type", "practice");
  assert_decile_row (d, "2024-01-01", want);
}
END_TEST

START_TEST (test_tc1_pcns)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(RxTestCsv) v = NULL;
  g_autoptr(RxTestCsv) d = NULL;
  static const char * const want[9] = {
    "0.21875", "0.25", "0.28125", "0.3125", "0.34375", "0.375", "0.40625", "0.4375", "0.46875",
  };

  rx_test_load_tc1 (td);
  v = rx_test_export_values (td, "trimethoprim", RX_ORG_PCN, 202401, 202401);
  /* N1 = P1–P3 (P6 is setting 1): 15 / 80; N2 = P4: 30 / 60. */
  assert_value (v, "U00001", "2024-01-01", "15", "80", "0.1875", "0");
  assert_value (v, "U00002", "2024-01-01", "30", "60", "0.5", "100");
  /* No NULL-PCN row for P5. */
  ck_assert_int_eq (v->rows->len, 2);
  d = rx_test_export_deciles (td, "trimethoprim", RX_ORG_PCN, 202401, 202401);
  assert_decile_row (d, "2024-01-01", want);
}
END_TEST

/* S1 and England: N = 45, D = 140; P6 and the unidentified row count
 * nowhere.  TC2: a type with one organisation. */
START_TEST (test_tc1_tc2_rollups)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  static const char * const one[9] = {
    "0.32142857142857145", "0.32142857142857145", "0.32142857142857145",
    "0.32142857142857145", "0.32142857142857145", "0.32142857142857145",
    "0.32142857142857145", "0.32142857142857145", "0.32142857142857145",
  };
  const struct { RxOrgType type; const char *code; } levels[] = {
    { RX_ORG_SUB_ICB, "16C" }, { RX_ORG_ICB, "QHM" }, { RX_ORG_REGION, "Y63" },
  };

  rx_test_load_tc1 (td);
  for (gsize i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      g_autoptr(RxTestCsv) v = rx_test_export_values (td, "trimethoprim", levels[i].type, 202401, 202401);
      g_autoptr(RxTestCsv) d = rx_test_export_deciles (td, "trimethoprim", levels[i].type, 202401, 202401);

      ck_assert_int_eq (v->rows->len, 1);
      /* n = 1: percentile 0, every decile the value. */
      assert_value (v, levels[i].code, "2024-01-01", "45", "140", "0.32142857142857145", "0");
      assert_decile_row (d, "2024-01-01", one);
    }
  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "trimethoprim", RX_ORG_ENGLAND, 202401, 202401);
    ck_assert_int_eq (v->rows->len, 1);
    /* England is not ranked. */
    assert_value (v, "england", "2024-01-01", "45", "140", "0.32142857142857145", "");
    rx_assert_cell (v, 0, "org_type", "england");
  }
}
END_TEST

/* ------------------------------------------------------------------ */
/* TC3 — all-NULL month                                                  */

START_TEST (test_tc3_all_null)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(RxTestCsv) v = NULL;
  g_autoptr(RxTestCsv) d = NULL;
  g_autoptr(RxTestCsv) e = NULL;
  g_autoptr(RxTestCsv) c = NULL;
  static const char * const empty[9] = { "", "", "", "", "", "", "", "", "" };

  rx_test_load_tc1 (td);
  v = rx_test_export_values (td, "trimethoprim", RX_ORG_PRACTICE, 202402, 202402);
  /* Rows (they prescribed), N = D = 0, r and percentile NULL. */
  for (int i = 1; i <= 5; i++)
    {
      g_autofree char *code = g_strdup_printf ("A0000%d", i);
      assert_value (v, code, "2024-02-01", "0", "0", "", "");
    }
  ck_assert_int_eq (v->rows->len, 5);

  d = rx_test_export_deciles (td, "trimethoprim", RX_ORG_PRACTICE, 202401, 202402);
  ck_assert_int_eq (d->rows->len, 2);
  rx_assert_cell (d, 0, "date", "2024-01-01");
  rx_assert_cell (d, 1, "date", "2024-02-01");
  assert_decile_row (d, "2024-02-01", empty);
  /* The row as text: nine empty cells. */
  ck_assert_msg (strstr (d->text, "\ntrimethoprim,practice,2024-02-01,,,,,,,,,\n") != NULL, "%s", d->text);
  {
    g_autoptr(RxTestCsv) pcn = rx_test_export_deciles (td, "trimethoprim", RX_ORG_PCN, 202402, 202402);
    assert_decile_row (pcn, "2024-02-01", empty);
  }

  e = rx_test_export_values (td, "trimethoprim", RX_ORG_ENGLAND, 202402, 202402);
  assert_value (e, "england", "2024-02-01", "0", "0", "", "");

  /* A cost-based measure (bundled desogestrel, formula B) has no value in
   * either month here: every Sk and every England total NULL. */
  c = rx_test_export_values (td, "desogestrel", RX_ORG_PRACTICE, 202402, 202402);
  ck_assert_int_eq (c->rows->len, 5);
  for (guint i = 0; i < c->rows->len; i++)
    {
      rx_assert_cell (c, i, "calc_value", "");
      assert_savings_empty (c, i);
    }
  {
    g_autoptr(RxTestCsv) ce = rx_test_export_values (td, "desogestrel", RX_ORG_ENGLAND, 202402, 202402);
    assert_value (ce, "england", "2024-02-01", "0", "0", "", "");
    assert_savings_empty (ce, 0);
  }
}
END_TEST

/* ------------------------------------------------------------------ */
/* TC4 — list size, missing list size, closed practice, small            */

static const char items_0501_per_1000[] =
  "{\"name\": \"Antibacterial items per 1,000 patients\","
  " \"numerator_type\": \"bnf_items\", \"numerator_bnf_codes_filter\": [\"0501\"],"
  " \"denominator_type\": \"list_size\","
  " \"is_percentage\": false, \"is_cost_based\": false, \"low_is_good\": true}";

/*
 * 2024-01: P1 12 items / 4,000; P2 other items / 2,500; P3 7 items, no list
 * size; P7 (closed 2024-02-15) 3 / 1,500; P8 4 / 800.
 * 2024-02: prescribing, but no list-size file held for the month.
 * 2024-03: P1, P2, P8 prescribe; list sizes for P1, P2, P3, P8; P7 nothing.
 */
static void
load_tc4 (RxTestData *td)
{
  g_autoptr(GString) epraccur = g_string_new (NULL);
  g_autoptr(GString) map = rx_test_org_map_new ();
  g_autoptr(GString) jan = rx_test_epd_new ();
  g_autoptr(GString) feb = rx_test_epd_new ();
  g_autoptr(GString) mar = rx_test_epd_new ();
  g_autoptr(GString) list_jan = rx_test_list_all_new ();
  g_autoptr(GString) list_mar = rx_test_list_all_new ();
  const char *codes[] = { "B00001", "B00002", "B00003", "B00007", "B00008" };

  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      gboolean closed = g_str_equal (codes[i], "B00007");
      rx_test_epraccur_row (epraccur, codes[i], codes[i], "16C", closed ? 'C' : 'A',
                            closed ? "20240215" : "", 4);
      rx_test_org_map_row (map, codes[i], codes[i], "U00001", "16C", "QHM", "Y63");
    }
  rx_test_epd_row (jan, 202401, "B00001", "16C00", "0501013B0AAABAB", 15000, 12, "12.00", "11.00000");
  rx_test_epd_row (jan, 202401, "B00002", "16C00", RX_TEST_ATORVASTATIN, 28000, 9, "9.00", "8.00000");
  rx_test_epd_row (jan, 202401, "B00003", "16C00", "0501013B0AAABAB", 15000, 7, "7.00", "6.00000");
  rx_test_epd_row (jan, 202401, "B00007", "16C00", "0501013B0AAABAB", 15000, 3, "3.00", "2.00000");
  rx_test_epd_row (jan, 202401, "B00008", "16C00", RX_TEST_TRIMETHOPRIM, 6000, 4, "4.00", "3.00000");
  rx_test_list_all_row (list_jan, 202401, "B00001", "16C", 4000);
  rx_test_list_all_row (list_jan, 202401, "B00002", "16C", 2500);
  rx_test_list_all_row (list_jan, 202401, "B00007", "16C", 1500);
  rx_test_list_all_row (list_jan, 202401, "B00008", "16C", 800);

  rx_test_epd_row (feb, 202402, "B00001", "16C00", "0501013B0AAABAB", 15000, 10, "10.00", "9.00000");
  rx_test_epd_row (feb, 202402, "B00002", "16C00", "0501013B0AAABAB", 15000, 5, "5.00", "4.00000");

  rx_test_epd_row (mar, 202403, "B00001", "16C00", "0501013B0AAABAB", 15000, 8, "8.00", "7.00000");
  rx_test_epd_row (mar, 202403, "B00002", "16C00", "0501013B0AAABAB", 15000, 5, "5.00", "4.00000");
  rx_test_epd_row (mar, 202403, "B00008", "16C00", "0501013B0AAABAB", 15000, 2, "2.00", "1.00000");
  rx_test_list_all_row (list_mar, 202403, "B00001", "16C", 4000);
  rx_test_list_all_row (list_mar, 202403, "B00002", "16C", 2500);
  rx_test_list_all_row (list_mar, 202403, "B00003", "16C", 2000);
  rx_test_list_all_row (list_mar, 202403, "B00008", "16C", 800);

  rx_test_import (td, "epraccur.csv", epraccur);
  rx_test_import (td, "gp-reg-pat-prac-map.csv", map);
  rx_test_import (td, "gp-reg-pat-prac-all-jan.csv", list_jan);
  rx_test_import (td, "gp-reg-pat-prac-all-mar.csv", list_mar);
  rx_test_import (td, "epd_202401.csv", jan);
  rx_test_import (td, "epd_202402.csv", feb);
  rx_test_import (td, "epd_202403.csv", mar);
  rx_test_add_measure (td, "test_0501_per_1000", items_0501_per_1000);
}

START_TEST (test_tc4_list_size)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(RxTestCsv) v = NULL;
  g_autoptr(RxTestCsv) d = NULL;
  g_autoptr(RxTestCsv) s = NULL;
  static const char * const want[9] = {
    "0.6", "1.2", "1.8", "2.2", "2.5", "2.8", "3.2", "3.8", "4.4",
  };

  load_tc4 (td);
  v = rx_test_export_values (td, "test_0501_per_1000", RX_ORG_PRACTICE, 202401, 202401);
  /* D = L / 1000.0: 4, 2.5, 0 (none), 1.5, 0.8. */
  assert_value (v, "B00001", "2024-01-01", "12", "4", "3", "66.66666666666666");
  assert_value (v, "B00002", "2024-01-01", "0", "2.5", "0", "0");
  assert_value (v, "B00003", "2024-01-01", "7", "0", "", "");
  assert_value (v, "B00007", "2024-01-01", "3", "1.5", "2", "33.33333333333333");
  assert_value (v, "B00008", "2024-01-01", "4", "0.8", "5", "100");
  d = rx_test_export_deciles (td, "test_0501_per_1000", RX_ORG_PRACTICE, 202401, 202401);
  assert_decile_row (d, "2024-01-01", want);

  /* S1: P3's items count, its missing list size adds nothing:
   * N = 12 + 0 + 7 + 3 + 4 = 26, D = 8800 / 1000.0 = 8.8. */
  s = rx_test_export_values (td, "test_0501_per_1000", RX_ORG_SUB_ICB, 202401, 202401);
  assert_value (s, "16C", "2024-01-01", "26", "8.8", "2.954545454545454", "0");

  /* P8 is small (D = 0.8 < 1.0, fewer than 1,000 patients); P1 is not. */
  ck_assert_int_eq (stored_small (td, "test_0501_per_1000", "B00008", 202401), 1);
  ck_assert_int_eq (stored_small (td, "test_0501_per_1000", "B00001", 202401), 0);
  ck_assert_int_eq (stored_small (td, "test_0501_per_1000", "B00007", 202401), 0);
}
END_TEST

START_TEST (test_tc4_months)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(RxTestCsv) v = NULL;

  load_tc4 (td);
  v = rx_test_export_values (td, "test_0501_per_1000", RX_ORG_PRACTICE, 0, 0);

  /* 2024-02: no list-size file held, so every practice is NULL (never
   * carried forward); the closed P7 prescribed nothing, so has no row. */
  assert_value (v, "B00001", "2024-02-01", "10", "0", "", "");
  assert_value (v, "B00002", "2024-02-01", "5", "0", "", "");
  ck_assert_int_eq (count_rows (v, "2024-02-01"), 2);

  /* 2024-03: P3 has a list size but no prescribing: a row with N = 0.
   * P7 (closed) has no row.  r: P1 8/4 = 2, P2 5/2.5 = 2, P3 0/2 = 0,
   * P8 2/0.8 = 2.5; ranks: P3 0, P1 and P2 tie at 1/3, P8 100. */
  assert_value (v, "B00001", "2024-03-01", "8", "4", "2", "33.33333333333333");
  assert_value (v, "B00002", "2024-03-01", "5", "2.5", "2", "33.33333333333333");
  assert_value (v, "B00003", "2024-03-01", "0", "2", "0", "0");
  assert_value (v, "B00008", "2024-03-01", "2", "0.8", "2.5", "100");
  ck_assert_int_eq (rx_test_csv_find (v, "org_code", "B00007", "date", "2024-03-01"), -1);
  ck_assert_int_eq (count_rows (v, "2024-03-01"), 4);

  /* Rows by org_code, then date: B00001's three months first. */
  rx_assert_cell (v, 0, "org_code", "B00001");
  rx_assert_cell (v, 0, "date", "2024-01-01");
  rx_assert_cell (v, 1, "date", "2024-02-01");
  rx_assert_cell (v, 2, "date", "2024-03-01");
  rx_assert_cell (v, 3, "org_code", "B00002");
}
END_TEST

/* ------------------------------------------------------------------ */
/* TC6 — quantity per item                                               */

START_TEST (test_tc6_qpi)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) epraccur = g_string_new (NULL);
  g_autoptr(GString) jan = rx_test_epd_new ();

  rx_test_epraccur_row (epraccur, "C00001", "TC6 PRACTICE", "16C", 'A', "", 4);
  /* amox_500_15_caps: qpi > 15 on 0501013B0%AB. */
  rx_test_epd_row (jan, 202401, "C00001", "16C00", "0501013B0AAABAB", 15000, 20, "20.00", "19.00000");
  rx_test_epd_row (jan, 202401, "C00001", "16C00", "0501013B0AAABAB", 21000, 12, "14.00", "13.00000");
  rx_test_epd_row (jan, 202401, "C00001", "16C00", "0501013B0AAABAB", 30000, 3, "6.00", "5.00000");
  rx_test_epd_row (jan, 202401, "C00001", "16C00", "0501013B0BBABAB", 15000, 2, "8.00", "7.00000");
  /* trimethoprim_200_3_day: qpi > 6 on 0501080W0%AE. */
  rx_test_epd_row (jan, 202401, "C00001", "16C00", RX_TEST_TRIMETHOPRIM, 6000, 30, "9.00", "8.00000");
  rx_test_epd_row (jan, 202401, "C00001", "16C00", RX_TEST_TRIMETHOPRIM, 14000, 10, "7.00", "6.00000");
  /* seven_day_prescribing: qty where qpi is exactly 7 ({"ge": 7, "le": 7}):
   * 3 items of 7, one of 6.999, one of 7.001 → N = 21, D = 21 + 6.999 +
   * 7.001 = 35, r = 21 / 35 = 0.6. */
  rx_test_epd_row (jan, 202401, "C00001", "16C00", RX_TEST_ATORVASTATIN, 7000, 3, "3.00", "2.90000");
  rx_test_epd_row (jan, 202401, "C00001", "16C00", RX_TEST_ATORVASTATIN, 6999, 1, "1.00", "0.90000");
  rx_test_epd_row (jan, 202401, "C00001", "16C00", RX_TEST_ATORVASTATIN, 7001, 1, "1.00", "0.90000");
  rx_test_import (td, "epraccur.csv", epraccur);
  rx_test_import (td, "epd_202401.csv", jan);

  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "amox_500_15_caps", RX_ORG_PRACTICE, 0, 0);
    /* N = 12 + 3 (qpi 21 and 30; 15 is not > 15), D = 20 + 12 + 3 + 2. */
    assert_value (v, "C00001", "2024-01-01", "15", "37", "0.40540540540540543", "0");
  }
  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "trimethoprim_200_3_day", RX_ORG_PRACTICE, 0, 0);
    assert_value (v, "C00001", "2024-01-01", "10", "40", "0.25", "0");
  }
  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "seven_day_prescribing", RX_ORG_PRACTICE, 0, 0);
    assert_value (v, "C00001", "2024-01-01", "21", "35", "0.6", "0");
  }
  /* A denominator condition and a half-open range: 7 ≤ qpi < 30 items of
   * 0501013B0AAABAB over qpi ≥ 15 of the same: N = 20 + 12 = 32,
   * D = 20 + 12 + 3 = 35. */
  rx_test_add_measure (td, "test_qpi_range",
    "{\"name\": \"qpi range\", \"numerator_type\": \"bnf_items\","
    " \"numerator_bnf_codes_filter\": [\"0501013B0AAABAB\"],"
    " \"numerator_quantity_per_item\": {\"ge\": 7, \"lt\": 30},"
    " \"denominator_type\": \"bnf_items\", \"denominator_bnf_codes_filter\": [\"0501013B0AAABAB\"],"
    " \"denominator_quantity_per_item\": {\"ge\": 15},"
    " \"is_percentage\": true, \"is_cost_based\": false, \"low_is_good\": true}");
  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "test_qpi_range", RX_ORG_PRACTICE, 0, 0);
    /* 32 / 35 = 0.9142857142857143 (hand: 0.914285714285714285…, nearest double). */
    int row = rx_test_value_row (v, "C00001", "2024-01-01");
    rx_assert_cell (v, row, "numerator", "32");
    rx_assert_cell (v, row, "denominator", "35");
    ck_assert (g_ascii_strtod (rx_test_csv_get (v, row, "calc_value"), NULL) == 32.0 / 35.0);
  }
}
END_TEST

/* ------------------------------------------------------------------ */
/* TC7 — formula B, desogestrel (§5.5)                                   */

START_TEST (test_tc7_desogestrel)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) epraccur = g_string_new (NULL);
  g_autoptr(GString) aug = rx_test_epd_new ();
  g_autoptr(RxTestCsv) v = NULL;
  g_autoptr(RxTestCsv) d = NULL;
  int row;

  /*
   * A81001, August 2018: branded 0703021Q0BB… 61 items × 28 = 1708 for
   * £107.29460 actual cost; generic 9 × 28 = 252 for £7.68707; D = 1960,
   * Dc = 114.98167.  NIC differs from actual cost: formula B uses actual
   * cost.  Ten peers make P10 = 1/58: with n = 11, h = 10, P10 = x[1]; D00001
   * is 0 (generic only), D00002 is 1/58 (1 branded of 58), D00003–D00010
   * are 0.5, A81001 is 1708/1960.
   */
  rx_test_epraccur_row (epraccur, "A81001", "THE DENSHAM SURGERY", "16C", 'A', "", 4);
  rx_test_epd_row (aug, 201808, "A81001", "16C00", "0703021Q0BBAAAA", 28000, 61, "150.00", "107.29460");
  rx_test_epd_row (aug, 201808, "A81001", "16C00", "0703021Q0AAAAAA", 28000, 9, "9.99", "7.68707");
  for (int i = 1; i <= 10; i++)
    {
      g_autofree char *code = g_strdup_printf ("D%05d", i);
      rx_test_epraccur_row (epraccur, code, code, "16C", 'A', "", 4);
      if (i == 1)
        rx_test_epd_row (aug, 201808, code, "16C00", "0703021Q0AAAAAA", 100000, 1, "3.00", "2.50000");
      else if (i == 2)
        {
          rx_test_epd_row (aug, 201808, code, "16C00", "0703021Q0BBAAAA", 1000, 1, "0.10", "0.09000");
          rx_test_epd_row (aug, 201808, code, "16C00", "0703021Q0AAAAAA", 57000, 1, "1.70", "1.60000");
        }
      else
        {
          rx_test_epd_row (aug, 201808, code, "16C00", "0703021Q0BBAAAA", 50000, 1, "4.40", "4.00000");
          rx_test_epd_row (aug, 201808, code, "16C00", "0703021Q0AAAAAA", 50000, 1, "1.50", "1.40000");
        }
    }
  rx_test_import (td, "epraccur.csv", epraccur);
  rx_test_import (td, "epd_201808.csv", aug);

  d = rx_test_export_deciles (td, "desogestrel", RX_ORG_PRACTICE, 0, 0);
  rx_assert_cell (d, 0, "p10", "0.017241379310344827");
  v = rx_test_export_values (td, "desogestrel", RX_ORG_PRACTICE, 0, 0);
  row = rx_test_value_row (v, "A81001", "2018-08-01");
  rx_assert_cell (v, row, "numerator", "1708");
  rx_assert_cell (v, row, "denominator", "1960");
  rx_assert_cell_rel (v, row, "cost_saving_10", 54.10133693989077, 1e-12);
}
END_TEST

/* ------------------------------------------------------------------ */
/* TC8 — formula B fallbacks, positive-only totals                       */

static const char brand_share[] =
  "{\"name\": \"Branded atorvastatin\", \"numerator_type\": \"bnf_quantity\","
  " \"numerator_bnf_codes_filter\": [\"0212000B0B # branded\"],"
  " \"denominator_type\": \"bnf_quantity\", \"denominator_bnf_codes_filter\": [\"0212000B0\"],"
  " \"is_percentage\": true, \"is_cost_based\": true, \"low_is_good\": true}";

START_TEST (test_tc8_formula_b)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) epraccur = g_string_new (NULL);
  g_autoptr(GString) map = rx_test_org_map_new ();
  g_autoptr(GString) jan = rx_test_epd_new ();
  g_autoptr(RxTestCsv) v = NULL;
  g_autoptr(RxTestCsv) d = NULL;
  g_autoptr(RxTestCsv) e = NULL;
  static const char * const want_deciles[9] = {
    "0.05", "0.1", "0.15", "0.2", "0.25", "0.4", "0.55", "0.7", "0.8500000000000001",
  };
  static const char * const want_a[9] = {
    "32", "24", "16", "8", "0", "-24", "-48", "-72", "-96.00000000000003",
  };
  static const char * const want_c[9] = {
    "23.37", "22.14", "20.91", "19.68", "18.45", "14.76", "11.07", "7.379999999999999",
    "3.6899999999999977",
  };
  int a, b, c;

  /*
   *       Nq  Nc  Dq   Dc   r
   *   A  100  50  400  80   0.25   brand 100 for £50, generic 300 for £30
   *   B    0   0  200  24   0      generic only
   *   C   50  30   50  30   1      brand only
   * (quantities as 10 items × qpi; NIC deliberately differs from cost.)
   */
  rx_test_epraccur_row (epraccur, "E00001", "PRACTICE A", "16C", 'A', "", 4);
  rx_test_epraccur_row (epraccur, "E00002", "PRACTICE B", "16C", 'A', "", 4);
  rx_test_epraccur_row (epraccur, "E00003", "PRACTICE C", "16C", 'A', "", 4);
  for (int i = 1; i <= 3; i++)
    {
      g_autofree char *code = g_strdup_printf ("E0000%d", i);
      rx_test_org_map_row (map, code, code, "U00001", "16C", "QHM", "Y63");
    }
  rx_test_epd_row (jan, 202401, "E00001", "16C00", "0212000B0BBABAB", 10000, 10, "55.00", "50.00000");
  rx_test_epd_row (jan, 202401, "E00001", "16C00", "0212000B0AAABAB", 30000, 10, "33.00", "30.00000");
  rx_test_epd_row (jan, 202401, "E00002", "16C00", "0212000B0AAABAB", 20000, 10, "26.00", "24.00000");
  rx_test_epd_row (jan, 202401, "E00003", "16C00", "0212000B0BBABAB", 5000, 10, "33.00", "30.00000");
  rx_test_import (td, "epraccur.csv", epraccur);
  rx_test_import (td, "map.csv", map);
  rx_test_import (td, "epd_202401.csv", jan);
  {
    /* 2024-02: nobody bought the brand, so cn = 0/0 is undefined; every
     * practice needs it (Nq = 0): every Sk NULL, though Pk = 0 is not, so
     * the totals are sums of nothing, 0. */
    g_autoptr(GString) feb = rx_test_epd_new ();
    rx_test_epd_row (feb, 202402, "E00001", "16C00", "0212000B0AAABAB", 10000, 10, "11.00", "10.00000");
    rx_test_epd_row (feb, 202402, "E00002", "16C00", "0212000B0AAABAB", 10000, 5, "6.00", "5.00000");
    rx_test_import (td, "epd_202402.csv", feb);
  }
  rx_test_add_measure (td, "test_brand_share", brand_share);
  {
    g_autoptr(RxTestCsv) fv = rx_test_export_values (td, "test_brand_share", RX_ORG_PRACTICE, 202402, 202402);
    g_autoptr(RxTestCsv) fe = rx_test_export_values (td, "test_brand_share", RX_ORG_ENGLAND, 202402, 202402);
    ck_assert_int_eq (fv->rows->len, 2);
    for (guint i = 0; i < fv->rows->len; i++)
      {
        rx_assert_cell (fv, i, "calc_value", "0");
        assert_savings_empty (fv, i);
      }
    for (int k = 0; k < 9; k++)
      rx_assert_cell (fe, 0, rx_test_saving_columns[k], "0");
  }

  d = rx_test_export_deciles (td, "test_brand_share", RX_ORG_PRACTICE, 0, 0);
  assert_decile_row (d, "2024-01-01", want_deciles);

  v = rx_test_export_values (td, "test_brand_share", RX_ORG_PRACTICE, 202401, 202401);
  a = rx_test_value_row (v, "E00001", "2024-01-01");
  b = rx_test_value_row (v, "E00002", "2024-01-01");
  c = rx_test_value_row (v, "E00003", "2024-01-01");
  assert_value (v, "E00001", "2024-01-01", "100", "400", "0.25", "50");
  assert_value (v, "E00002", "2024-01-01", "0", "200", "0", "0");
  assert_value (v, "E00003", "2024-01-01", "50", "50", "1", "100");
  for (int k = 0; k < 9; k++)
    {
      rx_assert_cell (v, a, rx_test_saving_columns[k], want_a[k]);
      rx_assert_cell (v, c, rx_test_saving_columns[k], want_c[k]);
    }
  /* B bought no brand: un = cn = 80/150. */
  rx_assert_cell (v, b, "cost_saving_10", "-4.133333333333333");
  rx_assert_cell (v, b, "cost_saving_50", "-20.66666666666667");

  /* The england row carries T(practice, k) = Σ max(0, Sk): A and C only. */
  e = rx_test_export_values (td, "test_brand_share", RX_ORG_ENGLAND, 202401, 202401);
  rx_assert_cell_abs (e, 0, "cost_saving_10", 55.370000000000005, 1e-9);
  rx_assert_cell_abs (e, 0, "cost_saving_20", 46.14, 1e-9);
  rx_assert_cell_abs (e, 0, "cost_saving_50", 18.45, 1e-9);
  rx_assert_cell_abs (e, 0, "cost_saving_90", 3.6899999999999977, 1e-9);
  /* T60 = A's −24 left out, C's 14.76 only (hand). */
  rx_assert_cell_abs (e, 0, "cost_saving_60", 14.76, 1e-9);

  /* A PCN of all three: its own deciles (n = 1) are its ratio 150/650, and
   * buying Pk·Dq = 150 units at its own numerator price 80/150 and 500 at
   * its remainder price 54/500 costs its actual 134: Sk = 0 (hand). */
  {
    g_autoptr(RxTestCsv) p = rx_test_export_values (td, "test_brand_share", RX_ORG_PCN, 202401, 202401);
    for (int k = 0; k < 9; k++)
      rx_assert_cell_abs (p, 0, rx_test_saving_columns[k], 0.0, 1e-9);
  }
}
END_TEST

/* ------------------------------------------------------------------ */
/* TC9 — formula A                                                       */

static const char cost_per_list[] =
  "{\"name\": \"Antibacterial spend per 1,000 patients\", \"numerator_type\": \"bnf_cost\","
  " \"numerator_bnf_codes_filter\": [\"0501\"], \"denominator_type\": \"list_size\","
  " \"is_percentage\": false, \"is_cost_based\": true, \"low_is_good\": true}";

START_TEST (test_tc9_formula_a)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) epraccur = g_string_new (NULL);
  g_autoptr(GString) jan = rx_test_epd_new ();
  g_autoptr(GString) list = rx_test_list_all_new ();
  g_autoptr(RxTestCsv) v = NULL;
  g_autoptr(RxTestCsv) d = NULL;
  g_autoptr(RxTestCsv) e = NULL;
  static const char * const want_deciles[9] = { "3", "6", "9", "14", "20", "26", "32", "38", "44" };
  static const char * const want_s10[5] = { "235", "81", "28", "-6", "" };
  static const char * const want_s70[5] = { "90", "-6", "-88", "-64", "" };
  const char *codes[5] = { "F00001", "F00002", "F00003", "F00004", "F00005" };

  /* Q1 £250 / 5,000, Q2 £90 / 3,000, Q3 £40 / 4,000, Q4 £0 / 2,000 (other
   * prescribing), Q5 £30 / none.  NIC is not what counts. */
  for (int i = 0; i < 5; i++)
    rx_test_epraccur_row (epraccur, codes[i], codes[i], "16C", 'A', "", 4);
  rx_test_epd_row (jan, 202401, "F00001", "16C00", "0501013B0AAABAB", 15000, 10, "300.00", "250.00000");
  rx_test_epd_row (jan, 202401, "F00002", "16C00", "0501013B0AAABAB", 15000, 4, "99.00", "90.00000");
  rx_test_epd_row (jan, 202401, "F00003", "16C00", "0501013B0AAABAB", 15000, 2, "45.00", "40.00000");
  rx_test_epd_row (jan, 202401, "F00004", "16C00", RX_TEST_ATORVASTATIN, 28000, 2, "5.00", "4.00000");
  rx_test_epd_row (jan, 202401, "F00005", "16C00", "0501013B0AAABAB", 15000, 1, "33.00", "30.00000");
  rx_test_list_all_row (list, 202401, "F00001", "16C", 5000);
  rx_test_list_all_row (list, 202401, "F00002", "16C", 3000);
  rx_test_list_all_row (list, 202401, "F00003", "16C", 4000);
  rx_test_list_all_row (list, 202401, "F00004", "16C", 2000);
  rx_test_import (td, "epraccur.csv", epraccur);
  rx_test_import (td, "gp-reg-pat-prac-all.csv", list);
  rx_test_import (td, "epd_202401.csv", jan);
  rx_test_add_measure (td, "test_cost_per_list", cost_per_list);

  d = rx_test_export_deciles (td, "test_cost_per_list", RX_ORG_PRACTICE, 0, 0);
  assert_decile_row (d, "2024-01-01", want_deciles);
  v = rx_test_export_values (td, "test_cost_per_list", RX_ORG_PRACTICE, 0, 0);
  assert_value (v, "F00001", "2024-01-01", "250", "5", "50", "100");
  assert_value (v, "F00002", "2024-01-01", "90", "3", "30", "66.66666666666666");
  assert_value (v, "F00003", "2024-01-01", "40", "4", "10", "33.33333333333333");
  assert_value (v, "F00004", "2024-01-01", "0", "2", "0", "0");
  assert_value (v, "F00005", "2024-01-01", "30", "0", "", "");
  for (int i = 0; i < 5; i++)
    {
      int row = rx_test_value_row (v, codes[i], "2024-01-01");
      rx_assert_cell (v, row, "cost_saving_10", want_s10[i]);
      rx_assert_cell (v, row, "cost_saving_70", want_s70[i]);
    }
  /* Q5: NULL ratio, every saving NULL (OP would credit £30, §10). */
  assert_savings_empty (v, rx_test_value_row (v, "F00005", "2024-01-01"));

  e = rx_test_export_values (td, "test_cost_per_list", RX_ORG_ENGLAND, 0, 0);
  /* England: N = 410 (Q5's £30 counts), D = 14. */
  rx_assert_cell (e, 0, "numerator", "410");
  rx_assert_cell (e, 0, "denominator", "14");
  rx_assert_cell (e, 0, "cost_saving_10", "344");
  rx_assert_cell (e, 0, "cost_saving_40", "228");
  rx_assert_cell (e, 0, "cost_saving_70", "90");
  rx_assert_cell (e, 0, "cost_saving_90", "30");
}
END_TEST

/* ------------------------------------------------------------------ */
/* TC12 — prescribing units                                              */

START_TEST (test_tc12_prescribing_units)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) epraccur = g_string_new (NULL);
  g_autoptr(GString) jan = rx_test_epd_new ();
  g_autoptr(GString) quin = rx_test_list_quinary_new ();
  g_autoptr(GString) all = rx_test_list_all_new ();
  /* The nine bands split over the 20 quinary bands: 5–14 = 5_9 + 10_14 …,
   * 75+ = 75_79 + 80_84 + 85_89 + 90_94 + 95+. */
  static const char * const quinary[20] = {
    "0_4", "5_9", "10_14", "15_19", "20_24", "25_29", "30_34", "35_39", "40_44", "45_49",
    "50_54", "55_59", "60_64", "65_69", "70_74", "75_79", "80_84", "85_89", "90_94", "95+",
  };
  static const gint64 male[20] = {
    120, 125, 125, 150, 150, 200, 200, 190, 190, 175, 175, 150, 150, 110, 110, 50, 40, 30, 20, 10,
  };
  static const gint64 female[20] = {
    110, 120, 120, 160, 160, 210, 210, 195, 195, 170, 170, 155, 155, 120, 120, 70, 60, 40, 30, 10,
  };
  gint64 total = 0;

  for (int i = 0; i < 20; i++)
    {
      rx_test_list_quinary_row (quin, 202401, "G00001", "MALE", quinary[i], male[i]);
      rx_test_list_quinary_row (quin, 202401, "G00001", "FEMALE", quinary[i], female[i]);
      total += male[i] + female[i];
    }
  ck_assert_int_eq (total, 5050);
  rx_test_list_quinary_row (quin, 202401, "G00001", "ALL", "ALL", 5050);
  /* G00002 has only an all-ages list size: no prescribing units.  G00003
   * has quinary bands but no ALL/ALL row: L is the sum of its bands. */
  rx_test_list_all_row (all, 202401, "G00002", "16C", 3000);
  rx_test_list_quinary_row (quin, 202401, "G00003", "MALE", "0_4", 600);
  rx_test_list_quinary_row (quin, 202401, "G00003", "FEMALE", "0_4", 400);

  rx_test_epraccur_row (epraccur, "G00001", "TC12 PRACTICE", "16C", 'A', "", 4);
  rx_test_epraccur_row (epraccur, "G00002", "NO BANDS", "16C", 'A', "", 4);
  rx_test_epraccur_row (epraccur, "G00003", "BANDS ONLY", "16C", 'A', "", 4);
  rx_test_epd_row (jan, 202401, "G00003", "16C00", "0501013B0AAABAB", 21000, 5, "6.00", "5.00000");
  /* 300 antibacterial items for £1,500 actual cost. */
  rx_test_epd_row (jan, 202401, "G00001", "16C00", "0501013B0AAABAB", 21000, 200, "1100.00", "1000.00000");
  rx_test_epd_row (jan, 202401, "G00001", "16C00", "0501030I0AAABAB", 8000, 100, "600.00", "500.00000");
  rx_test_epd_row (jan, 202401, "G00002", "16C00", "0501013B0AAABAB", 21000, 50, "60.00", "50.00000");
  rx_test_import (td, "epraccur.csv", epraccur);
  rx_test_import (td, "gp-reg-pat-prac-quin-age.csv", quin);
  rx_test_import (td, "gp-reg-pat-prac-all.csv", all);
  rx_test_import (td, "epd_202401.csv", jan);

  rx_test_add_measure (td, "test_astro_items",
    "{\"name\": \"items per ASTRO-PU\", \"numerator_type\": \"bnf_items\","
    " \"numerator_bnf_codes_filter\": [\"0501\"], \"denominator_type\": \"astro_pu_items\","
    " \"is_percentage\": false, \"is_cost_based\": false, \"low_is_good\": true}");
  rx_test_add_measure (td, "test_astro_cost",
    "{\"name\": \"cost per ASTRO-PU\", \"numerator_type\": \"bnf_cost\","
    " \"numerator_bnf_codes_filter\": [\"0501\"], \"denominator_type\": \"astro_pu_cost\","
    " \"is_percentage\": false, \"is_cost_based\": false, \"low_is_good\": true}");
  rx_test_add_measure (td, "test_star",
    "{\"name\": \"items per STAR-PU\", \"numerator_type\": \"bnf_items\","
    " \"numerator_bnf_codes_filter\": [\"0501\"], \"denominator_type\": \"star_pu_antibiotics\","
    " \"is_percentage\": false, \"is_cost_based\": false, \"low_is_good\": true}");
  rx_test_add_measure (td, "test_list", items_0501_per_1000);

  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "test_astro_items", RX_ORG_PRACTICE, 0, 0);
    int row = rx_test_value_row (v, "G00001", "2024-01-01");
    rx_assert_cell (v, row, "numerator", "300");
    /* D = PU / 1000.0. */
    rx_assert_cell_rel (v, row, "denominator", 62394.94204140325 / 1000.0, 1e-12);
    rx_assert_cell_rel (v, row, "calc_value", 4.808082036536388, 1e-12);
    /* Without quinary bands, D = 0 and r NULL: nothing estimated. */
    assert_value (v, "G00002", "2024-01-01", "50", "0", "", "");
  }
  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "test_astro_cost", RX_ORG_PRACTICE, 0, 0);
    int row = rx_test_value_row (v, "G00001", "2024-01-01");
    rx_assert_cell (v, row, "numerator", "1500");
    rx_assert_cell_rel (v, row, "denominator", 17566.439441852275 / 1000.0, 1e-12);
    rx_assert_cell_rel (v, row, "calc_value", 85.39009882823665, 1e-12);
  }
  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "test_star", RX_ORG_PRACTICE, 0, 0);
    int row = rx_test_value_row (v, "G00001", "2024-01-01");
    /* STAR-PU is not divided. */
    rx_assert_cell_rel (v, row, "denominator", 2814.1675453603143, 1e-12);
    rx_assert_cell_rel (v, row, "calc_value", 0.1066034609398458, 1e-12);
    /* Small (display only): STAR-PU below 1,000.  G00003's is
     * 0.8377155655095184 × 600 + 0.7652339111849917 × 400 ≈ 808.7. */
    ck_assert_int_eq (stored_small (td, "test_star", "G00001", 202401), 0);
    ck_assert_int_eq (stored_small (td, "test_star", "G00003", 202401), 1);
    /* ASTRO-PU: below 1,000 units, D < 1.0; G00003's ≈ 4954.7 is not. */
    ck_assert_int_eq (stored_small (td, "test_astro_items", "G00003", 202401), 0);
  }
  {
    /* G00003: 600 boys and 400 girls aged 0–4, male product first (§7.2). */
    const double pu3 = 5.20981299276732 * 600 + 4.57209109157611 * 400;
    /* Rollups sum practice PU in code order, then scale: G00001's and
     * G00003's (G00002 adds its 50 items to N only). */
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "test_astro_items", RX_ORG_SUB_ICB, 0, 0);
    g_autoptr(RxTestCsv) p = rx_test_export_values (td, "test_astro_items", RX_ORG_PRACTICE, 0, 0);
    rx_assert_cell (v, 0, "numerator", "355");
    rx_assert_cell_rel (v, 0, "denominator", (62394.94204140325 + pu3) / 1000.0, 1e-12);
    rx_assert_cell_rel (p, rx_test_value_row (p, "G00003", "2024-01-01"), "denominator", pu3 / 1000.0, 1e-12);
  }
  {
    /* The quinary file's ALL/ALL total is the list size: 5050 / 1000.0. */
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "test_list", RX_ORG_PRACTICE, 0, 0);
    assert_value (v, "G00001", "2024-01-01", "300", "5.05", "59.40594059405941", "100");
    assert_value (v, "G00002", "2024-01-01", "50", "3", "16.666666666666668", "50");
    /* 600 + 400 patients: D = 1, r = 5. */
    assert_value (v, "G00003", "2024-01-01", "5", "1", "5", "0");
  }
}
END_TEST

/* ------------------------------------------------------------------ */
/* Who is a practice, and when values are recomputed                     */

/* Before any epraccur (data-formats.md §7): practices listed in an org
 * map or list-size file are the peers; with neither, every identified cost
 * centre. */
START_TEST (test_population_without_epraccur)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) jan = rx_test_epd_new ();
  g_autoptr(GString) map = rx_test_org_map_new ();

  rx_test_epd_row (jan, 202401, "H00001", "16C00", RX_TEST_TRIMETHOPRIM, 6000, 1, "1.00", "1.00000");
  rx_test_epd_row (jan, 202401, "H00002", "16C00", RX_TEST_NITROFURANTOIN, 12000, 1, "1.00", "1.00000");
  rx_test_epd_row (jan, 202401, "H00003", "16C00", RX_TEST_TRIMETHOPRIM, 6000, 3, "1.00", "1.00000");
  rx_test_import (td, "epd_202401.csv", jan);
  {
    /* Neither: all three count; England N = 4, D = 5. */
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "trimethoprim", RX_ORG_PRACTICE, 0, 0);
    ck_assert_int_eq (v->rows->len, 3);
    g_autoptr(RxTestCsv) e = rx_test_export_values (td, "trimethoprim", RX_ORG_ENGLAND, 0, 0);
    assert_value (e, "england", "2024-01-01", "4", "5", "0.8", "");
  }
  rx_test_org_map_row (map, "H00001", "H00001", "U00001", "16C", "QHM", "Y63");
  rx_test_org_map_row (map, "H00002", "H00002", "U00001", "16C", "QHM", "Y63");
  rx_test_import (td, "map.csv", map);
  {
    /* Listed in the map: H00001 and H00002 only; N = 1, D = 2. */
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "trimethoprim", RX_ORG_PRACTICE, 0, 0);
    ck_assert_int_eq (v->rows->len, 2);
    ck_assert_int_eq (rx_test_csv_find (v, "org_code", "H00003", NULL, NULL), -1);
    g_autoptr(RxTestCsv) e = rx_test_export_values (td, "trimethoprim", RX_ORG_ENGLAND, 0, 0);
    assert_value (e, "england", "2024-01-01", "1", "2", "0.5", "");
  }
}
END_TEST

/* §3.3: an org-map that changes links recomputes every month; the current
 * links apply to all of them. */
START_TEST (test_relink_recomputes)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) map = rx_test_org_map_new ();

  rx_test_load_tc1 (td);
  /* P4 moves to U00001 in a newer map. */
  for (int i = 1; i <= 6; i++)
    {
      g_autofree char *code = g_strdup_printf ("A0000%d", i);
      rx_test_org_map_row_dated (map, "2024-05-01", code, code, i == 5 ? "" : "U00001", "16C", "QHM", "Y63");
    }
  rx_test_import (td, "gp-reg-pat-prac-map-may.csv", map);
  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "trimethoprim", RX_ORG_PCN, 202401, 202401);
    /* U00001 = P1–P4: 45 / 140; a single PCN: percentile 0. */
    ck_assert_int_eq (v->rows->len, 1);
    assert_value (v, "U00001", "2024-01-01", "45", "140", "0.32142857142857145", "0");
  }
}
END_TEST

/* cli.md import: a prescribing month imported again is replaced whole, and
 * its values with it. */
START_TEST (test_month_replaced)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();
  g_autoptr(GString) jan = rx_test_epd_new ();

  rx_test_load_tc1 (td);
  /* New January: P1 3 of 4, P2 1 of 4. */
  rx_test_epd_row (jan, 202401, "A00001", "16C00", RX_TEST_TRIMETHOPRIM, 6000, 3, "1.00", "1.00000");
  rx_test_epd_row (jan, 202401, "A00001", "16C00", RX_TEST_NITROFURANTOIN, 12000, 1, "1.00", "1.00000");
  rx_test_epd_row (jan, 202401, "A00002", "16C00", RX_TEST_TRIMETHOPRIM, 6000, 1, "1.00", "1.00000");
  rx_test_epd_row (jan, 202401, "A00002", "16C00", RX_TEST_NITROFURANTOIN, 12000, 3, "1.00", "1.00000");
  rx_test_import (td, "epd_202401_v2.csv", jan);
  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "trimethoprim", RX_ORG_PRACTICE, 202401, 202401);
    ck_assert_int_eq (v->rows->len, 2);
    assert_value (v, "A00001", "2024-01-01", "3", "4", "0.75", "100");
    assert_value (v, "A00002", "2024-01-01", "1", "4", "0.25", "0");
  }
  {
    /* February is untouched. */
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "trimethoprim", RX_ORG_PRACTICE, 202402, 202402);
    ck_assert_int_eq (v->rows->len, 5);
  }
}
END_TEST

/* §2.4–2.5: nothing is clamped (r > 1 with a numerator outside the
 * denominator), an empty denominator set gives D = 0 everywhere. */
START_TEST (test_unclamped_and_empty)
{
  g_autoptr(RxTestData) td = rx_test_data_new ();

  rx_test_load_tc1 (td);
  /* Trimethoprim items over nitrofurantoin items only: P1 10/30, P4 30/30,
   * P3 5/15; P2 0/20. */
  rx_test_add_measure (td, "test_outside",
    "{\"name\": \"outside\", \"numerator_type\": \"bnf_items\","
    " \"numerator_bnf_codes_filter\": [\"0501080W0\", \"0501130R0\"],"
    " \"denominator_type\": \"bnf_items\", \"denominator_bnf_codes_filter\": [\"0501130R0\"],"
    " \"is_percentage\": true, \"is_cost_based\": false, \"low_is_good\": true}");
  rx_test_add_measure (td, "test_empty",
    "{\"name\": \"empty\", \"numerator_type\": \"bnf_items\","
    " \"numerator_bnf_codes_filter\": [\"0501080W0\"],"
    " \"denominator_type\": \"bnf_items\", \"denominator_bnf_codes_filter\": [\"# nothing\"],"
    " \"is_percentage\": true, \"is_cost_based\": false, \"low_is_good\": true}");
  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "test_outside", RX_ORG_PRACTICE, 202401, 202401);
    /* P4: (30 + 30) / 30 = 2; P1 40/30 = 1.3333333333333333. */
    assert_value (v, "A00004", "2024-01-01", "60", "30", "2", "100");
    ck_assert (g_ascii_strtod (rx_test_csv_get (v, rx_test_value_row (v, "A00001", "2024-01-01"),
                                                "calc_value"), NULL) == 40.0 / 30.0);
  }
  {
    g_autoptr(RxTestCsv) v = rx_test_export_values (td, "test_empty", RX_ORG_PRACTICE, 202401, 202401);
    assert_value (v, "A00001", "2024-01-01", "10", "0", "", "");
    assert_value (v, "A00004", "2024-01-01", "30", "0", "", "");
  }
}
END_TEST

static Suite *
compute_suite (void)
{
  Suite *s = suite_create ("compute");
  TCase *tc;

  tc = tcase_create ("tc1-tc3");
  tcase_add_test (tc, test_tc1_practices);
  tcase_add_test (tc, test_tc1_deciles);
  tcase_add_test (tc, test_tc1_pcns);
  tcase_add_test (tc, test_tc1_tc2_rollups);
  tcase_add_test (tc, test_tc3_all_null);
  suite_add_tcase (s, tc);

  tc = tcase_create ("tc4");
  tcase_add_test (tc, test_tc4_list_size);
  tcase_add_test (tc, test_tc4_months);
  suite_add_tcase (s, tc);

  tc = tcase_create ("tc6");
  tcase_add_test (tc, test_tc6_qpi);
  suite_add_tcase (s, tc);

  tc = tcase_create ("savings");
  tcase_add_test (tc, test_tc7_desogestrel);
  tcase_add_test (tc, test_tc8_formula_b);
  tcase_add_test (tc, test_tc9_formula_a);
  suite_add_tcase (s, tc);

  tc = tcase_create ("tc12");
  tcase_add_test (tc, test_tc12_prescribing_units);
  suite_add_tcase (s, tc);

  tc = tcase_create ("population");
  tcase_add_test (tc, test_population_without_epraccur);
  tcase_add_test (tc, test_relink_recomputes);
  tcase_add_test (tc, test_month_replaced);
  tcase_add_test (tc, test_unclamped_and_empty);
  suite_add_tcase (s, tc);

  return s;
}

RX_TEST_MAIN (compute_suite)
