// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-import"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "rx-compute.h"
#include "rx-format.h"
#include "rx-import-private.h"
#include "rx-import.h"

/* The import driver: opens a file, detects its kind, runs the importer for
 * that kind inside one transaction, logs it, and leaves the database as it
 * was on any error, cancel or kill (SQLite's WAL makes the commit atomic). */

G_DEFINE_QUARK (rx-import-error-quark, rx_import_error)

#define HASH_SAMPLE (16 << 20)
#define MAX_BAD_PER_MILLE 1        /* more than 0.1 % bad rows refuses the file */

void
rx_import_options_init (RxImportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->kind = RX_KIND_UNKNOWN;
  options->compute = TRUE;
}

void
rx_import_result_free (RxImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->file);
  g_array_unref (result->months);
  g_ptr_array_unref (result->rejections);
  g_ptr_array_unref (result->warnings);
  g_clear_error (&result->compute_error);
  g_free (result);
}

static RxImportResult *
result_new (const char *path)
{
  RxImportResult *result = g_new0 (RxImportResult, 1);

  result->file = g_strdup (path);
  result->months = g_array_new (FALSE, FALSE, sizeof (int));
  result->rejections = g_ptr_array_new_with_free_func (g_free);
  result->warnings = g_ptr_array_new_with_free_func (g_free);
  return result;
}

static char *
months_text (GArray *months)
{
  GString *out = g_string_new (NULL);

  if (months->len == 0)
    g_string_append (out, "no month");
  else if (months->len == 1)
    {
      int m = g_array_index (months, int, 0);
      g_string_append_printf (out, "%04d-%02d", m / 100, m % 100);
    }
  else
    {
      int a = g_array_index (months, int, 0), b = g_array_index (months, int, months->len - 1);
      g_string_append_printf (out, "%04d-%02d..%04d-%02d", a / 100, a % 100, b / 100, b % 100);
    }
  return g_string_free (out, FALSE);
}

/**
 * rx_import_result_summary:
 *
 * The summary line of cli.md:
 * `FILE: KIND, MONTHS, N rows read, N stored, N rejected, S s (N rows/s)`.
 */
char *
rx_import_result_summary (const RxImportResult *result)
{
  g_autofree char *months = months_text (result->months);
  double rate = result->seconds > 0 ? result->rows_read / result->seconds : 0;

  if (result->skipped)
    return g_strdup_printf ("%s: already imported (same content); use --force to import it again",
                            result->file);
  return g_strdup_printf ("%s: %s, %s, %" G_GUINT64_FORMAT " rows read, %" G_GUINT64_FORMAT
                          " stored, %" G_GUINT64_FORMAT " rejected, %.1f s (%.0f rows/s)",
                          result->file, rx_kind_to_string (result->kind), months,
                          result->rows_read, result->rows_stored, result->rows_rejected,
                          result->seconds, rate);
}

/* ------------------------------------------------------------------ */
/* Helpers for the importers                                           */

void
rx_import_reject (RxImportContext *ctx,
                  guint64          line,
                  const char      *format,
                  ...)
{
  ctx->result->rows_rejected++;
  if (ctx->result->rejections->len < RX_IMPORT_MAX_SHOWN)
    {
      g_autofree char *reason = NULL;
      va_list args;

      va_start (args, format);
      reason = g_strdup_vprintf (format, args);
      va_end (args);
      g_ptr_array_add (ctx->result->rejections,
                       g_strdup_printf ("%s:%" G_GUINT64_FORMAT ": %s", ctx->name, line, reason));
    }
}

void
rx_import_warn_once (RxImportContext *ctx,
                     const char      *key,
                     const char      *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (g_hash_table_contains (ctx->warned, key))
    return;
  g_hash_table_add (ctx->warned, g_strdup (key));
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ctx->result->warnings, g_strdup_printf ("%s: %s", ctx->name, message));
}

static void
report_progress (RxImportContext *ctx,
                 const char      *stage)
{
  RxProgress progress = { 0 };
  double seconds = (g_get_monotonic_time () - ctx->started) / 1e6;

  if (ctx->options->progress == NULL)
    return;
  progress.stage = stage;
  progress.file = ctx->path;
  progress.bytes_done = rx_csv_reader_get_bytes_in (ctx->reader);
  progress.bytes_total = rx_csv_reader_get_size (ctx->reader);
  progress.rows = ctx->result->rows_read;
  progress.rows_per_second = seconds > 0 ? ctx->result->rows_read / seconds : 0;
  progress.fraction = progress.bytes_total > 0
    ? MIN (1.0, (double) progress.bytes_done / progress.bytes_total) : -1;
  ctx->options->progress (&progress, ctx->options->progress_data);
}

/* Called for every record: cheap, and every 64k rows reports progress and
 * checks for a cancel, so an import stops well within a second. */
gboolean
rx_import_tick (RxImportContext  *ctx,
                GError          **error)
{
  if ((ctx->result->rows_read & 0xffff) != 0)
    return TRUE;
  if (g_cancellable_set_error_if_cancelled (ctx->cancellable, error))
    return FALSE;
  if (g_get_monotonic_time () - ctx->last_tick > 200000)
    {
      ctx->last_tick = g_get_monotonic_time ();
      report_progress (ctx, "reading");
    }
  return TRUE;
}

void
rx_import_add_month (RxImportContext *ctx,
                     int              month)
{
  GArray *months = ctx->result->months;
  guint i = 0;

  while (i < months->len && g_array_index (months, int, i) < month)
    i++;
  if (i < months->len && g_array_index (months, int, i) == month)
    return;
  g_array_insert_val (months, i, month);
}

gboolean
rx_import_mark_month (RxImportContext  *ctx,
                      int               month,
                      const char       *kind,
                      GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (ctx->db,
    "INSERT OR REPLACE INTO month_held (month, kind) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, month);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return rx_db_set_error (ctx->db, error, "cannot record the month");
  rx_import_add_month (ctx, month);
  return TRUE;
}

/* Empty fields past the header's count are ignored; non-empty ones reject
 * the row (trap 10).  Returns FALSE when the row was rejected. */
gboolean
rx_import_check_extra (RxImportContext   *ctx,
                       const RxCsvRecord *record)
{
  for (guint i = ctx->header != NULL ? ctx->header->n : record->n_fields; i < record->n_fields; i++)
    if (!rx_csv_field_is_blank (record->fields[i], record->lengths[i]))
      {
        rx_import_reject (ctx, record->line, "%u fields, the header has %u", record->n_fields,
                          ctx->header->n);
        return FALSE;
      }
  return TRUE;
}

/* The field as text: trimmed, UTF-8 (Latin-1 and cp1252 converted), CR/LF
 * inside made spaces; NULL for a missing column. */
char *
rx_import_field (const RxCsvRecord *record,
                 int                column)
{
  if (column < 0 || (guint) column >= record->n_fields)
    return NULL;
  return rx_text_to_utf8 (record->fields[column], record->lengths[column]);
}

gboolean
rx_import_field_is_empty (const RxCsvRecord *record,
                          int                column)
{
  return column < 0 || (guint) column >= record->n_fields ||
         rx_csv_field_is_blank (record->fields[column], record->lengths[column]);
}

/* The first present of "A|B|C" in the header, or -1. */
int
rx_import_col (RxImportContext *ctx,
               const char      *names)
{
  g_auto(GStrv) list = g_strsplit (names, "|", -1);

  return rx_header_find_any (ctx->header, (const char * const *) list);
}

/* ------------------------------------------------------------------ */
/* Pending records: records 1–2 are read for detection before the       */
/* importer runs, so they are copied and handed out again first.        */

typedef struct
{
  RxCsvRecord  record;
  GPtrArray   *strings;
} OwnedRecord;

static void
owned_record_free (gpointer data)
{
  OwnedRecord *owned = data;

  g_ptr_array_unref (owned->strings);
  g_free (owned->record.fields);
  g_free (owned->record.lengths);
  g_free (owned);
}

static OwnedRecord *
owned_record_copy (const RxCsvRecord *record)
{
  OwnedRecord *owned = g_new0 (OwnedRecord, 1);

  owned->strings = g_ptr_array_new_with_free_func (g_free);
  owned->record.n_fields = record->n_fields;
  owned->record.line = record->line;
  owned->record.fields = g_new0 (const char *, record->n_fields + 1);
  owned->record.lengths = g_new0 (guint, record->n_fields + 1);
  for (guint i = 0; i < record->n_fields; i++)
    {
      char *copy = g_strndup (record->fields[i], record->lengths[i]);
      g_ptr_array_add (owned->strings, copy);
      owned->record.fields[i] = copy;
      owned->record.lengths[i] = record->lengths[i];
    }
  return owned;
}

/**
 * rx_import_next:
 *
 * The next non-blank record for an importer: the copied detection records
 * first, then the file's.
 */
gboolean
rx_import_next (RxImportContext    *ctx,
                const RxCsvRecord **record,
                GError            **error)
{
  for (;;)
    {
      RxCsvRecord *rec;

      if (ctx->pending_next < ctx->pending->len)
        {
          OwnedRecord *owned = g_ptr_array_index (ctx->pending, ctx->pending_next++);
          *record = &owned->record;
          return TRUE;
        }
      if (!rx_csv_reader_next (ctx->reader, &rec, error))
        return FALSE;
      if (rx_csv_record_is_blank (rec))
        continue;
      *record = rec;
      return TRUE;
    }
}

/* ------------------------------------------------------------------ */
/* Hash and log                                                         */

/* "The same file": a SHA-256 over the size and the first and last 16 MiB.
 * A full hash of a 7.7 GB month would cost as much as the import. */
static char *
content_hash (const char  *path,
              guint64     *size,
              GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buf = g_malloc (HASH_SAMPLE);
  FILE *file = g_fopen (path, "rb");
  GStatBuf st;
  size_t got;

  if (file == NULL || g_stat (path, &st) != 0)
    {
      int saved = errno;
      if (file != NULL)
        fclose (file);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  *size = st.st_size;
  g_checksum_update (sum, (const guchar *) size, sizeof *size);
  got = fread (buf, 1, HASH_SAMPLE, file);
  g_checksum_update (sum, buf, got);
  if ((guint64) st.st_size > 2 * HASH_SAMPLE)
    {
      fseeko (file, -(off_t) HASH_SAMPLE, SEEK_END);
      got = fread (buf, 1, HASH_SAMPLE, file);
      g_checksum_update (sum, buf, got);
    }
  else if ((guint64) st.st_size > HASH_SAMPLE)
    {
      got = fread (buf, 1, HASH_SAMPLE, file);
      g_checksum_update (sum, buf, got);
    }
  fclose (file);
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
already_imported (RxDb       *db,
                  const char *hash)
{
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (db,
    "SELECT 1 FROM import_log WHERE sha256 = ? LIMIT 1", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
write_log (RxImportContext  *ctx,
           guint64           size,
           const char       *hash,
           GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = rx_db_prepare (ctx->db,
    "INSERT INTO import_log (file_name, file_size, sha256, kind, months, rows_read, rows_stored, "
    "rows_rejected, seconds, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  g_autofree char *months = months_text (ctx->result->months);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ctx->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, size);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, rx_kind_to_string (ctx->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, months, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, ctx->result->rows_read);
  sqlite3_bind_int64 (stmt, 7, ctx->result->rows_stored);
  sqlite3_bind_int64 (stmt, 8, ctx->result->rows_rejected);
  sqlite3_bind_double (stmt, 9, (g_get_monotonic_time () - ctx->started) / 1e6);
  sqlite3_bind_text (stmt, 10, stamp, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return rx_db_set_error (ctx->db, error, "cannot write the import log");

  /* The months this file brought were (re)written in this transaction,
   * so theirs are the rows without an import yet. */
  {
    gint64 id = sqlite3_last_insert_rowid (rx_db_get_handle (ctx->db));
    g_autoptr(sqlite3_stmt) held = rx_db_prepare (ctx->db,
      "UPDATE month_held SET import_id = ? WHERE month = ? AND import_id IS NULL", error);

    if (held == NULL)
      return FALSE;
    for (guint i = 0; i < ctx->result->months->len; i++)
      {
        sqlite3_bind_int64 (held, 1, id);
        sqlite3_bind_int (held, 2, g_array_index (ctx->result->months, int, i));
        if (sqlite3_step (held) != SQLITE_DONE)
          return rx_db_set_error (ctx->db, error, "cannot write the import log");
        sqlite3_reset (held);
      }
  }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The driver                                                           */

static gboolean
refuse_container (RxCsvReader  *reader,
                  const char   *name,
                  GError      **error)
{
  switch (rx_csv_reader_get_container (reader))
    {
    case RX_CONTAINER_XLSX:
      g_set_error (error, RX_IMPORT_ERROR, RX_IMPORT_ERROR_REFUSED,
                   "%s: a spreadsheet (XLSX): for PCNs import gp-reg-pat-prac-map.csv; for BNF "
                   "names the BNF Code Information CSV", name);
      return FALSE;
    case RX_CONTAINER_XLS:
      g_set_error (error, RX_IMPORT_ERROR, RX_IMPORT_ERROR_REFUSED,
                   "%s: an Excel 97 spreadsheet (XLS): import the published CSV instead", name);
      return FALSE;
    case RX_CONTAINER_JSON:
      g_set_error (error, RX_IMPORT_ERROR, RX_IMPORT_ERROR_REFUSED,
                   "%s: JSON (the ODS API?): import epraccur.csv and gp-reg-pat-prac-map.csv", name);
      return FALSE;
    default:
      return TRUE;
    }
}

static gboolean
is_headerless (RxKind kind)
{
  return kind == RX_KIND_EPRACCUR || kind == RX_KIND_PDPI_ADDR;
}

/* Reads records 1–2, decides the kind, and queues the records the importer
 * must still see. */
static gboolean
detect (RxImportContext  *ctx,
        GError          **error)
{
  RxCsvRecord *rec;
  OwnedRecord *first = NULL, *second = NULL;
  g_autoptr(GError) local = NULL;
  RxKind kind;

  do
    {
      if (!rx_csv_reader_next (ctx->reader, &rec, &local))
        {
          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          g_set_error (error, RX_IMPORT_ERROR, RX_IMPORT_ERROR_REFUSED, "%s: the file is empty",
                       ctx->name);
          return FALSE;
        }
    }
  while (rx_csv_record_is_blank (rec));
  first = owned_record_copy (rec);
  g_ptr_array_add (ctx->pending, first);
  while (rx_csv_reader_next (ctx->reader, &rec, &local))
    if (!rx_csv_record_is_blank (rec))
      {
        second = owned_record_copy (rec);
        g_ptr_array_add (ctx->pending, second);
        break;
      }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  if (ctx->options->kind != RX_KIND_UNKNOWN)
    {
      if (!rx_source_check_kind (ctx->options->kind, &first->record,
                                 second ? &second->record : NULL, &kind, &local))
        {
          g_set_error (error, RX_IMPORT_ERROR, RX_IMPORT_ERROR_REFUSED, "%s: not a %s file: %s",
                       ctx->name, rx_kind_to_string (ctx->options->kind), local->message);
          return FALSE;
        }
    }
  else
    {
      RxKind resolved;

      kind = rx_source_detect (&first->record, second ? &second->record : NULL, &local);
      if (kind == RX_KIND_UNKNOWN)
        {
          g_set_error (error, RX_IMPORT_ERROR, RX_IMPORT_ERROR_REFUSED, "%s: %s", ctx->name,
                       local->message);
          return FALSE;
        }
      /* Detection looks at a few names only; the kind's other required
       * columns must be there too, or every row would be rejected as
       * "NIC is missing" instead of the file being refused for what it
       * lacks. */
      if (!rx_source_check_kind (kind, &first->record, second ? &second->record : NULL,
                                 &resolved, &local))
        {
          g_set_error (error, RX_IMPORT_ERROR, RX_IMPORT_ERROR_REFUSED, "%s: a %s file, but %s",
                       ctx->name, rx_kind_to_string (kind), local->message);
          return FALSE;
        }
    }
  ctx->kind = kind;
  ctx->result->kind = kind;
  if (!is_headerless (kind))
    {
      ctx->header = rx_header_new (&first->record);
      ctx->pending_next = 1;     /* the header is not a row */
    }
  return TRUE;
}

static gboolean
run_importer (RxImportContext  *ctx,
              GError          **error)
{
  switch (ctx->kind)
    {
    case RX_KIND_EPD:
    case RX_KIND_PDPI:
      return rx_import_prescribing (ctx, error);
    case RX_KIND_ORG_MAP:
      return rx_import_org_map (ctx, error);
    case RX_KIND_EPRACCUR:
      return rx_import_epraccur (ctx, error);
    case RX_KIND_PDPI_ADDR:
      return rx_import_pdpi_addr (ctx, error);
    case RX_KIND_PDPI_CHEM:
      return rx_import_pdpi_chem (ctx, error);
    case RX_KIND_LIST_SIZE_QUINARY:
    case RX_KIND_LIST_SIZE_ALL:
      return rx_import_list_size (ctx, error);
    case RX_KIND_BNF_CODES:
      return rx_import_bnf_codes (ctx, error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_bad_rows (RxImportContext  *ctx,
                GError          **error)
{
  RxImportResult *r = ctx->result;

  if (r->rows_rejected * 1000 > r->rows_read * MAX_BAD_PER_MILLE)
    {
      g_set_error (error, RX_IMPORT_ERROR, RX_IMPORT_ERROR_REFUSED,
                   "%s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " rows rejected (more than "
                   "0.1%%): the file is refused and nothing was stored", ctx->name,
                   r->rows_rejected, r->rows_read);
      return FALSE;
    }
  return TRUE;
}

static void
context_clear (RxImportContext *ctx)
{
  g_clear_pointer (&ctx->orgs, rx_orgs_free);
  g_clear_pointer (&ctx->codes, rx_codes_free);
  g_clear_pointer (&ctx->reader, rx_csv_reader_free);
  g_clear_pointer (&ctx->header, rx_header_free);
  g_clear_pointer (&ctx->warned, g_hash_table_unref);
  g_clear_pointer (&ctx->pending, g_ptr_array_unref);
  g_clear_pointer (&ctx->name, g_free);
}

/**
 * rx_import_file:
 *
 * Imports one published file in one transaction: all of it is stored or
 * none of it.  On a refusal the result's rejections are still wanted by
 * the caller, so they are appended to the error message.
 *
 * Returns: the result, or %NULL with @error set.
 */
RxImportResult *
rx_import_file (RxDb                   *db,
                const char             *path,
                const RxImportOptions  *options,
                GCancellable           *cancellable,
                GError                **error)
{
  RxImportContext ctx = { 0 };
  g_autoptr(RxImportResult) result = result_new (path);
  g_autofree char *hash = NULL;
  g_autoptr(GError) local = NULL;
  guint64 size = 0;
  gboolean ok;

  ctx.db = db;
  ctx.path = path;
  ctx.name = g_path_get_basename (path);
  ctx.result = result;
  ctx.options = options;
  ctx.cancellable = cancellable;
  ctx.started = g_get_monotonic_time ();
  ctx.warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.pending = g_ptr_array_new_with_free_func (owned_record_free);

  hash = content_hash (path, &size, error);
  if (hash == NULL)
    {
      context_clear (&ctx);
      return NULL;
    }
  if (!options->force && already_imported (db, hash))
    {
      result->skipped = TRUE;
      context_clear (&ctx);
      return g_steal_pointer (&result);
    }

  ctx.reader = rx_csv_reader_new_for_path (path, &local);
  ok = ctx.reader != NULL && refuse_container (ctx.reader, ctx.name, &local) &&
       detect (&ctx, &local);
  /* The importers look at the cancellable every 64k rows only: a small file
   * cancelled before it starts, or while it is stored, must not be
   * committed either. */
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, &local))
    ok = FALSE;
  if (ok && !rx_db_begin (db, &local))
    ok = FALSE;
  else if (ok)
    {
      ctx.orgs = rx_orgs_new (db, &local);
      ctx.codes = ctx.orgs != NULL ? rx_codes_new (db, &local) : NULL;
      ok = ctx.codes != NULL && run_importer (&ctx, &local) && check_bad_rows (&ctx, &local) &&
           write_log (&ctx, size, hash, &local) &&
           !g_cancellable_set_error_if_cancelled (cancellable, &local) &&
           rx_db_commit (db, &local);
      if (!ok)
        rx_db_rollback (db);
    }
  result->seconds = (g_get_monotonic_time () - ctx.started) / 1e6;
  context_clear (&ctx);

  if (!ok)
    {
      /* Errors from the reader (truncated, container) and the detection are
       * refusals of the input: exit 4, not a failure of the program. */
      if (local->domain == RX_CSV_ERROR || local->domain == RX_SOURCE_ERROR)
        local->domain = RX_IMPORT_ERROR, local->code = RX_IMPORT_ERROR_REFUSED;
      if (result->rejections->len > 0)
        {
          g_ptr_array_add (result->rejections, NULL);
          g_autofree char *shown = g_strjoinv ("\n", (char **) result->rejections->pdata);
          g_prefix_error (&local, "%s\n", shown);
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  /* The file is committed by now: a failure to compute does not undo it. */
  if (options->compute)
    rx_compute_after_import (db, result, cancellable, options->progress, options->progress_data,
                             &result->compute_error);
  return g_steal_pointer (&result);
}

typedef struct
{
  char            *db_path;
  char           **paths;
  RxImportOptions  options;
} ImportTaskData;

static void
import_task_data_free (gpointer data)
{
  ImportTaskData *d = data;

  g_free (d->db_path);
  g_strfreev (d->paths);
  g_free (d);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportTaskData *d = task_data;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) rx_import_result_free);
  g_autoptr(RxDb) db = NULL;
  GError *error = NULL;

  /* A worker opens its own connection: never the main thread's. */
  db = rx_db_open (d->db_path, RX_DB_OPEN_CREATE, &error);
  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (char **p = d->paths; *p != NULL; p++)
    {
      RxImportResult *result = rx_import_file (db, *p, &d->options, cancellable, &error);

      if (result == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (results, result);
      if (result->compute_error != NULL)
        break;      /* stored, but cancelled or failed while computing: stop here */
    }
  g_task_return_pointer (task, g_steal_pointer (&results), (GDestroyNotify) g_ptr_array_unref);
}

void
rx_import_files_async (const char             *db_path,
                       char                  **paths,
                       const RxImportOptions  *options,
                       GCancellable           *cancellable,
                       GAsyncReadyCallback     callback,
                       gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ImportTaskData *d = g_new0 (ImportTaskData, 1);

  d->db_path = g_strdup (db_path);
  d->paths = g_strdupv (paths);
  d->options = *options;
  g_task_set_source_tag (task, rx_import_files_async);
  g_task_set_task_data (task, d, import_task_data_free);
  g_task_run_in_thread (task, import_thread);
}

GPtrArray *
rx_import_files_finish (GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
