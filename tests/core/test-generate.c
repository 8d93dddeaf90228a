// SPDX-License-Identifier: GPL-3.0-or-later
//
// Tests for rx-generate: the files and headers of data-formats.md §2, the
// published number rules (§5, §6.1), determinism by seed, the scales'
// shapes and cancellation.  Expected headers are copied from the
// documentation, not from the program.

#define G_LOG_DOMAIN "test-generate"

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "rx-generate.h"
#include "rx-test.h"

/* Check's own ck_assert* report every passing assertion to the parent
 * process, which is slow in loops over a file's rows: these only speak
 * on failure. */
#define expect(cond) \
  do { if (G_UNLIKELY (!(cond))) ck_abort_msg ("%s:%d: %s", __FILE__, __LINE__, #cond); } while (0)
#define expect_msg(cond, ...) \
  do { if (G_UNLIKELY (!(cond))) ck_abort_msg (__VA_ARGS__); } while (0)
#define expect_str_eq(a, b) \
  do { const char *_a = (a), *_b = (b); \
       if (G_UNLIKELY (strcmp (_a, _b) != 0)) \
         ck_abort_msg ("%s:%d: %s is \"%s\", not \"%s\"", __FILE__, __LINE__, #a, _a, _b); \
  } while (0)
#define EXPECT_CMP(type, fmt, a, op, b) \
  do { type _a = (type) (a), _b = (type) (b); \
       if (G_UNLIKELY (!(_a op _b))) \
         ck_abort_msg ("%s:%d: %s %s %s: %" fmt " vs %" fmt, __FILE__, __LINE__, #a, #op, #b, \
                       _a, _b); \
  } while (0)
#define expect_uint_eq(a, b) EXPECT_CMP (guint64, G_GUINT64_FORMAT, a, ==, b)
#define expect_uint_ne(a, b) EXPECT_CMP (guint64, G_GUINT64_FORMAT, a, !=, b)
#define expect_uint_lt(a, b) EXPECT_CMP (guint64, G_GUINT64_FORMAT, a, <, b)
#define expect_uint_le(a, b) EXPECT_CMP (guint64, G_GUINT64_FORMAT, a, <=, b)
#define expect_uint_gt(a, b) EXPECT_CMP (guint64, G_GUINT64_FORMAT, a, >, b)
#define expect_uint_ge(a, b) EXPECT_CMP (guint64, G_GUINT64_FORMAT, a, >=, b)
#define expect_int_eq(a, b) EXPECT_CMP (gint64, G_GINT64_FORMAT, a, ==, b)
#define expect_int_ne(a, b) EXPECT_CMP (gint64, G_GINT64_FORMAT, a, !=, b)
#define expect_int_lt(a, b) EXPECT_CMP (gint64, G_GINT64_FORMAT, a, <, b)

/* Helpers */

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
generate (RxGenerateScale   scale,
          RxLayout          layout,
          int               from,
          int               to,
          guint64           seed,
          const char       *dir,
          RxGenerateResult *result)
{
  RxGenerateOptions opts;
  g_autoptr(GError) error = NULL;
  RxGenerateResult local;

  rx_generate_options_init (&opts);
  opts.scale = scale;
  opts.layout = layout;
  opts.from_month = from;
  opts.to_month = to;
  opts.seed = seed;
  if (!rx_generate_full (&opts, dir, NULL, NULL, NULL, result != NULL ? result : &local, &error))
    ck_abort_msg ("generate failed: %s", error->message);
}

static char *
slurp (const char *dir,
       const char *name,
       gsize      *len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  if (!g_file_get_contents (path, &text, len, &error))
    ck_abort_msg ("%s: %s", name, error->message);
  return text;
}

static char *
first_line (const char *dir,
            const char *name)
{
  g_autofree char *text = slurp (dir, name, NULL);
  char *nl = strchr (text, '\n');

  return g_strndup (text, nl != NULL ? (gsize) (nl - text) : strlen (text));
}

/* The next RFC 4180 record of text from *pos: commas and newlines in
 * quotes, "" for a quote; a quote elsewhere than a field's start is
 * literal.  The fields point into buf, valid until the next call. */
static gboolean
next_record (const char *text,
             gsize       len,
             gsize      *pos,
             GString    *buf,
             GPtrArray  *fields)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  gboolean quoted = FALSE, started = FALSE;
  gsize start = 0;

  g_ptr_array_set_size (fields, 0);
  g_string_truncate (buf, 0);
  if (*pos >= len)
    return FALSE;
  g_array_append_val (starts, start);
  while (*pos < len)
    {
      char c = text[(*pos)++];

      if (quoted)
        {
          if (c == '"' && *pos < len && text[*pos] == '"')
            {
              g_string_append_c (buf, '"');
              (*pos)++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (buf, c);
        }
      else if (c == '"' && !started)
        quoted = started = TRUE;
      else if (c == ',')
        {
          g_string_append_c (buf, '\0');
          start = buf->len;
          g_array_append_val (starts, start);
          started = FALSE;
        }
      else if (c == '\n')
        break;
      else
        {
          g_string_append_c (buf, c);
          started = TRUE;
        }
    }
  expect_msg (!quoted, "unclosed quote");
  for (guint i = 0; i < starts->len; i++)
    g_ptr_array_add (fields, buf->str + g_array_index (starts, gsize, i));
  return TRUE;
}

typedef struct
{
  char      *text;
  gsize      len;
  gsize      pos;
  GString   *header_buf;
  GString   *buf;
  GPtrArray *header;
  GPtrArray *fields;
} Csv;

static void
csv_open (Csv        *csv,
          const char *dir,
          const char *name,
          gboolean    has_header)
{
  csv->text = slurp (dir, name, &csv->len);
  csv->pos = 0;
  csv->header_buf = g_string_new (NULL);
  csv->buf = g_string_new (NULL);
  csv->header = g_ptr_array_new ();
  csv->fields = g_ptr_array_new ();
  if (has_header)
    expect (next_record (csv->text, csv->len, &csv->pos, csv->header_buf, csv->header));
}

static gboolean
csv_next (Csv *csv)
{
  return next_record (csv->text, csv->len, &csv->pos, csv->buf, csv->fields);
}

static void
csv_close (Csv *csv)
{
  g_free (csv->text);
  g_string_free (csv->header_buf, TRUE);
  g_string_free (csv->buf, TRUE);
  g_ptr_array_unref (csv->header);
  g_ptr_array_unref (csv->fields);
}

static int
column (Csv        *csv,
        const char *name)
{
  for (guint i = 0; i < csv->header->len; i++)
    if (g_str_equal (g_ptr_array_index (csv->header, i), name))
      return (int) i;
  ck_abort_msg ("no column %s", name);
  return -1;
}

static const char *
field (Csv *csv,
       int  i)
{
  expect_int_lt (i, csv->fields->len);
  return g_ptr_array_index (csv->fields, i);
}

static guint64
to_u64 (const char *s)
{
  guint64 v = 0;

  expect_msg (g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT64, &v, NULL),
              "not a whole number: '%s'", s);
  return v;
}

/* A decimal with exactly dp places: "9.41". */
static gboolean
is_fixed (const char *s,
          int         dp)
{
  const char *dot = strchr (s, '.');

  if (dot == NULL || dot == s || (int) strlen (dot + 1) != dp)
    return FALSE;
  for (const char *c = s; *c; c++)
    if (c != dot && !g_ascii_isdigit (*c))
      return FALSE;
  return TRUE;
}

static gboolean
file_exists (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static const char *const prescribing_headers[] = {
  [RX_LAYOUT_EPD] =
    "YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,ICB_NAME,ICB_CODE,PCO_NAME,PCO_CODE,"
    "PRACTICE_NAME,PRACTICE_CODE,ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,"
    "BNF_CHEMICAL_SUBSTANCE_CODE,BNF_CHEMICAL_SUBSTANCE,BNF_PRESENTATION_CODE,"
    "BNF_PRESENTATION_NAME,BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQ_USAGE,NIC,"
    "ACTUAL_COST,UNIDENTIFIED,SNOMED_CODE",
  [RX_LAYOUT_EPD_ICB] =
    "YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,ICB_NAME,ICB_CODE,PCO_NAME,PCO_CODE,"
    "PRACTICE_NAME,PRACTICE_CODE,ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,"
    "BNF_CHEMICAL_SUBSTANCE,CHEMICAL_SUBSTANCE_BNF_DESCR,BNF_CODE,BNF_DESCRIPTION,"
    "BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQUSAGE,NIC,ACTUAL_COST,UNIDENTIFIED",
  [RX_LAYOUT_EPD_STP] =
    "YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,STP_NAME,STP_CODE,PCO_NAME,PCO_CODE,"
    "PRACTICE_NAME,PRACTICE_CODE,ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,"
    "BNF_CHEMICAL_SUBSTANCE,CHEMICAL_SUBSTANCE_BNF_DESCR,BNF_CODE,BNF_DESCRIPTION,"
    "BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQUSAGE,NIC,ACTUAL_COST,UNIDENTIFIED",
  [RX_LAYOUT_EPD_AREA_TEAM] =
    "YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,AREA_TEAM_NAME,AREA_TEAM_CODE,PCO_NAME,"
    "PCO_CODE,PRACTICE_NAME,PRACTICE_CODE,ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,"
    "BNF_CHEMICAL_SUBSTANCE,CHEMICAL_SUBSTANCE_BNF_DESCR,BNF_CODE,BNF_DESCRIPTION,"
    "BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQUSAGE,NIC,ACTUAL_COST,UNIDENTIFIED",
  [RX_LAYOUT_PDPI] =
    " SHA,PCT,PRACTICE,BNF CODE,BNF NAME                                    ,ITEMS  ,NIC        ,"
    "ACT COST   ,QUANTITY,PERIOD,",
};

#define ORG_MAP_HEADER \
  "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME," \
  "ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE," \
  "ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME"
#define ALL_AGES_HEADER \
  "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE," \
  "SEX,AGE,NUMBER_OF_PATIENTS"
#define QUINARY_HEADER \
  "PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,ONS_CODE,POSTCODE,SEX,AGE_GROUP_5," \
  "NUMBER_OF_PATIENTS"
#define BNF_CODES_HEADER \
  "YEAR_MONTH,BNF_CHAPTER,BNF_CHAPTER_CODE,BNF_SECTION,BNF_SECTION_CODE,BNF_PARAGRAPH," \
  "BNF_PARAGRAPH_CODE,BNF_SUBPARAGRAPH,BNF_SUBPARAGRAPH_CODE,BNF_CHEMICAL_SUBSTANCE," \
  "BNF_CHEMICAL_SUBSTANCE_CODE,BNF_PRODUCT,BNF_PRODUCT_CODE,BNF_PRESENTATION," \
  "BNF_PRESENTATION_CODE"

/* Tests */

START_TEST (test_names)
{
  RxLayout layout;
  RxGenerateScale scale;

  for (int i = RX_LAYOUT_EPD; i <= RX_LAYOUT_PDPI; i++)
    {
      expect (rx_layout_from_string (rx_layout_to_string (i), &layout));
      expect_int_eq (layout, i);
    }
  expect (rx_layout_from_string ("epd-area-team", &layout));
  expect_int_eq (layout, RX_LAYOUT_EPD_AREA_TEAM);
  expect (!rx_layout_from_string ("epd-snomed", &layout));
  expect (!rx_layout_from_string (NULL, &layout));
  expect (rx_generate_scale_from_string ("national", &scale));
  expect_int_eq (scale, RX_GENERATE_SCALE_NATIONAL);
  expect_str_eq (rx_generate_scale_to_string (RX_GENERATE_SCALE_DEMO), "demo");
  expect (!rx_generate_scale_from_string ("huge", &scale));
}
END_TEST

START_TEST (test_small_files)
{
  g_autofree char *dir = rx_test_temp_dir ();
  RxGenerateResult result;
  const char *expected[] = {
    "bnf-codes.csv", "epraccur.csv", "gp-reg-pat-prac-map.csv",
    "epd_202401.csv", "epd_202402.csv", "epd_202403.csv",
    "gp-reg-pat-prac-all-202401.csv", "gp-reg-pat-prac-all-202402.csv",
    "gp-reg-pat-prac-all-202403.csv",
    "gp-reg-pat-prac-quin-age-202401.csv", "gp-reg-pat-prac-quin-age-202402.csv",
    "gp-reg-pat-prac-quin-age-202403.csv",
  };
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint n = 0;
  guint64 bytes = 0;

  generate (RX_GENERATE_SCALE_SMALL, RX_LAYOUT_EPD, 0, 0, 1, dir, &result);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    expect_msg (file_exists (dir, expected[i]), "missing %s", expected[i]);
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;
      expect_int_eq (g_stat (path, &st), 0);
      bytes += (guint64) st.st_size;
      n++;
    }
  expect_uint_eq (n, G_N_ELEMENTS (expected));
  expect_uint_eq (result.n_files, G_N_ELEMENTS (expected));
  expect_uint_eq (result.n_months, 3);
  expect_uint_eq (result.bytes, bytes);
  /* "a few hundred rows a month" */
  expect_uint_ge (result.prescribing_rows, 3 * 200);
  expect_uint_le (result.prescribing_rows, 3 * 2000);
  expect_uint_gt (result.rows, result.prescribing_rows);
  remove_tree (dir);
}
END_TEST

START_TEST (test_headers)
{
  for (int layout = RX_LAYOUT_EPD; layout <= RX_LAYOUT_PDPI; layout++)
    {
      g_autofree char *dir = rx_test_temp_dir ();
      g_autofree char *line = NULL;

      generate (RX_GENERATE_SCALE_SMALL, layout, 202402, 202402, 7, dir, NULL);
      if (layout == RX_LAYOUT_PDPI)
        {
          g_autofree char *chem = first_line (dir, "T202402CHEM SUBS.CSV");
          g_autofree char *addr = first_line (dir, "T202402ADDR BNFT.CSV");

          line = first_line (dir, "T202402PDPI BNFT.CSV");
          expect_str_eq (chem, "CHEM SUB ,NAME,"
                               "                                                       202402,");
          expect (g_str_has_prefix (addr, "202402,"));
          expect (!file_exists (dir, "epd_202402.csv"));
        }
      else
        line = first_line (dir, "epd_202402.csv");
      expect_str_eq (line, prescribing_headers[layout]);
      if (layout == RX_LAYOUT_EPD)
        {
          g_autofree char *map = first_line (dir, "gp-reg-pat-prac-map.csv");
          g_autofree char *all = first_line (dir, "gp-reg-pat-prac-all-202402.csv");
          g_autofree char *quin = first_line (dir, "gp-reg-pat-prac-quin-age-202402.csv");
          g_autofree char *bnf = first_line (dir, "bnf-codes.csv");

          expect_str_eq (map, ORG_MAP_HEADER);
          expect_str_eq (all, ALL_AGES_HEADER);
          expect_str_eq (quin, QUINARY_HEADER);
          expect_str_eq (bnf, BNF_CODES_HEADER);
        }
      remove_tree (dir);
    }
}
END_TEST

/* Every record has the header's number of fields (epraccur: 27). */
static void
check_field_counts (const char *dir,
                    const char *name,
                    gboolean    has_header,
                    guint       expected)
{
  Csv csv;
  guint records = 0;

  csv_open (&csv, dir, name, has_header);
  if (has_header)
    expected = csv.header->len;
  while (csv_next (&csv))
    {
      expect_msg (csv.fields->len == expected, "%s record %u: %u fields, not %u", name,
                     records + 1, csv.fields->len, expected);
      records++;
    }
  expect_uint_gt (records, 0);
  csv_close (&csv);
}

START_TEST (test_field_counts)
{
  g_autofree char *dir = rx_test_temp_dir ();
  g_autofree char *pdpi_dir = rx_test_temp_dir ();
  g_autofree char *chem = NULL;
  gsize len;

  generate (RX_GENERATE_SCALE_SMALL, RX_LAYOUT_EPD, 202401, 202401, 3, dir, NULL);
  check_field_counts (dir, "epd_202401.csv", TRUE, 0);
  check_field_counts (dir, "bnf-codes.csv", TRUE, 0);
  check_field_counts (dir, "gp-reg-pat-prac-map.csv", TRUE, 0);
  check_field_counts (dir, "gp-reg-pat-prac-all-202401.csv", TRUE, 0);
  check_field_counts (dir, "gp-reg-pat-prac-quin-age-202401.csv", TRUE, 0);
  check_field_counts (dir, "epraccur.csv", FALSE, 27);

  generate (RX_GENERATE_SCALE_SMALL, RX_LAYOUT_PDPI, 202401, 202401, 3, pdpi_dir, NULL);
  check_field_counts (pdpi_dir, "T202401PDPI BNFT.CSV", TRUE, 0);
  check_field_counts (pdpi_dir, "T202401ADDR BNFT.CSV", FALSE, 8);
  /* CHEM: a header of 4 fields, rows of 3 (§2.4, trap 11). */
  chem = slurp (pdpi_dir, "T202401CHEM SUBS.CSV", &len);
  {
    gsize pos = 0;
    g_autoptr(GPtrArray) fields = g_ptr_array_new ();
    g_autoptr(GString) buf = g_string_new (NULL);

    expect (next_record (chem, len, &pos, buf, fields));
    expect_uint_eq (fields->len, 4);
    while (next_record (chem, len, &pos, buf, fields))
      {
        expect_uint_eq (fields->len, 3);
        expect_uint_eq (strlen (g_ptr_array_index (fields, 0)), 9);
        expect_uint_eq (strlen (g_ptr_array_index (fields, 1)), 60);
      }
  }
  remove_tree (dir);
  remove_tree (pdpi_dir);
}
END_TEST

/* TOTAL_QUANTITY = ITEMS × QUANTITY on every row (§6.1); decimals as published. */
START_TEST (test_epd_numbers)
{
  for (int layout = RX_LAYOUT_EPD; layout <= RX_LAYOUT_EPD_AREA_TEAM; layout++)
    {
      g_autofree char *dir = rx_test_temp_dir ();
      Csv csv;
      int q, items, total, adq, nic, actual, month;
      guint rows = 0;

      generate (RX_GENERATE_SCALE_SMALL, layout, 202403, 202403, 11, dir, NULL);
      csv_open (&csv, dir, "epd_202403.csv", TRUE);
      q = column (&csv, "QUANTITY");
      items = column (&csv, "ITEMS");
      total = column (&csv, "TOTAL_QUANTITY");
      adq = column (&csv, layout == RX_LAYOUT_EPD ? "ADQ_USAGE" : "ADQUSAGE");
      nic = column (&csv, "NIC");
      actual = column (&csv, "ACTUAL_COST");
      month = column (&csv, "YEAR_MONTH");
      while (csv_next (&csv))
        {
          guint64 n_items = to_u64 (field (&csv, items));

          expect_uint_ge (n_items, 1);
          expect_uint_eq (to_u64 (field (&csv, total)), n_items * to_u64 (field (&csv, q)));
          expect_msg (is_fixed (field (&csv, nic), 2), "NIC %s", field (&csv, nic));
          expect_msg (is_fixed (field (&csv, actual), 5), "ACTUAL_COST %s", field (&csv, actual));
          expect_msg (g_str_equal (field (&csv, adq), "0") || is_fixed (field (&csv, adq), 5),
                         "ADQ %s", field (&csv, adq));
          expect_str_eq (field (&csv, month), layout == RX_LAYOUT_EPD ? "2024-03" : "202403");
          rows++;
        }
      expect_uint_gt (rows, 100);
      csv_close (&csv);
      remove_tree (dir);
    }
}
END_TEST

START_TEST (test_unidentified)
{
  g_autofree char *dir = rx_test_temp_dir ();
  Csv csv;
  int code, flag, icb, pco, region;
  guint unidentified = 0, unknown = 0;

  generate (RX_GENERATE_SCALE_SMALL, RX_LAYOUT_EPD, 202401, 202401, 5, dir, NULL);
  csv_open (&csv, dir, "epd_202401.csv", TRUE);
  code = column (&csv, "PRACTICE_CODE");
  flag = column (&csv, "UNIDENTIFIED");
  icb = column (&csv, "ICB_CODE");
  pco = column (&csv, "PCO_CODE");
  region = column (&csv, "REGIONAL_OFFICE_CODE");
  while (csv_next (&csv))
    {
      if (g_str_equal (field (&csv, code), "-"))
        {
          expect_str_eq (field (&csv, flag), "Y");
          expect_str_eq (field (&csv, icb), "-");
          expect_str_eq (field (&csv, pco), "-");
          expect_str_eq (field (&csv, region), "-");
          unidentified++;
        }
      else
        {
          expect_str_eq (field (&csv, flag), "N");
          if (g_str_has_suffix (field (&csv, code), "998"))
            unknown++;
        }
    }
  expect_uint_gt (unidentified, 0);
  expect_uint_gt (unknown, 0);
  csv_close (&csv);
  remove_tree (dir);
}
END_TEST

static gboolean
same_files (const char *a,
            const char *b)
{
  g_autoptr(GDir) d = g_dir_open (a, 0, NULL);
  const char *name;
  gboolean same = TRUE;

  while (same && (name = g_dir_read_name (d)) != NULL)
    {
      gsize la, lb;
      g_autofree char *ta = slurp (a, name, &la);
      g_autofree char *tb = NULL;

      if (!file_exists (b, name))
        return FALSE;
      tb = slurp (b, name, &lb);
      same = la == lb && memcmp (ta, tb, la) == 0;
    }
  return same;
}

START_TEST (test_determinism)
{
  g_autofree char *a = rx_test_temp_dir ();
  g_autofree char *b = rx_test_temp_dir ();
  g_autofree char *c = rx_test_temp_dir ();
  g_autofree char *z = rx_test_temp_dir ();
  g_autofree char *plain = NULL, *packed = NULL, *unpacked = NULL;
  gsize plain_len, packed_len, unpacked_len;
  RxGenerateOptions opts;
  g_autoptr(GError) error = NULL;
  g_autoptr(GConverter) inflater = NULL;
  g_autoptr(GInputStream) raw = NULL, stream = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buf[65536];
  gssize n;

  generate (RX_GENERATE_SCALE_SMALL, RX_LAYOUT_EPD, 0, 0, 42, a, NULL);
  generate (RX_GENERATE_SCALE_SMALL, RX_LAYOUT_EPD, 0, 0, 42, b, NULL);
  generate (RX_GENERATE_SCALE_SMALL, RX_LAYOUT_EPD, 0, 0, 43, c, NULL);
  expect (same_files (a, b));
  expect (same_files (b, a));
  expect (!same_files (a, c));
  {
    g_autofree char *ea = slurp (a, "epd_202402.csv", &plain_len);
    gsize lc;
    g_autofree char *ec = slurp (c, "epd_202402.csv", &lc);
    expect (plain_len != lc || memcmp (ea, ec, lc) != 0);
  }

  /* --gzip: the same bytes, deflated. */
  rx_generate_options_init (&opts);
  opts.seed = 42;
  opts.gzip = TRUE;
  expect (rx_generate (&opts, z, NULL, NULL, NULL, &error));
  expect (file_exists (z, "epd_202401.csv.gz"));
  expect (!file_exists (z, "epd_202401.csv"));
  expect (file_exists (z, "epraccur.csv"));
  plain = slurp (a, "epd_202401.csv", &plain_len);
  packed = slurp (z, "epd_202401.csv.gz", &packed_len);
  expect_uint_eq ((guint8) packed[0], 0x1F);
  expect_uint_eq ((guint8) packed[1], 0x8B);
  expect_uint_lt (packed_len, plain_len);
  inflater = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  raw = g_memory_input_stream_new_from_data (packed, (gssize) packed_len, NULL);
  stream = g_converter_input_stream_new (raw, inflater);
  while ((n = g_input_stream_read (stream, buf, sizeof buf, NULL, &error)) > 0)
    g_byte_array_append (out, buf, (guint) n);
  expect_int_eq (n, 0);
  unpacked_len = out->len;
  unpacked = (char *) g_byte_array_free (g_steal_pointer (&out), FALSE);
  expect_uint_eq (unpacked_len, plain_len);
  expect (memcmp (unpacked, plain, plain_len) == 0);

  remove_tree (a);
  remove_tree (b);
  remove_tree (c);
  remove_tree (z);
}
END_TEST

START_TEST (test_epraccur)
{
  g_autofree char *dir = rx_test_temp_dir ();
  g_autofree char *text = NULL;
  gsize len;
  Csv csv;
  gboolean closed = FALSE, other = FALSE, gp = FALSE;

  generate (RX_GENERATE_SCALE_SMALL, RX_LAYOUT_EPD, 0, 0, 9, dir, NULL);
  text = slurp (dir, "epraccur.csv", &len);
  expect_uint_gt (len, 0);
  expect_int_ne (text[len - 1], '\n');
  expect_int_eq (text[len - 1], '"');
  expect_int_eq (text[0], '"');
  csv_open (&csv, dir, "epraccur.csv", FALSE);
  while (csv_next (&csv))
    {
      const char *status = field (&csv, 12), *setting = field (&csv, 25);

      expect_uint_eq (strlen (field (&csv, 0)), 6);
      expect_uint_eq (strlen (field (&csv, 10)), 8);
      expect (strchr ("ABCDP", status[0]) != NULL);
      expect_str_eq (field (&csv, 14), field (&csv, 23));
      if (strchr ("CBD", status[0]) != NULL)
        {
          expect_uint_eq (strlen (field (&csv, 11)), 8);
          closed = TRUE;
        }
      if (g_str_equal (setting, "4"))
        gp = TRUE;
      else
        {
          expect (g_str_equal (setting, "1") || g_str_equal (setting, "2") ||
                  g_str_equal (setting, "9"));
          expect_int_eq (field (&csv, 0)[0], 'Y');
          other = TRUE;
        }
    }
  expect (closed && other && gp);
  csv_close (&csv);
  remove_tree (dir);
}
END_TEST

/* Quinary cells add up to the ALL/ALL row and to the all-ages file. */
START_TEST (test_list_sizes)
{
  g_autofree char *dir = rx_test_temp_dir ();
  g_autoptr(GHashTable) all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;
  Csv csv;

  generate (RX_GENERATE_SCALE_SMALL, RX_LAYOUT_EPD, 202401, 202401, 13, dir, NULL);
  csv_open (&csv, dir, "gp-reg-pat-prac-all-202401.csv", TRUE);
  while (csv_next (&csv))
    {
      guint64 n = to_u64 (field (&csv, 9));
      expect_str_eq (field (&csv, 1), "2024-01-01");
      expect (n >= 1500 && n <= 20500);
      g_hash_table_insert (all, g_strdup (field (&csv, 5)), GSIZE_TO_POINTER (n));
    }
  csv_close (&csv);
  csv_open (&csv, dir, "gp-reg-pat-prac-quin-age-202401.csv", TRUE);
  while (csv_next (&csv))
    {
      const char *code = field (&csv, 3), *sex = field (&csv, 6);
      gsize n = (gsize) to_u64 (field (&csv, 8));

      if (g_str_equal (sex, "ALL"))
        {
          expect_str_eq (field (&csv, 7), "ALL");
          g_hash_table_insert (totals, g_strdup (code), GSIZE_TO_POINTER (n));
        }
      else
        {
          gsize sum = GPOINTER_TO_SIZE (g_hash_table_lookup (sums, code));
          expect (g_str_equal (sex, "MALE") || g_str_equal (sex, "FEMALE"));
          g_hash_table_insert (sums, g_strdup (code), GSIZE_TO_POINTER (sum + n));
        }
    }
  csv_close (&csv);
  expect_uint_eq (g_hash_table_size (all), g_hash_table_size (totals));
  expect_uint_ge (g_hash_table_size (all), 15);
  g_hash_table_iter_init (&iter, all);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      expect_uint_eq (GPOINTER_TO_SIZE (g_hash_table_lookup (totals, key)),
                      GPOINTER_TO_SIZE (value));
      expect_uint_eq (GPOINTER_TO_SIZE (g_hash_table_lookup (sums, key)), GPOINTER_TO_SIZE (value));
    }
  remove_tree (dir);
}
END_TEST

static void
cancel_on_progress (const RxProgress *progress,
                    gpointer          user_data)
{
  if (progress->file != NULL && g_str_has_prefix (progress->file, "epd_"))
    g_cancellable_cancel (user_data);
}

START_TEST (test_cancel)
{
  g_autofree char *dir = rx_test_temp_dir ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  RxGenerateOptions opts;

  /* Cancelled while the first national month is written: the month's
   * partial file is removed. */
  rx_generate_options_init (&opts);
  opts.scale = RX_GENERATE_SCALE_NATIONAL;
  opts.n_practices = 50;
  expect (!rx_generate (&opts, dir, cancel_on_progress, cancellable, cancellable, &error));
  expect_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED), "%s", error->message);
  expect (!file_exists (dir, "epd_202409.csv"));
  g_clear_error (&error);

  /* Cancelled before it starts. */
  expect (!rx_generate (&opts, dir, NULL, NULL, cancellable, &error));
  expect (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  remove_tree (dir);
}
END_TEST

START_TEST (test_invalid)
{
  g_autofree char *dir = rx_test_temp_dir ();
  RxGenerateOptions opts;

  rx_generate_options_init (&opts);
  opts.from_month = 202405;
  opts.to_month = 202401;
  {
    g_autoptr(GError) error = NULL;
    expect (!rx_generate (&opts, dir, NULL, NULL, NULL, &error));
    expect (g_error_matches (error, RX_GENERATE_ERROR, RX_GENERATE_ERROR_INVALID));
  }
  opts.from_month = 202413;
  opts.to_month = 202413;
  {
    g_autoptr(GError) error = NULL;
    expect (!rx_generate (&opts, dir, NULL, NULL, NULL, &error));
    expect (g_error_matches (error, RX_GENERATE_ERROR, RX_GENERATE_ERROR_INVALID));
  }
  rx_generate_options_init (&opts);
  opts.n_practices = 1000000;
  {
    g_autoptr(GError) error = NULL;
    expect (!rx_generate (&opts, dir, NULL, NULL, NULL, &error));
    expect (g_error_matches (error, RX_GENERATE_ERROR, RX_GENERATE_ERROR_INVALID));
  }
  remove_tree (dir);
}
END_TEST

static void
add_count (GHashTable *set,
           const char *key)
{
  if (*key)
    g_hash_table_add (set, g_strdup (key));
}

/* demo: one ICB, 3 sub-ICBs, ~12 PCNs, ~80 practices, 24 months to 202409. */
START_TEST (test_demo)
{
  g_autofree char *dir = rx_test_temp_dir ();
  g_autoptr(GHashTable) icbs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) subs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) pcns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) practices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) prices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) closed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *last = NULL;
  RxGenerateResult result;
  gboolean no_pcn = FALSE;
  gboolean amox15 = FALSE, amox21 = FALSE, trim6 = FALSE, trim14 = FALSE, statin7 = FALSE;
  gboolean deso_brand = FALSE, strips_a0 = FALSE, ch20 = FALSE, quoted_chapter = FALSE;
  Csv csv;

  /* The whole range in the PDPI layout, whose rows are fewer; then one
   * month in the EPD layout for what the measures select. */
  generate (RX_GENERATE_SCALE_DEMO, RX_LAYOUT_PDPI, 0, 0, 1, dir, &result);
  expect_uint_eq (result.n_months, 24);
  expect (file_exists (dir, "T202210PDPI BNFT.CSV"));
  expect (file_exists (dir, "T202409PDPI BNFT.CSV"));
  expect (!file_exists (dir, "T202209PDPI BNFT.CSV"));
  expect (!file_exists (dir, "T202410PDPI BNFT.CSV"));
  expect (file_exists (dir, "gp-reg-pat-prac-quin-age-202210.csv"));
  expect (file_exists (dir, "gp-reg-pat-prac-all-202409.csv"));

  csv_open (&csv, dir, "gp-reg-pat-prac-map.csv", TRUE);
  while (csv_next (&csv))
    {
      expect_str_eq (field (&csv, 1), "2024-09-01");
      add_count (icbs, field (&csv, 11));
      add_count (subs, field (&csv, 8));
      add_count (pcns, field (&csv, 5));
      if (*field (&csv, 5) == '\0')
        no_pcn = TRUE;
      else
        expect (g_regex_match_simple ("^U[0-9]{5}$", field (&csv, 5), 0, 0));
      expect (g_regex_match_simple ("^[0-9]{2}[A-Z]$", field (&csv, 8), 0, 0));
      expect (g_regex_match_simple ("^Q[A-Z0-9]{2}$", field (&csv, 11), 0, 0));
      expect (g_regex_match_simple ("^Y[0-9]{2}$", field (&csv, 14), 0, 0));
    }
  csv_close (&csv);
  expect_uint_eq (g_hash_table_size (icbs), 1);
  expect_uint_eq (g_hash_table_size (subs), 3);
  expect_uint_ge (g_hash_table_size (pcns), 10);
  expect_uint_le (g_hash_table_size (pcns), 14);
  expect (no_pcn);

  csv_open (&csv, dir, "gp-reg-pat-prac-all-202210.csv", TRUE);
  while (csv_next (&csv))
    add_count (practices, field (&csv, 5));
  csv_close (&csv);
  expect_uint_ge (g_hash_table_size (practices), 70);
  expect_uint_le (g_hash_table_size (practices), 90);

  /* Closed practices (status C, a close date) prescribe no more. */
  csv_open (&csv, dir, "epraccur.csv", FALSE);
  while (csv_next (&csv))
    if (g_str_equal (field (&csv, 12), "C") && g_hash_table_contains (practices, field (&csv, 0)))
      {
        expect_uint_eq (strlen (field (&csv, 11)), 8);
        g_ptr_array_add (closed, g_strdup_printf (",%s,", field (&csv, 0)));
      }
  csv_close (&csv);
  expect_uint_ge (closed->len, 1);
  last = slurp (dir, "T202409PDPI BNFT.CSV", NULL);
  for (guint i = 0; i < closed->len; i++)
    expect_msg (strstr (last, g_ptr_array_index (closed, i)) == NULL, "%s prescribes after closing",
                   (char *) g_ptr_array_index (closed, i));

  remove_tree (dir);

  /* What the bundled measures select is there (methodology.md §8). */
  generate (RX_GENERATE_SCALE_DEMO, RX_LAYOUT_EPD, 202401, 202401, 1, dir, NULL);
  csv_open (&csv, dir, "epd_202401.csv", TRUE);
  while (csv_next (&csv))
    {
      const char *code = field (&csv, 16), *q = field (&csv, 19);
      const char *nic = field (&csv, 23), *total = field (&csv, 21);
      char *price;

      amox15 |= g_str_equal (code, "0501013B0AAABAB") && g_str_equal (q, "15");
      amox21 |= g_str_equal (code, "0501013B0AAABAB") && g_str_equal (q, "21");
      trim6 |= g_str_equal (code, "0501080W0AAAEAE") && g_str_equal (q, "6");
      trim14 |= g_str_equal (code, "0501080W0AAAEAE") && g_str_equal (q, "14");
      statin7 |= g_str_has_prefix (code, "0212000B0") && g_str_equal (q, "7");
      deso_brand |= g_str_has_prefix (code, "0703021Q0B");
      strips_a0 |= g_str_has_prefix (code, "0601060D0") && g_str_has_suffix (code, "A0");
      ch20 |= strlen (code) == 11 && g_str_has_prefix (code, "20");
      quoted_chapter |= g_str_equal (field (&csv, 18),
                                     "07: Obstetrics, Gynaecology and Urinary-Tract Disorders");
      if (g_str_equal (code, "0212000B0AAABAB"))
        {
          /* price a unit, to four places: practices pay different prices */
          price = g_strdup_printf ("%.4f",
                                   g_ascii_strtod (nic, NULL) / g_ascii_strtod (total, NULL));
          g_hash_table_add (prices, price);
        }
    }
  csv_close (&csv);
  expect (amox15 && amox21 && trim6 && trim14 && statin7);
  expect (deso_brand && strips_a0 && ch20 && quoted_chapter);
  expect_uint_gt (g_hash_table_size (prices), 2);
  remove_tree (dir);
}
END_TEST

/* data-formats.md §5: 15 characters for chapters 01–19, 11 for 20–23. */
static gboolean
valid_bnf_code (const char *code)
{
  gsize len = strlen (code);
  int chapter;

  if (len < 2 || !g_ascii_isdigit (code[0]) || !g_ascii_isdigit (code[1]))
    return FALSE;
  for (gsize i = 2; i < len; i++)
    if (!g_ascii_isdigit (code[i]) && !g_ascii_isupper (code[i]))
      return FALSE;
  chapter = (code[0] - '0') * 10 + (code[1] - '0');
  return (chapter >= 1 && chapter <= 19 && len == 15) ||
         (chapter >= 20 && chapter <= 23 && len == 11);
}

/* The national catalogue: ≥ 20,000 valid codes, generic equivalents
 * present, 'A0' brands, appliances; the national hierarchy's codes. */
START_TEST (test_national)
{
  g_autofree char *dir = rx_test_temp_dir ();
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) regions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) icbs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  guint a0 = 0, brands = 0, appliances = 0;
  Csv csv;
  RxGenerateOptions opts;
  RxGenerateResult result;
  g_autoptr(GError) error = NULL;

  rx_generate_options_init (&opts);
  opts.scale = RX_GENERATE_SCALE_NATIONAL;
  opts.n_practices = 20;
  opts.layout = RX_LAYOUT_PDPI;
  expect (rx_generate_full (&opts, dir, NULL, NULL, NULL, &result, &error));
  expect_uint_eq (result.n_months, 1);
  expect (file_exists (dir, "T202409PDPI BNFT.CSV"));
  /* ~2,850 rows a cost centre a month */
  expect_uint_gt (result.prescribing_rows, 20 * 1500);
  expect_uint_lt (result.prescribing_rows, 20 * 5000);

  csv_open (&csv, dir, "bnf-codes.csv", TRUE);
  while (csv_next (&csv))
    {
      const char *code = field (&csv, 14);

      expect_msg (valid_bnf_code (code), "bad code %s", code);
      expect_str_eq (field (&csv, 0), "2024-09");
      for (int i = 1; i < 15; i++)
        expect_msg (*field (&csv, i) != '\0', "%s: level %d empty", code, i);
      expect (g_str_has_prefix (code, field (&csv, 12)));
      expect (g_str_has_prefix (code, field (&csv, 10)));
      expect_msg (g_hash_table_add (codes, g_strdup (code)), "duplicate %s", code);
    }
  csv_close (&csv);
  expect_uint_ge (g_hash_table_size (codes), 20000);
  g_hash_table_iter_init (&iter, codes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *code = key;

      if (strlen (code) == 11)
        {
          appliances++;
          continue;
        }
      if (g_str_has_suffix (code, "A0"))
        {
          a0++;
          continue;
        }
      if (code[9] != 'A' || code[10] != 'A')
        {
          g_autofree char *generic = g_strdup_printf ("%.9sAA%.2s%.2s", code, code + 13, code + 13);
          expect_msg (g_hash_table_contains (codes, generic), "%s: no %s", code, generic);
          brands++;
        }
      else
        expect_msg (code[11] == code[13] && code[12] == code[14], "generic %s", code);
    }
  expect_uint_gt (a0, 20);
  expect_uint_gt (brands, 1000);
  expect_uint_gt (appliances, 500);

  csv_open (&csv, dir, "epraccur.csv", FALSE);
  while (csv_next (&csv))
    {
      add_count (regions, field (&csv, 2));
      add_count (icbs, field (&csv, 3));
    }
  csv_close (&csv);
  expect_uint_ge (g_hash_table_size (regions), 5);
  expect_uint_le (g_hash_table_size (regions), 7);
  expect_uint_ge (g_hash_table_size (icbs), 8);
  expect_uint_le (g_hash_table_size (icbs), 42);
  remove_tree (dir);
}
END_TEST

static Suite *
generate_suite (void)
{
  Suite *s = suite_create ("generate");
  TCase *tc = tcase_create ("core");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_names);
  tcase_add_test (tc, test_small_files);
  tcase_add_test (tc, test_headers);
  tcase_add_test (tc, test_field_counts);
  tcase_add_test (tc, test_epd_numbers);
  tcase_add_test (tc, test_unidentified);
  tcase_add_test (tc, test_determinism);
  tcase_add_test (tc, test_epraccur);
  tcase_add_test (tc, test_list_sizes);
  tcase_add_test (tc, test_cancel);
  tcase_add_test (tc, test_invalid);
  tcase_add_test (tc, test_demo);
  tcase_add_test (tc, test_national);
  suite_add_tcase (s, tc);
  return s;
}

RX_TEST_MAIN (generate_suite)
