// SPDX-License-Identifier: GPL-3.0-or-later
//
// libFuzzer harness for the importer's front half: the streaming CSV
// reader (rx-csv.c), kind detection (rx-source.c) and the field parsers
// (rx-format.c).  Not part of the test suites; build and run it with
// tests/fuzz/run-fuzz.sh.
//
// Input that starts with gzip or ZIP magic goes through the path reader
// (a memfd, so libarchive and the container checks are exercised too);
// anything else through the memory reader.  Every record is read; records
// 1–2 (blank rows skipped, as the importer does) are copied and handed to
// rx_source_detect() and to rx_source_check_kind() for every kind; every
// field of the first records goes through every field parser.

#define _GNU_SOURCE
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "rx-csv.h"
#include "rx-format.h"
#include "rx-source.h"

#define MAX_RECORDS 200000
#define PARSED_RECORDS 64

typedef struct
{
  RxCsvRecord  rec;
  GPtrArray   *strings;
} Copy;

static void
copy_clear (Copy *c)
{
  if (c->strings == NULL)
    return;
  g_ptr_array_unref (c->strings);
  g_free (c->rec.fields);
  g_free (c->rec.lengths);
  memset (c, 0, sizeof *c);
}

/* Copies keep the exact bytes and lengths (fields may hold NULs). */
static void
copy_record (Copy              *c,
             const RxCsvRecord *rec)
{
  c->strings = g_ptr_array_new_with_free_func (g_free);
  c->rec.n_fields = rec->n_fields;
  c->rec.line = rec->line;
  c->rec.fields = g_new0 (const char *, rec->n_fields + 1);
  c->rec.lengths = g_new0 (guint, rec->n_fields + 1);
  for (guint i = 0; i < rec->n_fields; i++)
    {
      char *s = g_malloc (rec->lengths[i] + 1);

      memcpy (s, rec->fields[i], rec->lengths[i]);
      s[rec->lengths[i]] = '\0';
      g_ptr_array_add (c->strings, s);
      c->rec.fields[i] = s;
      c->rec.lengths[i] = rec->lengths[i];
    }
}

static void
parse_fields (const RxCsvRecord *rec)
{
  for (guint i = 0; i < rec->n_fields; i++)
    {
      const char *s = rec->fields[i];
      gsize len = rec->lengths[i];
      gint64 v;
      gint month, y, m, d;
      gboolean flag, rounded;
      char snomed[19], code[RX_ODS_CODE_BUF_SIZE];
      g_autofree char *text = rx_text_to_utf8 (s, len);
      g_autofree char *norm = rx_source_norm (s, len);

      g_assert (g_utf8_validate (text, -1, NULL));
      (void) rx_parse_whole (s, len, &v);
      for (guint scale = 0; scale <= 5; scale++)
        (void) rx_parse_decimal (s, len, scale, &v, &rounded);
      (void) rx_parse_month (s, len, &month);
      if (rx_parse_date (s, len, &y, &m, &d))
        g_assert (m >= 1 && m <= 12 && d >= 1 && d <= 31);
      (void) rx_parse_flag (s, len, &flag);
      if (rx_parse_snomed (s, len, snomed))
        g_assert (strlen (snomed) >= 6 && strlen (snomed) <= 18);
      if (rx_parse_ods_code (s, len, code, sizeof code))
        g_assert (strlen (code) >= 3 && strlen (code) <= 8);
    }
}

static RxCsvReader *
open_reader (const uint8_t *data,
             size_t         size,
             int           *fd)
{
  RxContainer container = rx_csv_sniff_container (data, MIN (size, 64));
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  RxCsvReader *reader;

  *fd = -1;
  if (container != RX_CONTAINER_GZIP && container != RX_CONTAINER_ZIP)
    return rx_csv_reader_new_for_memory ((const char *) data, size, "fuzz.csv");

  *fd = memfd_create ("fuzz", MFD_CLOEXEC);
  g_assert (*fd >= 0);
  g_assert (write (*fd, data, size) == (ssize_t) size);
  path = g_strdup_printf ("/proc/self/fd/%d", *fd);
  reader = rx_csv_reader_new_for_path (path, &error);
  g_assert ((reader == NULL) == (error != NULL));
  if (reader == NULL)
    g_assert (error->domain == RX_CSV_ERROR);
  return reader;
}

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A g_return_if_fail() that fires is a bug the fuzzer must report. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const RxKind kinds[] = {
    RX_KIND_EPD, RX_KIND_PDPI, RX_KIND_PDPI_ADDR, RX_KIND_PDPI_CHEM, RX_KIND_ORG_MAP,
    RX_KIND_EPRACCUR, RX_KIND_LIST_SIZE, RX_KIND_BNF_CODES, RX_KIND_UNKNOWN,
  };
  Copy head[2] = { { { 0 } } };
  guint n_head = 0, n_records = 0;
  guint64 last_line = 0;
  g_autoptr(GError) error = NULL;
  RxCsvRecord *rec;
  int fd;
  RxCsvReader *reader = open_reader (data, size, &fd);

  if (reader == NULL)
    goto out;
  while (n_records < MAX_RECORDS && rx_csv_reader_next (reader, &rec, &error))
    {
      g_assert (rec->n_fields >= 1);
      g_assert (rec->line > last_line);
      last_line = rec->line;
      for (guint i = 0; i < rec->n_fields; i++)
        g_assert (rec->fields[i] != NULL || rec->lengths[i] == 0);
      if (n_records < PARSED_RECORDS)
        parse_fields (rec);
      if (n_head < 2 && !rx_csv_record_is_blank (rec))
        copy_record (&head[n_head++], rec);
      n_records++;
    }
  if (error != NULL)
    g_assert (error->domain == RX_CSV_ERROR || error->domain == G_FILE_ERROR);
  (void) rx_csv_reader_at_end (reader);
  (void) rx_csv_reader_get_bytes_in (reader);

  if (n_head > 0)
    {
      const RxCsvRecord *second = n_head > 1 ? &head[1].rec : NULL;
      g_autoptr(GError) detect_error = NULL;
      g_autoptr(RxHeader) header = rx_header_new (&head[0].rec);
      RxKind kind = rx_source_detect (&head[0].rec, second, &detect_error);

      g_assert ((kind == RX_KIND_UNKNOWN) == (detect_error != NULL));
      if (detect_error != NULL)
        g_assert (g_utf8_validate (detect_error->message, -1, NULL));
      for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          g_autoptr(GError) check_error = NULL;
          RxKind resolved;
          gboolean ok = rx_source_check_kind (kinds[k], &head[0].rec, second, &resolved,
                                              &check_error);

          g_assert (ok == (check_error == NULL));
        }
      (void) rx_header_find (header, "YEAR_MONTH");
    }

out:
  copy_clear (&head[0]);
  copy_clear (&head[1]);
  rx_csv_reader_free (reader);
  if (fd >= 0)
    close (fd);
  return 0;
}
