// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <zlib.h>

#include "rx-csv.h"
#include "rx-test.h"

/* Reads every record of @text into "a|b|c" lines joined by "\n", with the
 * line number of each record as "N:" in front. */
static char *
read_all_records (const char *text,
                  gsize       len,
                  GError    **error)
{
  g_autoptr(RxCsvReader) reader = rx_csv_reader_new_for_memory (text, len, "mem.csv");
  g_autoptr(GString) out = g_string_new (NULL);
  RxCsvRecord *rec;

  while (rx_csv_reader_next (reader, &rec, error))
    {
      g_string_append_printf (out, "%" G_GUINT64_FORMAT ":", rec->line);
      for (guint i = 0; i < rec->n_fields; i++)
        {
          if (i > 0)
            g_string_append_c (out, '|');
          g_string_append_len (out, rec->fields[i], rec->lengths[i]);
        }
      g_string_append_c (out, '\n');
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define ASSERT_RECORDS(text, expected)                                  \
  G_STMT_START {                                                        \
    g_autoptr(GError) e_ = NULL;                                        \
    g_autofree char *got_ = read_all_records (text, strlen (text), &e_); \
    ck_assert_msg (e_ == NULL, "%s", e_ ? e_->message : "");            \
    ck_assert_str_eq (got_, expected);                                  \
  } G_STMT_END

START_TEST (test_plain)
{
  ASSERT_RECORDS ("a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n");
  ASSERT_RECORDS ("a,b\r\n1,2\r\n", "1:a|b\n2:1|2\n");
  /* No final newline: the last record counts. */
  ASSERT_RECORDS ("a,b\n1,2", "1:a|b\n2:1|2\n");
  /* Empty fields, trailing empty field. */
  ASSERT_RECORDS ("a,,c,\n", "1:a||c|\n");
  ASSERT_RECORDS ("", "");
}
END_TEST

START_TEST (test_quoted)
{
  ASSERT_RECORDS ("\"FIELD HOUSE SURGERY, BRIDLINGTON\",2\n",
                  "1:FIELD HOUSE SURGERY, BRIDLINGTON|2\n");
  ASSERT_RECORDS ("\"say \"\"hi\"\"\",x\n", "1:say \"hi\"|x\n");
  /* A newline inside quotes: one record, the next one on line 3. */
  ASSERT_RECORDS ("\"two\nlines\",x\nnext,y\n", "1:two\nlines|x\n3:next|y\n");
  /* A quote inside an unquoted field is literal. */
  ASSERT_RECORDS ("ab\"c,d\n", "1:ab\"c|d\n");
  ASSERT_RECORDS ("\"\",\"\"\n", "1:|\n");
}
END_TEST

START_TEST (test_bom)
{
  ASSERT_RECORDS ("\xef\xbb\xbfYEAR_MONTH,X\n1,2\n", "1:YEAR_MONTH|X\n2:1|2\n");
}
END_TEST

START_TEST (test_utf16_refused)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = read_all_records ("\xff\xfe" "a\0,\0", 6, &error);

  ck_assert_ptr_null (got);
  ck_assert (g_error_matches (error, RX_CSV_ERROR, RX_CSV_ERROR_CONTAINER));
}
END_TEST

START_TEST (test_unclosed_quote)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = read_all_records ("a,b\n\"open,x\n", 12, &error);

  ck_assert_ptr_null (got);
  ck_assert (g_error_matches (error, RX_CSV_ERROR, RX_CSV_ERROR_TRUNCATED));
  ck_assert (strstr (error->message, "mem.csv:2") != NULL);
}
END_TEST

START_TEST (test_blank)
{
  g_autoptr(RxCsvReader) reader = rx_csv_reader_new_for_memory (",,, ,\n  \n", 9, "m");
  RxCsvRecord *rec;

  ck_assert (rx_csv_reader_next (reader, &rec, NULL));
  ck_assert (rx_csv_record_is_blank (rec));
  ck_assert (rx_csv_reader_next (reader, &rec, NULL));
  ck_assert (rx_csv_record_is_blank (rec));
  ck_assert (!rx_csv_reader_next (reader, &rec, NULL));
}
END_TEST

/* Records across many refills, with quoted fields straddling the block
 * boundaries: the parse must not depend on where blocks end. */
START_TEST (test_large_stream)
{
  g_autoptr(GString) text = g_string_new ("CODE,NAME,N\n");
  g_autoptr(RxCsvReader) reader = NULL;
  RxCsvRecord *rec;
  guint64 n = 0;
  guint64 sum = 0;

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (text, "A%05u,\"NAME %u, \"\"Q\"\"\",%u\r\n", i % 100000, i, i);
  reader = rx_csv_reader_new_for_memory (text->str, text->len, "big.csv");
  ck_assert (rx_csv_reader_next (reader, &rec, NULL));
  while (rx_csv_reader_next (reader, &rec, NULL))
    {
      g_autofree char *name = g_strndup (rec->fields[1], rec->lengths[1]);
      g_autofree char *want = g_strdup_printf ("NAME %" G_GUINT64_FORMAT ", \"Q\"", n);

      ck_assert_uint_eq (rec->n_fields, 3);
      if (g_strcmp0 (name, want) != 0)
        ck_abort_msg ("record %" G_GUINT64_FORMAT ": %s", n, name);
      ck_assert_uint_eq (rec->line, n + 2);
      sum += g_ascii_strtoull (rec->fields[2], NULL, 10);
      n++;
    }
  ck_assert_uint_eq (n, 200000);
  ck_assert_uint_eq (sum, (guint64) 199999 * 200000 / 2);
}
END_TEST

static char *
write_temp (const char *name,
            const void *data,
            gsize       len)
{
  g_autofree char *dir = rx_test_temp_dir ();
  char *path = g_build_filename (dir, name, NULL);

  ck_assert (g_file_set_contents (path, data, len, NULL));
  return path;
}

START_TEST (test_gzip)
{
  const char *text = "a,b\n1,2\n3,4\n";
  g_autofree char *dir = rx_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "x.csv.gz", NULL);
  g_autoptr(RxCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  RxCsvRecord *rec;
  gzFile gz = gzopen (path, "wb");
  int n = 0;

  gzwrite (gz, text, strlen (text));
  gzclose (gz);
  reader = rx_csv_reader_new_for_path (path, &error);
  ck_assert_msg (reader != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (rx_csv_reader_get_container (reader), RX_CONTAINER_GZIP);
  while (rx_csv_reader_next (reader, &rec, &error))
    n++;
  ck_assert_ptr_null (error);
  ck_assert_int_eq (n, 3);
}
END_TEST

START_TEST (test_gzip_truncated)
{
  g_autofree char *dir = rx_test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "x.csv.gz", NULL);
  g_autofree char *data = NULL;
  g_autofree char *cut = NULL;
  g_autoptr(RxCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  RxCsvRecord *rec;
  gsize len;
  gzFile gz;

  for (int i = 0; i < 5000; i++)
    g_string_append_printf (text, "row%d,%d\n", i, i * 7);
  gz = gzopen (path, "wb");
  gzwrite (gz, text->str, text->len);
  gzclose (gz);
  ck_assert (g_file_get_contents (path, &data, &len, NULL));
  cut = write_temp ("cut.gz", data, len - 20);
  reader = rx_csv_reader_new_for_path (cut, &error);
  ck_assert_ptr_nonnull (reader);
  while (rx_csv_reader_next (reader, &rec, &error))
    ;
  ck_assert_ptr_nonnull (error);
  ck_assert (g_error_matches (error, RX_CSV_ERROR, RX_CSV_ERROR_TRUNCATED));
}
END_TEST

START_TEST (test_sniff)
{
  ck_assert_int_eq (rx_csv_sniff_container ((const guint8 *) "PK\003\004xx", 6), RX_CONTAINER_ZIP);
  ck_assert_int_eq (rx_csv_sniff_container ((const guint8 *) "\xd0\xcf\x11\xe0", 4), RX_CONTAINER_XLS);
  ck_assert_int_eq (rx_csv_sniff_container ((const guint8 *) " [{\"a\"", 6), RX_CONTAINER_JSON);
  ck_assert_int_eq (rx_csv_sniff_container ((const guint8 *) "A,B", 3), RX_CONTAINER_TEXT);
}
END_TEST

static Suite *
csv_suite (void)
{
  Suite *s = suite_create ("csv");
  TCase *tc = tcase_create ("reader");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_plain);
  tcase_add_test (tc, test_quoted);
  tcase_add_test (tc, test_bom);
  tcase_add_test (tc, test_utf16_refused);
  tcase_add_test (tc, test_unclosed_quote);
  tcase_add_test (tc, test_blank);
  tcase_add_test (tc, test_large_stream);
  tcase_add_test (tc, test_gzip);
  tcase_add_test (tc, test_gzip_truncated);
  tcase_add_test (tc, test_sniff);
  suite_add_tcase (s, tc);
  return s;
}

RX_TEST_MAIN (csv_suite)
