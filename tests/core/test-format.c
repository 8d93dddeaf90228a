// SPDX-License-Identifier: GPL-3.0-or-later
//
// Tests for rx-format: field parsing (data-formats.md §5, traps 5, 13, 17)
// and number and CSV writing (cli.md, "CSV written"). Expected values are
// worked out by hand or from published facts (SNOMED CT concept ids), never
// copied from the program's output.

#define G_LOG_DOMAIN "test-format"

#include "config.h"

#include <check.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "rx-format.h"

/* Helpers */

/* Each field is copied into a heap block of exactly its length, without a
 * NUL, so AddressSanitizer catches a parser reading past the field. */
static char *
exact_copy (const char *text,
            gsize       len)
{
  return len > 0 ? g_memdup2 (text, len) : NULL;
}

static gboolean
whole (const char *text,
       gint64     *out)
{
  gsize len = strlen (text);
  g_autofree char *field = exact_copy (text, len);

  return rx_parse_whole (field, len, out);
}

static gboolean
decimal (const char *text,
         guint       scale,
         gint64     *out,
         gboolean   *rounded)
{
  gsize len = strlen (text);
  g_autofree char *field = exact_copy (text, len);

  return rx_parse_decimal (field, len, scale, out, rounded);
}

static gboolean
month (const char *text,
       gint       *out)
{
  gsize len = strlen (text);
  g_autofree char *field = exact_copy (text, len);

  return rx_parse_month (field, len, out);
}

static gboolean
date (const char *text,
      gint        ymd[3])
{
  gsize len = strlen (text);
  g_autofree char *field = exact_copy (text, len);

  return rx_parse_date (field, len, &ymd[0], &ymd[1], &ymd[2]);
}

static gboolean
flag (const char *text,
      gboolean   *out)
{
  gsize len = strlen (text);
  g_autofree char *field = exact_copy (text, len);

  return rx_parse_flag (field, len, out);
}

static gboolean
snomed (const char *text,
        char        out[19])
{
  gsize len = strlen (text);
  g_autofree char *field = exact_copy (text, len);

  return rx_parse_snomed (field, len, out);
}

static gboolean
ods (const char *text,
     char       *out,
     gsize       out_size)
{
  gsize len = strlen (text);
  g_autofree char *field = exact_copy (text, len);

  return rx_parse_ods_code (field, len, out, out_size);
}

static char *
to_utf8 (const char *text,
         gsize       len)
{
  g_autofree char *field = exact_copy (text, len);

  return rx_text_to_utf8 (field, len);
}

/* Programmer errors (g_return_if_fail) are counted instead of printed, and
 * made non-fatal in case the suite runs under G_DEBUG=fatal-criticals. */
static guint n_criticals;

static void
count_critical (const char     *domain G_GNUC_UNUSED,
                GLogLevelFlags  level G_GNUC_UNUSED,
                const char     *message G_GNUC_UNUSED,
                gpointer        user_data G_GNUC_UNUSED)
{
  n_criticals++;
}

static guint
catch_criticals (void)
{
  n_criticals = 0;
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_log_set_fatal_mask ("rx-format", G_LOG_FATAL_MASK);
  return g_log_set_handler ("rx-format", G_LOG_LEVEL_CRITICAL, count_critical, NULL);
}

/* Whole numbers */

START_TEST (test_whole_accepts)
{
  static const struct { const char *text; gint64 value; } cases[] = {
    { "0", 0 },
    { "7", 7 },
    { "0000001", 1 },
    { "-3", -3 },
    { "-0", 0 },
    { "2.0", 2 },
    { "2.000", 2 },
    { "-4.0", -4 },
    { "  12 ", 12 },
    { "\t12\t", 12 },
    { " \t 42 \t", 42 },
    { "1234567890123", 1234567890123 },
    { "000000000000000000000000000123", 123 },
    { "9223372036854775807", G_MAXINT64 },
    { "-9223372036854775808", G_MININT64 },
    { "9223372036854775807.0", G_MAXINT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 v = 77;

      ck_assert_msg (whole (cases[i].text, &v), "\"%s\" rejected", cases[i].text);
      ck_assert_msg (v == cases[i].value, "\"%s\" gave %" G_GINT64_FORMAT,
                     cases[i].text, v);
    }
}
END_TEST

START_TEST (test_whole_rejects)
{
  static const char * const cases[] = {
    "", " ", "\t", "-", "2.5", "2.01", "2.", ".0", "-.0", "1e3", "1E3", "1,000",
    "\xC2\xA3" "1", "+1", "1 000", "12a", "a12", "0x10", "--1", "- 1", "1-",
    "2.0.0", "12\n", "9223372036854775808", "-9223372036854775809",
    "99999999999999999999", "18446744073709551616",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 v = 77;

      ck_assert_msg (!whole (cases[i], &v), "\"%s\" accepted", cases[i]);
      ck_assert_msg (v == 77, "\"%s\" wrote the output on failure", cases[i]);
    }
}
END_TEST

START_TEST (test_whole_stops_at_len)
{
  gint64 v = 0;

  /* Fields come from inside a line: the parser must look at len bytes only. */
  ck_assert (rx_parse_whole ("12345", 3, &v));
  ck_assert_int_eq (v, 123);
  ck_assert (rx_parse_whole ("12,34", 2, &v));
  ck_assert_int_eq (v, 12);
  ck_assert (rx_parse_whole ("2.0x", 3, &v));
  ck_assert_int_eq (v, 2);
  ck_assert (!rx_parse_whole ("12", 0, &v));
  ck_assert (!rx_parse_whole (NULL, 0, &v));
}
END_TEST

/* Decimals */

START_TEST (test_decimal_accepts)
{
  static const struct
  {
    const char *text;
    guint scale;
    gint64 value;
    gboolean rounded;
  } cases[] = {
    { "00000000.64", 2, 64, FALSE },
    { "-1.005", 2, -101, TRUE },
    { "1.005", 2, 101, TRUE },
    { "1.004", 2, 100, TRUE },
    { "1.0049999", 2, 100, TRUE },
    { "12.34", 2, 1234, FALSE },
    { "12", 2, 1200, FALSE },
    { "12.3", 2, 1230, FALSE },
    { "0", 2, 0, FALSE },
    { "-0.00", 2, 0, FALSE },
    { "1.250", 2, 125, FALSE },          /* dropped zeros change nothing */
    { "0.995", 2, 100, TRUE },
    { "-0.995", 2, -100, TRUE },
    { "9.999", 2, 1000, TRUE },
    { "-0.001", 2, 0, TRUE },
    { "-0.005", 2, -1, TRUE },
    { " 3.5\t", 2, 350, FALSE },
    { "1.00000000000000000000000001", 2, 100, TRUE },
    { "60", 3, 60000, FALSE },
    { "2.5", 3, 2500, FALSE },
    { "0.0005", 3, 1, TRUE },
    { "0.0004", 3, 0, TRUE },
    { "1.23456", 5, 123456, FALSE },
    { "1.234565", 5, 123457, TRUE },
    { "1.234564", 5, 123456, TRUE },
    { "0.000005", 5, 1, TRUE },
    { "-0.000015", 5, -2, TRUE },
    { "7", 0, 7, FALSE },
    { "2.5", 0, 3, TRUE },
    { "-2.5", 0, -3, TRUE },
    { "2.4", 0, 2, TRUE },
    { "92233720368547758.07", 2, G_MAXINT64, FALSE },
    { "92233720368547758.074", 2, G_MAXINT64, TRUE },
    { "-92233720368547758.08", 2, G_MININT64, FALSE },
    { "9.223372036854775807", 18, G_MAXINT64, FALSE },
    { "1", 18, 1000000000000000000, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 v = 77;
      gboolean rounded = !cases[i].rounded;

      ck_assert_msg (decimal (cases[i].text, cases[i].scale, &v, &rounded),
                     "\"%s\" scale %u rejected", cases[i].text, cases[i].scale);
      ck_assert_msg (v == cases[i].value, "\"%s\" scale %u gave %" G_GINT64_FORMAT,
                     cases[i].text, cases[i].scale, v);
      ck_assert_msg (rounded == cases[i].rounded, "\"%s\" scale %u: rounded %d",
                     cases[i].text, cases[i].scale, rounded);
    }
}
END_TEST

START_TEST (test_decimal_rejects)
{
  static const struct { const char *text; guint scale; } cases[] = {
    { "", 2 }, { " ", 2 }, { "-", 2 }, { "5.", 2 }, { ".5", 2 }, { "-.5", 2 },
    { "1e3", 2 }, { "1E3", 2 }, { "1.5e2", 2 }, { "1,5", 2 }, { "1,000.00", 2 },
    { "\xC2\xA3" "1", 2 }, { "\xC2\xA3" "1.00", 2 }, { "+1", 2 }, { "1.2.3", 2 },
    { "1 .5", 2 }, { "1. 5", 2 }, { "12a", 2 }, { "nan", 2 }, { "inf", 2 },
    { "0x1p3", 2 }, { "--1", 2 },
    { "92233720368547758.08", 2 },
    { "-92233720368547758.09", 2 },
    { "92233720368547758.075", 2 },      /* rounding itself overflows */
    { "100000000000000000", 3 },         /* 10^17 × 10^3 */
    { "10", 18 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 v = 77;
      gboolean rounded = 7;

      ck_assert_msg (!decimal (cases[i].text, cases[i].scale, &v, &rounded),
                     "\"%s\" scale %u accepted", cases[i].text, cases[i].scale);
      ck_assert_msg (v == 77 && rounded == 7, "\"%s\" wrote outputs on failure",
                     cases[i].text);
    }
}
END_TEST

START_TEST (test_decimal_optional_rounded)
{
  gint64 v = 0;
  guint handler;

  ck_assert (decimal ("1.239", 2, &v, NULL));
  ck_assert_int_eq (v, 124);
  ck_assert (rx_parse_decimal ("3.14159", 4, 2, &v, NULL));
  ck_assert_int_eq (v, 314);

  /* 10^19 does not fit a gint64: a scale above 18 is a caller's mistake. */
  handler = catch_criticals ();
  ck_assert (!decimal ("1", 19, &v, NULL));
  ck_assert_uint_eq (n_criticals, 1);
  g_log_remove_handler ("rx-format", handler);
}
END_TEST

/* Months */

START_TEST (test_month)
{
  static const struct { const char *text; gint value; } good[] = {
    { "201904", 201904 },
    { "2026-07", 202607 },
    { "2016_01", 201601 },
    { " 201601 ", 201601 },
    { "\t2016-12\t", 201612 },
    { "200001", 200001 },
    { "209912", 209912 },
  };
  static const char * const bad[] = {
    "", "-", "202413", "202400", "2016-00", "2016_13", "1999-01", "199912",
    "210001", "2016-1", "20161", "2016011", "2016-01-01", "2016/01", "2016--01",
    "20-1601", "201-601", "2016 01", "abcdef", "-201601", "2016-0a", "201a01",
    "201601.0", "2016-\xC3\xA9",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint v = 0;

      ck_assert_msg (month (good[i].text, &v), "\"%s\" rejected", good[i].text);
      ck_assert_int_eq (v, good[i].value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint v = 77;

      ck_assert_msg (!month (bad[i], &v), "\"%s\" accepted", bad[i]);
      ck_assert_int_eq (v, 77);
    }
}
END_TEST

/* Dates */

START_TEST (test_date_accepts)
{
  static const struct { const char *text; gint y, m, d; } cases[] = {
    { "20170901", 2017, 9, 1 },
    { "19740401", 1974, 4, 1 },
    { "01SEP2017", 2017, 9, 1 },
    { "01sep2017", 2017, 9, 1 },
    { "01Jan2022", 2022, 1, 1 },
    { "04JAN2021", 2021, 1, 4 },
    { "15aPr2019", 2019, 4, 15 },
    { "01-Apr-17", 2017, 4, 1 },
    { "01-APR-2017", 2017, 4, 1 },
    { "31-dec-99", 2099, 12, 31 },
    { "2017-04-01", 2017, 4, 1 },
    { "01/04/11", 2011, 4, 1 },
    { "01/04/2011", 2011, 4, 1 },
    { "31/12/2010", 2010, 12, 31 },
    { "29FEB2024", 2024, 2, 29 },
    { "29-Feb-24", 2024, 2, 29 },
    { "20240229", 2024, 2, 29 },
    { "2000-02-29", 2000, 2, 29 },       /* divisible by 400: leap */
    { "31DEC2099", 2099, 12, 31 },
    { "30/04/20", 2020, 4, 30 },
    { "31MAY2020", 2020, 5, 31 },
    { " 01/04/11\t", 2011, 4, 1 },
    { "01MAR2021", 2021, 3, 1 },
    { "01JUN2021", 2021, 6, 1 },
    { "01JUL2021", 2021, 7, 1 },
    { "01AUG2021", 2021, 8, 1 },
    { "01OCT2021", 2021, 10, 1 },
    { "01NOV2021", 2021, 11, 1 },
    { "01FEB2021", 2021, 2, 1 },
    { "01MAY2021", 2021, 5, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint ymd[3] = { 0, 0, 0 };

      ck_assert_msg (date (cases[i].text, ymd), "\"%s\" rejected", cases[i].text);
      ck_assert_msg (ymd[0] == cases[i].y && ymd[1] == cases[i].m && ymd[2] == cases[i].d,
                     "\"%s\" gave %d-%d-%d", cases[i].text, ymd[0], ymd[1], ymd[2]);
    }
}
END_TEST

START_TEST (test_date_rejects)
{
  static const char * const cases[] = {
    "29Feb2023", "2023-02-29", "29/02/23", "29-Feb-23", "20230229",
    "1900-02-29",                        /* divisible by 100, not 400 */
    "2100-02-29", "20230230", "20231301", "20230001", "20230100", "00JAN2020",
    "32JAN2020", "31APR2020", "31-Apr-20", "31/06/2020", "01XYZ2020",
    "01-Sept-2017", "1-Apr-17", "01-Apr-017", "2017/04/01", "01.04.2017", "",
    " ", "-", "2017-4-1", "01APR17", "01/4/11", "1/04/11", "2017-04-01 00:00:00",
    "0000-01-01", "01-Apr17", "01Apr-17", "2O17-04-01", "201704", "2017-04",
    "01/04/011", "01-04-2017", "2017-04-01Z", "01\xC3\xA9" "ar2017",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint ymd[3] = { 7, 7, 7 };

      ck_assert_msg (!date (cases[i], ymd), "\"%s\" accepted", cases[i]);
      ck_assert_msg (ymd[0] == 7 && ymd[1] == 7 && ymd[2] == 7,
                     "\"%s\" wrote outputs on failure", cases[i]);
    }
}
END_TEST

/* Flags */

START_TEST (test_flag)
{
  static const char * const yes[] = {
    "Y", "y", "YES", "yes", "Yes", "TRUE", "true", "True", "T", "t", "1", " Y ", "\tyes",
  };
  static const char * const no[] = {
    "N", "n", "NO", "no", "FALSE", "false", "False", "F", "f", "0", "", "  ", "\t", " n ",
  };
  static const char * const bad[] = {
    "2", "YE", "YESS", "ON", "OFF", "-", "TRUEX", "Y N", "00", "01", "10", "yes.",
    "\xC3\x9D",
  };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      gboolean v = FALSE;

      ck_assert_msg (flag (yes[i], &v) && v == TRUE, "\"%s\" not TRUE", yes[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    {
      gboolean v = TRUE;

      ck_assert_msg (flag (no[i], &v) && v == FALSE, "\"%s\" not FALSE", no[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gboolean v = 7;

      ck_assert_msg (!flag (bad[i], &v) && v == 7, "\"%s\" accepted", bad[i]);
    }
}
END_TEST

/* SNOMED CT */

START_TEST (test_snomed_accepts)
{
  /* Published concept ids: the root concept, myocardial infarction,
   * paracetamol, the core module; then dm+d ids and the shortest and longest
   * lengths, whose check digits were computed apart from this code with
   * Verhoeff's tables (123451: check digit 1 for 12345). */
  static const struct { const char *text; const char *digits; } cases[] = {
    { "138875005", "138875005" },
    { "22298006", "22298006" },
    { "387517004", "387517004" },
    { "900000000000207008", "900000000000207008" },
    { "42217211000001101", "42217211000001101" },
    { "3318611000001103", "3318611000001103" },
    { "22298006.0", "22298006" },
    { " 387517004 ", "387517004" },
    { "\t42217211000001101.0\t", "42217211000001101" },
    { "123451", "123451" },
    { "999999999999999994", "999999999999999994" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char out[19] = "";

      ck_assert_msg (snomed (cases[i].text, out), "\"%s\" rejected", cases[i].text);
      ck_assert_str_eq (out, cases[i].digits);
    }
}
END_TEST

START_TEST (test_snomed_rejects)
{
  static const char * const cases[] = {
    "33470611000001100",                 /* trap 17: rounded by a spreadsheet */
    "33474111000001100",                 /* trap 17 */
    "22298007",                          /* one digit changed */
    "22298060",                          /* last two digits swapped */
    "22289006",                          /* adjacent digits swapped */
    "387517005",
    "12340",                             /* passes the check, but 5 digits */
    "9999999999999999992",               /* passes the check, but 19 digits */
    "", "-", " ", "22298006.00", "22298006.", "2.2298006E7", "22298006.5",
    "2229 8006", "-22298006", "0x22298006", "22298006.0.0", ".0", "000000",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char out[19] = "untouched";

      ck_assert_msg (!snomed (cases[i], out), "\"%s\" accepted", cases[i]);
      ck_assert_str_eq (out, "untouched");
    }
}
END_TEST

/* ODS codes */

START_TEST (test_ods_code)
{
  static const struct { const char *text; const char *code; } good[] = {
    { "A81001", "A81001" },
    { "a81001", "A81001" },
    { " e85107 ", "E85107" },
    { "00L", "00L" },
    { "QHM", "QHM" },
    { "y63", "Y63" },
    { "U12345", "U12345" },
    { "abcdefgh", "ABCDEFGH" },
    { "\tY99\t", "Y99" },
  };
  static const char * const bad[] = {
    "", "-", " - ", "AB", "ABCDEFGHI", "A8100-1", "A81 001", "\xC3\x89" "81001",
    "A81001\n", "A_1001", "---", "A81001.0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      char out[RX_ODS_CODE_BUF_SIZE] = "";

      ck_assert_msg (ods (good[i].text, out, sizeof out), "\"%s\" rejected", good[i].text);
      ck_assert_str_eq (out, good[i].code);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      char out[RX_ODS_CODE_BUF_SIZE] = "same";

      ck_assert_msg (!ods (bad[i], out, sizeof out), "\"%s\" accepted", bad[i]);
      ck_assert_str_eq (out, "same");
    }
}
END_TEST

START_TEST (test_ods_code_out_size)
{
  char out[RX_ODS_CODE_BUF_SIZE] = "same";

  /* "A81001" needs 7 bytes with its NUL. */
  ck_assert (!ods ("A81001", out, 6));
  ck_assert_str_eq (out, "same");
  ck_assert (ods ("a81001", out, 7));
  ck_assert_str_eq (out, "A81001");
}
END_TEST

/* Text */

START_TEST (test_text_encodings)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "\xC9" "COLE", "\xC3\x89" "COLE" },                /* Latin-1 É */
    { "\xC3\x89" "COLE", "\xC3\x89" "COLE" },            /* UTF-8 É kept */
    { "CAF\xE9", "CAF\xC3\xA9" },
    { "\x80", "\xE2\x82\xAC" },                          /* € */
    { "O\x92" "BRIEN", "O\xE2\x80\x99" "BRIEN" },        /* ’ */
    { "A\x96" "B", "A\xE2\x80\x93" "B" },                /* – */
    { "\x9F", "\xC5\xB8" },                              /* Ÿ */
    { "\x8A\x9A", "\xC5\xA0\xC5\xA1" },                  /* Š š */
    { "\x81", "\xC2\x81" },                              /* undefined in cp1252 */
    { "\x8D", "\xC2\x8D" },
    { "\x8F", "\xC2\x8F" },
    { "\x90", "\xC2\x90" },
    { "\x9D", "\xC2\x9D" },
    { "\xA0", "\xC2\xA0" },
    { "\xFF", "\xC3\xBF" },
    { "\xC0\xAF", "\xC3\x80\xC2\xAF" },                  /* overlong UTF-8 is not UTF-8 */
    { "\xC3", "\xC3\x83" },                              /* truncated UTF-8 */
    /* One invalid byte makes the whole field cp1252: the valid-looking é
     * turns into Ã© as the rule says. */
    { "CAF\xC3\xA9 \xE9", "CAF\xC3\x83\xC2\xA9 \xC3\xA9" },
    { "\xE2\x82\xAC 5", "\xE2\x82\xAC 5" },              /* UTF-8 € kept */
    { "plain ASCII", "plain ASCII" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = to_utf8 (cases[i].in, strlen (cases[i].in));

      ck_assert_msg (g_utf8_validate (text, -1, NULL), "case %u: not UTF-8", i);
      ck_assert_msg (strcmp (text, cases[i].out) == 0, "case %u: got \"%s\"", i, text);
    }
}
END_TEST

START_TEST (test_text_latin1_range)
{
  /* 0xA0–0xFF are the same code points in Latin-1 and cp1252. */
  for (guint b = 0xA0; b <= 0xFF; b++)
    {
      char byte = (char) b;
      g_autofree char *text = to_utf8 (&byte, 1);

      ck_assert (g_utf8_validate (text, -1, NULL));
      ck_assert_uint_eq (g_utf8_get_char (text), b);
      ck_assert_uint_eq (g_utf8_strlen (text, -1), 1);
    }
}
END_TEST

START_TEST (test_text_lines_and_trim)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "  FIELD HOUSE SURGERY, BRIDLINGTON \t", "FIELD HOUSE SURGERY, BRIDLINGTON" },
    { "LINE1\r\nLINE2", "LINE1 LINE2" },
    { "A\nB", "A B" },
    { "A\rB", "A B" },
    { "A\r\n\r\nB", "A  B" },
    { "A\n\rB", "A  B" },
    { "\r\nA\r\n", "A" },
    { " \n A \n ", "A" },
    { "", "" },
    { "   ", "" },
    { "\t\r\n", "" },
    { "A\tB", "A\tB" },                                  /* inner tab kept */
    { "\xC9\nX", "\xC3\x89 X" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = to_utf8 (cases[i].in, strlen (cases[i].in));

      ck_assert_msg (strcmp (text, cases[i].out) == 0, "case %u: got \"%s\"", i, text);
    }
}
END_TEST

START_TEST (test_text_len_and_nul)
{
  g_autofree char *part = rx_text_to_utf8 ("ABC,DEF", 3);
  g_autofree char *nul = to_utf8 ("A\0B", 3);
  g_autofree char *empty = rx_text_to_utf8 (NULL, 0);

  ck_assert_str_eq (part, "ABC");
  ck_assert_str_eq (nul, "AB");
  ck_assert_str_eq (empty, "");
}
END_TEST

/* Doubles written */

static void
assert_double_text (double      v,
                    const char *expected)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  memset (buf, 'x', sizeof buf);
  rx_format_double (v, buf);
  ck_assert_msg (strcmp (buf, expected) == 0, "%.17g: got \"%s\", expected \"%s\"",
                 v, buf, expected);
}

START_TEST (test_double_plain)
{
  assert_double_text (3.0, "3");
  assert_double_text (-24.0, "-24");
  assert_double_text (344.0, "344");
  assert_double_text (100.0, "100");
  assert_double_text (1500000.0, "1500000");
  assert_double_text (0.1, "0.1");
  assert_double_text (0.5, "0.5");
  assert_double_text (0.25, "0.25");
  assert_double_text (-1.5, "-1.5");
  assert_double_text (1234.5, "1234.5");
  assert_double_text (0.0, "0");
  assert_double_text (-0.0, "0");
}
END_TEST

START_TEST (test_double_shortest)
{
  volatile double nine = 9.0, twenty_eight = 28.0, one = 1.0, three = 3.0;

  /* 9/28 = 0.32142857142857142857…; the double nearest is
   * 0.321428571428571452…, and 17 digits are needed to name it. */
  assert_double_text (nine / twenty_eight, "0.32142857142857145");
  assert_double_text (0.32142857142857145, "0.32142857142857145");
  assert_double_text (33.33333333333333, "33.33333333333333");
  assert_double_text (54.10133693989077, "54.10133693989077");
  assert_double_text (-96.00000000000003, "-96.00000000000003");
  assert_double_text (0.8500000000000001, "0.8500000000000001");
  assert_double_text (0.05 + 0.8, "0.8500000000000001");
  assert_double_text (0.1 + 0.2, "0.30000000000000004");
  assert_double_text (one / three, "0.3333333333333333");
  assert_double_text (100.0 / three, "33.333333333333336");
  assert_double_text (2.0 / three, "0.6666666666666666");
}
END_TEST

START_TEST (test_double_exponent_range)
{
  assert_double_text (1e-5, "0.00001");
  assert_double_text (-1e-5, "-0.00001");
  assert_double_text (1.5e-5, "0.000015");
  assert_double_text (0.0001, "0.0001");
  assert_double_text (0.000123, "0.000123");
  assert_double_text (1e-6, "1e-06");
  assert_double_text (1.5e-7, "1.5e-07");
  assert_double_text (12345678901.0, "12345678901");
  assert_double_text (1e15, "1000000000000000");
  assert_double_text (9007199254740992.0, "9007199254740992");   /* 2^53 */
  assert_double_text (1e16, "1e+16");
  assert_double_text (9223372036854775808.0, "9.223372036854776e+18");
  assert_double_text (1e21, "1e+21");
  assert_double_text (-1e21, "-1e+21");
  assert_double_text (5e-324, "5e-324");
  assert_double_text (DBL_MAX, "1.7976931348623157e+308");
}
END_TEST

START_TEST (test_double_reads_back)
{
  static const double values[] = {
    0.1, 0.7, 1.0 / 7.0, 2.0 / 3.0, 1e-5, 1.2345678901234567e-5, 9.999999999999999e-5,
    123456.789, 1e15 + 0.5, 9999999999999998.0, 4.35, 0.07, 1e300, 1e-300, 2.2250738585072014e-308,
    -123.456, 3.0000000000000004,
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE], longest[G_ASCII_DTOSTR_BUF_SIZE];

      rx_format_double (values[i], buf);
      g_ascii_formatd (longest, sizeof longest, "%.17g", values[i]);
      ck_assert_msg (g_ascii_strtod (buf, NULL) == values[i], "%s does not read back", buf);
      ck_assert_msg (strchr (buf, ',') == NULL, "%s", buf);
      ck_assert_msg (strlen (buf) <= strlen (longest) + 5, "%s longer than %s", buf, longest);
    }
}
END_TEST

START_TEST (test_double_not_finite)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE] = "stale";
  guint handler = catch_criticals ();

  rx_format_double (NAN, buf);
  ck_assert_str_eq (buf, "");
  strcpy (buf, "stale");
  rx_format_double (INFINITY, buf);
  ck_assert_str_eq (buf, "");
  strcpy (buf, "stale");
  rx_format_double (-INFINITY, buf);
  ck_assert_str_eq (buf, "");
  ck_assert_uint_eq (n_criticals, 3);
  g_log_remove_handler ("rx-format", handler);
}
END_TEST

/* Scaled integers written */

START_TEST (test_scaled)
{
  static const struct { gint64 v; guint scale; const char *text; } cases[] = {
    { 1234, 2, "12.34" },
    { 1200, 2, "12" },
    { 1250, 2, "12.5" },
    { -5, 2, "-0.05" },
    { 5, 2, "0.05" },
    { 0, 2, "0" },
    { 0, 0, "0" },
    { 7, 0, "7" },
    { -7, 0, "-7" },
    { 100, 2, "1" },
    { -100, 2, "-1" },
    { -150, 2, "-1.5" },
    { 123456, 5, "1.23456" },
    { 100000, 5, "1" },
    { 1, 5, "0.00001" },
    { -1, 5, "-0.00001" },
    { 60000, 3, "60" },
    { 10, 1, "1" },
    { 101, 1, "10.1" },
    { G_MAXINT64, 2, "92233720368547758.07" },
    { G_MININT64, 2, "-92233720368547758.08" },
    { G_MININT64, 0, "-9223372036854775808" },
    { G_MAXINT64, 18, "9.223372036854775807" },
    { G_MININT64, 18, "-9.223372036854775808" },
    { 1, 18, "0.000000000000000001" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char buf[32];

      memset (buf, 'x', sizeof buf);
      rx_format_scaled (cases[i].v, cases[i].scale, buf);
      ck_assert_msg (strcmp (buf, cases[i].text) == 0, "%" G_GINT64_FORMAT " scale %u: \"%s\"",
                     cases[i].v, cases[i].scale, buf);
    }
}
END_TEST

START_TEST (test_scaled_round_trip)
{
  static const char * const texts[] = { "0.64", "-1.01", "12.5", "1000", "0.05", "-0.05" };
  char buf[32];
  guint handler;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      gint64 v;

      ck_assert (decimal (texts[i], 2, &v, NULL));
      rx_format_scaled (v, 2, buf);
      ck_assert_str_eq (buf, texts[i]);
    }

  handler = catch_criticals ();
  strcpy (buf, "stale");
  rx_format_scaled (1, 19, buf);
  ck_assert_str_eq (buf, "");
  ck_assert_uint_eq (n_criticals, 1);
  g_log_remove_handler ("rx-format", handler);
}
END_TEST

/* CSV cells */

static void
assert_field (const char *in,
              const char *expected)
{
  g_autoptr(GString) line = g_string_new ("");

  rx_csv_append_field (line, in);
  ck_assert_msg (strcmp (line->str, expected) == 0, "got [%s], expected [%s]",
                 line->str, expected);
}

START_TEST (test_csv_field)
{
  assert_field ("abc", "abc");
  assert_field ("", "");
  assert_field (NULL, "");
  assert_field (" spaces kept ", " spaces kept ");
  assert_field ("\xC3\x89" "COLE", "\xC3\x89" "COLE");
  assert_field ("FIELD HOUSE SURGERY, BRIDLINGTON", "\"FIELD HOUSE SURGERY, BRIDLINGTON\"");
  assert_field ("say \"hi\"", "\"say \"\"hi\"\"\"");
  assert_field ("\"", "\"\"\"\"");
  assert_field ("line\nbreak", "\"line\nbreak\"");
  assert_field ("cr\rhere", "\"cr\rhere\"");
  assert_field (",", "\",\"");
}
END_TEST

START_TEST (test_csv_row)
{
  g_autoptr(GString) line = g_string_new ("");

  rx_csv_append_field (line, "A81001");
  g_string_append_c (line, ',');
  rx_csv_append_field (line, NULL);
  g_string_append_c (line, ',');
  rx_csv_append_field (line, "X, Y");
  g_string_append_c (line, ',');
  rx_csv_append_double (line, 0.5);
  g_string_append_c (line, ',');
  rx_csv_append_double (line, NAN);
  g_string_append_c (line, ',');
  rx_csv_append_double (line, 3.0);
  g_string_append_c (line, ',');
  rx_csv_append_double (line, -0.0);
  g_string_append_c (line, ',');
  rx_csv_append_double (line, 0.1 + 0.2);
  ck_assert_str_eq (line->str, "A81001,,\"X, Y\",0.5,,3,0,0.30000000000000004");
}
END_TEST

START_TEST (test_csv_null_double_is_quiet)
{
  g_autoptr(GString) line = g_string_new ("x,");
  guint handler = catch_criticals ();

  /* NaN is how the core says NULL: an empty cell, not a programmer error. */
  rx_csv_append_double (line, NAN);
  ck_assert_str_eq (line->str, "x,");
  ck_assert_uint_eq (n_criticals, 0);
  rx_csv_append_double (line, 0.5);
  ck_assert_str_eq (line->str, "x,0.5");
  g_log_remove_handler ("rx-format", handler);
}
END_TEST

/* Locale independence (trap 13) */

/* Switches to a locale whose decimal point is a comma; FALSE if none is
 * installed. */
static gboolean
use_comma_locale (void)
{
  static const char * const names[] = {
    "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8",
    "es_ES.UTF-8", "it_IT.UTF-8", "ru_RU.UTF-8", "de_DE", "fr_FR",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (setlocale (LC_ALL, names[i]) != NULL && strcmp (localeconv ()->decimal_point, ",") == 0)
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (setlocale (LC_NUMERIC, names[i]) != NULL
        && strcmp (localeconv ()->decimal_point, ",") == 0)
      return TRUE;
  return FALSE;
}

START_TEST (test_comma_locale)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autoptr(GString) line = g_string_new ("");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gint64 v;
  gint ymd[3];

  if (!use_comma_locale ())
    {
      g_printerr ("test_comma_locale: no comma-decimal locale installed; skipped\n");
      return;
    }

  /* The trap is real here: the C library stops at the '.'. */
  ck_assert (strtod ("1.5", NULL) == 1.0);

  ck_assert (decimal ("1.5", 2, &v, NULL));
  ck_assert_int_eq (v, 150);
  ck_assert (!decimal ("1,5", 2, &v, NULL));
  ck_assert (decimal ("00000000.64", 2, &v, NULL));
  ck_assert_int_eq (v, 64);
  ck_assert (whole ("2.0", &v));
  ck_assert_int_eq (v, 2);
  ck_assert (!whole ("2,0", &v));
  ck_assert (date ("01-Apr-17", ymd));
  ck_assert_int_eq (ymd[1], 4);

  rx_format_double (0.5, buf);
  ck_assert_str_eq (buf, "0.5");
  rx_format_double (1234.5, buf);
  ck_assert_str_eq (buf, "1234.5");
  rx_format_double (1e-5, buf);
  ck_assert_str_eq (buf, "0.00001");
  rx_format_double (12345678901.0, buf);
  ck_assert_str_eq (buf, "12345678901");
  rx_format_double (0.05 + 0.8, buf);
  ck_assert_str_eq (buf, "0.8500000000000001");
  rx_format_scaled (1234567, 2, buf);
  ck_assert_str_eq (buf, "12345.67");
  rx_csv_append_double (line, 0.25);
  ck_assert_str_eq (line->str, "0.25");

  setlocale (LC_ALL, saved);
}
END_TEST

/* The suite */

static Suite *
format_suite (void)
{
  Suite *suite = suite_create ("format");
  TCase *tc;

  tc = tcase_create ("whole");
  tcase_add_test (tc, test_whole_accepts);
  tcase_add_test (tc, test_whole_rejects);
  tcase_add_test (tc, test_whole_stops_at_len);
  suite_add_tcase (suite, tc);

  tc = tcase_create ("decimal");
  tcase_add_test (tc, test_decimal_accepts);
  tcase_add_test (tc, test_decimal_rejects);
  tcase_add_test (tc, test_decimal_optional_rounded);
  suite_add_tcase (suite, tc);

  tc = tcase_create ("month-date-flag");
  tcase_add_test (tc, test_month);
  tcase_add_test (tc, test_date_accepts);
  tcase_add_test (tc, test_date_rejects);
  tcase_add_test (tc, test_flag);
  suite_add_tcase (suite, tc);

  tc = tcase_create ("codes");
  tcase_add_test (tc, test_snomed_accepts);
  tcase_add_test (tc, test_snomed_rejects);
  tcase_add_test (tc, test_ods_code);
  tcase_add_test (tc, test_ods_code_out_size);
  suite_add_tcase (suite, tc);

  tc = tcase_create ("text");
  tcase_add_test (tc, test_text_encodings);
  tcase_add_test (tc, test_text_latin1_range);
  tcase_add_test (tc, test_text_lines_and_trim);
  tcase_add_test (tc, test_text_len_and_nul);
  suite_add_tcase (suite, tc);

  tc = tcase_create ("writing");
  tcase_add_test (tc, test_double_plain);
  tcase_add_test (tc, test_double_shortest);
  tcase_add_test (tc, test_double_exponent_range);
  tcase_add_test (tc, test_double_reads_back);
  tcase_add_test (tc, test_double_not_finite);
  tcase_add_test (tc, test_scaled);
  tcase_add_test (tc, test_scaled_round_trip);
  tcase_add_test (tc, test_csv_field);
  tcase_add_test (tc, test_csv_row);
  tcase_add_test (tc, test_csv_null_double_is_quiet);
  suite_add_tcase (suite, tc);

  tc = tcase_create ("locale");
  tcase_add_test (tc, test_comma_locale);
  suite_add_tcase (suite, tc);

  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (format_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed != 0;
}
