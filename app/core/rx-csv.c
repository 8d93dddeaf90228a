// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-csv"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "rx-csv.h"

/* A streaming RFC 4180 reader.  Input comes in blocks (read(2) for plain
 * files, libarchive for gzip and ZIP), records are parsed in place in one
 * buffer that only grows to the longest record, so memory does not grow
 * with the file. */

#define BLOCK_SIZE   (1 << 20)
#define MAX_RECORD   (16 << 20)

struct _RxCsvReader
{
  char             *name;
  RxContainer       container;
  int               fd;
  struct archive   *archive;
  char             *member_name;
  gint64            member_mtime;
  guint64           size;           /* of the file on disk */
  const char       *memory;         /* rx_csv_reader_new_for_memory */
  gsize             memory_len;
  gsize             memory_pos;

  char             *buf;
  gsize             buf_size;
  gsize             start;          /* first unparsed byte */
  gsize             end;            /* end of valid data */
  gboolean          eof;
  gboolean          first_block;
  guint64           line;           /* line of buf[start] */

  /* The current record, in plain arrays that grow to the widest record:
   * this is the innermost loop of an 18-million-row import. */
  gsize            *spans;          /* per field: start, end, quoted */
  const char      **fields;
  guint            *lengths;
  guint             cap_fields;
  guint             n_spans;
  RxCsvRecord       record;
  gsize             record_start;   /* buf offset of the last record's first byte */
  guint64           bytes_in;       /* atomic: for progress from another thread */

  /* Threaded mode: a producer thread parses records into batches while the
   * caller converts the previous ones, so both cores work on one file. */
  GThread          *producer;
  GAsyncQueue      *full;           /* Batch* ready for the consumer */
  GAsyncQueue      *empty;          /* Batch* to reuse */
  gint              stop;           /* atomic: the consumer is gone */
  struct _Batch    *batch;          /* the consumer's current batch */
  const char      **t_fields;       /* the consumer's own record: the */
  guint            *t_lengths;      /* producer fills reader->fields */
  guint             t_cap;
  RxCsvRecord       t_record;
  guint             batch_next;
  gboolean          threaded_done;
  gboolean          end_received;
};

/* Records copied out of the reader's buffer, a few thousand at a time. */
typedef struct _Batch
{
  char     *data;
  gsize     data_len, data_cap;
  guint     n_recs, cap_recs;
  guint    *rec_first;        /* first field index */
  guint    *rec_nfields;
  guint64  *rec_line;
  guint     n_fields, cap_fields;
  guint32  *f_off, *f_len;
  GError   *error;            /* the producer's error, after the last record */
  gboolean  end;              /* no record after this batch */
} Batch;

#define BATCH_RECORDS  4096
#define BATCH_BYTES    (2 << 20)
#define BATCHES_IN_FLIGHT 4

G_DEFINE_QUARK (rx-csv-error-quark, rx_csv_error)

static gboolean next_direct   (RxCsvReader  *reader,
                               RxCsvRecord **record,
                               GError      **error);
static void     stop_producer (RxCsvReader  *reader);

/**
 * rx_csv_sniff_container:
 *
 * The container of a file, by magic bytes rather than by name: names lie.
 */
RxContainer
rx_csv_sniff_container (const guint8 *head,
                        gsize         len)
{
  if (len >= 2 && head[0] == 0x1f && head[1] == 0x8b)
    return RX_CONTAINER_GZIP;
  if (len >= 4 && memcmp (head, "PK\003\004", 4) == 0)
    return RX_CONTAINER_ZIP;
  if (len >= 4 && memcmp (head, "\xd0\xcf\x11\xe0", 4) == 0)
    return RX_CONTAINER_XLS;
  for (gsize i = 0; i < len; i++)
    {
      if (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')
        continue;
      if (head[i] == '{' || head[i] == '[')
        return RX_CONTAINER_JSON;
      break;
    }
  return RX_CONTAINER_TEXT;
}

static gboolean
is_ignored_member (const char *path)
{
  const char *base = strrchr (path, '/');

  base = base != NULL ? base + 1 : path;
  return g_str_has_prefix (path, "__MACOSX/") || *base == '\0' || *base == '.';
}

static gboolean
is_csv_name (const char *path)
{
  gsize len = strlen (path);

  return len >= 4 && g_ascii_strcasecmp (path + len - 4, ".csv") == 0;
}

static struct archive *
new_zip_archive (const char  *path,
                 GError     **error)
{
  struct archive *a = archive_read_new ();

  archive_read_support_format_zip_seekable (a);
  archive_read_support_filter_none (a);
  if (archive_read_open_filename (a, path, BLOCK_SIZE) != ARCHIVE_OK)
    {
      g_set_error (error, RX_CSV_ERROR, RX_CSV_ERROR_TRUNCATED,
                   "%s: cannot read the ZIP file (%s): truncated file?", path,
                   archive_error_string (a));
      archive_read_free (a);
      return NULL;
    }
  return a;
}

/* Lists the ZIP's members first (from its central directory) so that an
 * archive of several CSVs, or an XLSX, is refused before any row is read. */
static gboolean
open_zip (RxCsvReader  *reader,
          const char   *path,
          GError      **error)
{
  struct archive *a = new_zip_archive (path, error);
  struct archive_entry *entry;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *csv = NULL;
  guint n_csv = 0;
  int r;

  if (a == NULL)
    return FALSE;
  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      const char *member = archive_entry_pathname (entry);

      if (member == NULL)
        continue;
      if (g_str_equal (member, "[Content_Types].xml") || g_str_has_prefix (member, "xl/"))
        {
          archive_read_free (a);
          reader->container = RX_CONTAINER_XLSX;
          return TRUE;
        }
      if (archive_entry_filetype (entry) == AE_IFDIR || is_ignored_member (member))
        continue;
      g_ptr_array_add (members, g_strdup (member));
      if (is_csv_name (member) && archive_entry_is_encrypted (entry))
        {
          g_set_error (error, RX_CSV_ERROR, RX_CSV_ERROR_UNSUPPORTED,
                       "%s: the ZIP is encrypted; unpack it with its password and import the "
                       "CSV", path);
          archive_read_free (a);
          return FALSE;
        }
      if (is_csv_name (member))
        {
          n_csv++;
          g_free (csv);
          csv = g_strdup (member);
          reader->member_mtime = archive_entry_mtime (entry);
        }
    }
  if (r != ARCHIVE_EOF)
    {
      g_set_error (error, RX_CSV_ERROR, RX_CSV_ERROR_TRUNCATED,
                   "%s: truncated file (%s)", path, archive_error_string (a));
      archive_read_free (a);
      return FALSE;
    }
  archive_read_free (a);

  if (n_csv != 1)
    {
      g_ptr_array_add (members, NULL);
      g_autofree char *list = g_strjoinv (", ", (char **) members->pdata);
      g_set_error (error, RX_CSV_ERROR, RX_CSV_ERROR_CONTAINER,
                   "%s: a ZIP must hold exactly one CSV file; it holds %s: "
                   "extract and import each", path, *list ? list : "none");
      return FALSE;
    }

  /* Reopen and position on the one CSV member. */
  a = new_zip_archive (path, error);
  if (a == NULL)
    return FALSE;
  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    if (g_strcmp0 (archive_entry_pathname (entry), csv) == 0)
      break;
  if (r != ARCHIVE_OK)
    {
      g_set_error (error, RX_CSV_ERROR, RX_CSV_ERROR_TRUNCATED, "%s: truncated file", path);
      archive_read_free (a);
      return FALSE;
    }
  reader->archive = a;
  reader->member_name = g_steal_pointer (&csv);
  return TRUE;
}

static gboolean
open_gzip (RxCsvReader  *reader,
           const char   *path,
           GError      **error)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_filter_gzip (a);
  archive_read_support_format_raw (a);
  if (archive_read_open_filename (a, path, BLOCK_SIZE) != ARCHIVE_OK ||
      archive_read_next_header (a, &entry) != ARCHIVE_OK)
    {
      g_set_error (error, RX_CSV_ERROR, RX_CSV_ERROR_TRUNCATED,
                   "%s: cannot read the gzip file (%s)", path, archive_error_string (a));
      archive_read_free (a);
      return FALSE;
    }
  reader->archive = a;
  return TRUE;
}

static RxCsvReader *
reader_alloc (const char *name,
              gsize       buf_size)
{
  RxCsvReader *reader = g_new0 (RxCsvReader, 1);

  reader->name = g_strdup (name);
  reader->fd = -1;
  reader->buf_size = buf_size;
  reader->buf = g_malloc (reader->buf_size);
  reader->line = 1;
  reader->first_block = TRUE;
  reader->cap_fields = 64;
  reader->spans = g_new (gsize, 3 * reader->cap_fields);
  reader->fields = g_new (const char *, reader->cap_fields);
  reader->lengths = g_new (guint, reader->cap_fields);
  return reader;
}

/**
 * rx_csv_reader_new_for_path:
 *
 * Opens a plain, gzip or ZIP (one CSV member) file for reading.  XLS, XLSX
 * and JSON open successfully with their container set, so that the caller
 * can refuse them with a message that says what to import instead.
 */
RxCsvReader *
rx_csv_reader_new_for_path (const char  *path,
                            GError     **error)
{
  g_autoptr(RxCsvReader) reader = reader_alloc (path, BLOCK_SIZE * 2);
  guint8 head[64];
  ssize_t got;
  GStatBuf st;

  reader->fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (reader->fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "%s: %s", path, g_strerror (saved));
      return NULL;
    }
  if (fstat (reader->fd, &st) == 0)
    {
      reader->size = st.st_size;
      reader->member_mtime = st.st_mtime;
    }
  got = pread (reader->fd, head, sizeof head, 0);
  reader->container = rx_csv_sniff_container (head, got > 0 ? (gsize) got : 0);

  switch (reader->container)
    {
    case RX_CONTAINER_GZIP:
      if (!open_gzip (reader, path, error))
        return NULL;
      break;
    case RX_CONTAINER_ZIP:
      if (!open_zip (reader, path, error))
        return NULL;
      break;
    case RX_CONTAINER_TEXT:
#ifdef POSIX_FADV_SEQUENTIAL
      posix_fadvise (reader->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
      break;
    default:
      break;
    }
  return g_steal_pointer (&reader);
}

RxCsvReader *
rx_csv_reader_new_for_memory (const char *data,
                              gsize       len,
                              const char *name)
{
  RxCsvReader *reader = reader_alloc (name, MIN (BLOCK_SIZE * 2, len + 1));

  reader->memory = data;
  reader->memory_len = len;
  reader->size = len;
  reader->container = rx_csv_sniff_container ((const guint8 *) data, MIN (len, 64));
  return reader;
}

void
rx_csv_reader_free (RxCsvReader *reader)
{
  if (reader == NULL)
    return;
  stop_producer (reader);
  if (reader->archive != NULL)
    archive_read_free (reader->archive);
  if (reader->fd >= 0)
    close (reader->fd);
  g_free (reader->spans);
  g_free (reader->fields);
  g_free (reader->lengths);
  g_free (reader->member_name);
  g_free (reader->name);
  g_free (reader->buf);
  g_free (reader);
}

/* Names the ZIP method of libarchive's "Unsupported ZIP compression method
 * (9: deflation-64-bit)" the way the tools that unpack it do: EPD months
 * zipped by Windows's Explorer come as Deflate64 (trap 2). */
static char *
zip_method_text (const char *msg)
{
  static const struct { int method; const char *name; } names[] = {
    { 1, "Shrink" }, { 6, "Implode" }, { 9, "Deflate64" }, { 10, "PKWARE Implode" },
    { 12, "bzip2" }, { 14, "LZMA" }, { 19, "IBM LZ77" }, { 93, "Zstandard" },
    { 95, "XZ" }, { 96, "JPEG" }, { 97, "WavPack" }, { 98, "PPMd" }, { 99, "AES encryption" },
  };
  const char *open = strchr (msg, '(');
  int method = 0;

  if (open == NULL || !g_ascii_isdigit (open[1]))
    return g_strdup (msg);
  for (const char *p = open + 1; g_ascii_isdigit (*p) && method < 100000; p++)
    method = method * 10 + (*p - '0');
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i].method == method)
      return g_strdup_printf ("%s (ZIP method %d)", names[i].name, method);
  return g_strdup_printf ("ZIP method %d", method);
}

static gssize
read_block (RxCsvReader  *reader,
            char         *dest,
            gsize         len,
            GError      **error)
{
  gssize got;

  if (reader->memory != NULL)
    {
      gsize n = MIN (len, reader->memory_len - reader->memory_pos);
      memcpy (dest, reader->memory + reader->memory_pos, n);
      reader->memory_pos += n;
      return n;
    }
  if (reader->archive != NULL)
    {
      got = archive_read_data (reader->archive, dest, len);
      if (got < 0)
        {
          const char *msg = archive_error_string (reader->archive);
          gboolean unsupported = msg != NULL && (strstr (msg, "ompression method") != NULL ||
                                                 strstr (msg, "deflate64") != NULL ||
                                                 strstr (msg, "Deflate64") != NULL);
          if (unsupported)
            {
              g_autofree char *method = zip_method_text (msg);
              g_set_error (error, RX_CSV_ERROR, RX_CSV_ERROR_UNSUPPORTED,
                           "%s: the CSV in it is compressed with %s, which cannot be read here; "
                           "unpack it first (7z x, or bsdtar -xf) and import the CSV",
                           reader->name, method);
            }
          else if (msg != NULL && (strstr (msg, "ncrypt") != NULL ||
                                   strstr (msg, "assphrase") != NULL))
            g_set_error (error, RX_CSV_ERROR, RX_CSV_ERROR_UNSUPPORTED,
                         "%s: the ZIP is encrypted; unpack it with its password and import "
                         "the CSV", reader->name);
          else
            g_set_error (error, RX_CSV_ERROR, RX_CSV_ERROR_TRUNCATED,
                         "%s: truncated file (%s)", reader->name, msg ? msg : "read error");
          return -1;
        }
      return got;
    }
  do
    got = read (reader->fd, dest, len);
  while (got < 0 && errno == EINTR);
  if (got < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "%s: %s", reader->name, g_strerror (saved));
    }
  return got;
}

/* Moves the unparsed tail to the front and appends one more block. */
static gboolean
refill (RxCsvReader  *reader,
        GError      **error)
{
  gsize tail = reader->end - reader->start;
  gsize want;
  gssize got;

  if (reader->start > 0)
    {
      memmove (reader->buf, reader->buf + reader->start, tail);
      reader->start = 0;
      reader->end = tail;
    }
  /* Blocks of BLOCK_SIZE; from memory no more than is left (and one byte
   * to see the end), so that a small text needs no megabyte buffer. */
  want = reader->memory != NULL
    ? MIN (BLOCK_SIZE, reader->memory_len - reader->memory_pos + 1) : BLOCK_SIZE;
  if (reader->buf_size - reader->end < want)
    {
      if (reader->buf_size >= MAX_RECORD + 2 * BLOCK_SIZE)
        {
          g_set_error (error, RX_CSV_ERROR, RX_CSV_ERROR_TOO_LONG,
                       "%s:%" G_GUINT64_FORMAT ": a record longer than 16 MiB: not a CSV file",
                       reader->name, reader->line);
          return FALSE;
        }
      reader->buf_size = MAX (reader->buf_size * 2, reader->end + want);
      reader->buf = g_realloc (reader->buf, reader->buf_size);
    }
  got = read_block (reader, reader->buf + reader->end, want, error);
  if (got < 0)
    return FALSE;
  __atomic_store_n (&reader->bytes_in, reader->memory != NULL ? reader->memory_pos
                    : reader->archive != NULL ? (guint64) archive_filter_bytes (reader->archive, -1)
                    : (guint64) lseek (reader->fd, 0, SEEK_CUR), __ATOMIC_RELAXED);
  if (got == 0)
    reader->eof = TRUE;
  reader->end += got;

  /* A first read may return fewer bytes than a BOM (libarchive hands out
   * what it has): decide once three bytes, or the whole file, are in. */
  if (reader->first_block && (reader->end >= 3 || (reader->eof && reader->end >= 2)))
    {
      const guint8 *b = (const guint8 *) reader->buf;

      reader->first_block = FALSE;
      if ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff))
        {
          g_set_error (error, RX_CSV_ERROR, RX_CSV_ERROR_CONTAINER,
                       "%s: the file is UTF-16; save it as UTF-8 or Latin-1 CSV", reader->name);
          return FALSE;
        }
      if (reader->end >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
        reader->start = 3;
    }
  return TRUE;
}

/* Byte classes for the unquoted-field scan. */
static guint8 stop_table[256];

static void
init_tables (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      stop_table[(guint8) ','] = 1;
      stop_table[(guint8) '\n'] = 1;
      stop_table[(guint8) '\r'] = 1;
      g_once_init_leave (&done, 1);
    }
}

typedef enum { PARSE_OK, PARSE_NEED_MORE, PARSE_ERROR } ParseResult;

/* Finds one record in buf[start..end) without changing the buffer: a refill
 * may be needed half-way, after which the record is parsed again from its
 * start.  Offsets, not pointers, since a refill may move the buffer.  For
 * each field: raw start, raw end, and whether it was quoted. */
static ParseResult
scan_record (RxCsvReader  *reader,
             gsize        *record_end,
             guint        *newlines,
             GError      **error)
{
  const char *buf = reader->buf;
  gsize p = reader->start;
  gsize end = reader->end;
  guint lines = 0;

  reader->n_spans = 0;
  for (;;)
    {
      gsize *span;

      if (reader->n_spans == reader->cap_fields)
        {
          reader->cap_fields *= 2;
          reader->spans = g_renew (gsize, reader->spans, 3 * reader->cap_fields);
          reader->fields = g_renew (const char *, reader->fields, reader->cap_fields);
          reader->lengths = g_renew (guint, reader->lengths, reader->cap_fields);
        }
      span = reader->spans + 3 * reader->n_spans;
      if (reader->n_spans >= 4096)
        {
          g_set_error (error, RX_CSV_ERROR, RX_CSV_ERROR_TOO_LONG,
                       "%s:%" G_GUINT64_FORMAT ": more than 4,096 fields in a record",
                       reader->name, reader->line);
          return PARSE_ERROR;
        }
      span[0] = p;
      span[2] = 0;
      if (p < end && buf[p] == '"')
        {
          gsize q = p + 1;

          span[2] = 1;
          for (;;)
            {
              const char *quote = memchr (buf + q, '"', end - q);
              gsize upto = quote != NULL ? (gsize) (quote - buf) : end;

              if (quote == NULL)
                {
                  if (!reader->eof)
                    return PARSE_NEED_MORE;
                  g_set_error (error, RX_CSV_ERROR, RX_CSV_ERROR_TRUNCATED,
                               "%s:%" G_GUINT64_FORMAT ": a quoted field is not closed: "
                               "truncated file", reader->name, reader->line);
                  return PARSE_ERROR;
                }
              if (upto + 1 >= end && !reader->eof)
                return PARSE_NEED_MORE;
              if (upto + 1 < end && buf[upto + 1] == '"')
                {
                  q = upto + 2;
                  continue;
                }
              for (gsize i = p + 1; i < upto; i++)
                lines += buf[i] == '\n';
              p = upto + 1;
              break;
            }
        }
      /* Unquoted, or text after a closing quote (kept literally). */
      while (p < end && !stop_table[(guint8) buf[p]])
        p++;
      span[1] = p;
      reader->n_spans++;

      if (p >= end)
        {
          if (!reader->eof)
            return PARSE_NEED_MORE;
          *record_end = p;
          break;
        }
      if (buf[p] == ',')
        {
          p++;
          continue;
        }
      /* CR, LF or CRLF ends the record. */
      if (buf[p] == '\r')
        {
          if (p + 1 >= end && !reader->eof)
            return PARSE_NEED_MORE;
          p++;
          if (p < end && buf[p] == '\n')
            p++;
        }
      else
        p++;
      lines++;
      *record_end = p;
      break;
    }
  *newlines = lines;
  return PARSE_OK;
}

/* Unquotes a quoted field in place: drops the quotes, "" → ".  The result
 * is never longer, so it stays within the field's own bytes. */
static guint
unquote_field (char  *buf,
               gsize  start,
               gsize  end)
{
  gsize in = start + 1;
  gsize out = start;

  while (in < end)
    {
      if (buf[in] == '"')
        {
          if (in + 1 < end && buf[in + 1] == '"')
            {
              buf[out++] = '"';
              in += 2;
              continue;
            }
          in++;        /* the closing quote */
          continue;
        }
      buf[out++] = buf[in++];
    }
  return out - start;
}

/**
 * rx_csv_reader_next:
 * @record: (out): the next record, valid until the next call
 *
 * Returns: %TRUE with a record, %FALSE at the end (with @error unset) or on
 * an error.
 */
static gboolean
next_direct (RxCsvReader  *reader,
             RxCsvRecord **record,
             GError      **error)
{
  gsize record_end = 0;
  guint newlines = 0;
  gsize *span;

  init_tables ();
  for (;;)
    {
      ParseResult r;

      if (reader->start >= reader->end)
        {
          if (reader->eof)
            return FALSE;
          if (!refill (reader, error))
            return FALSE;
          continue;
        }
      r = scan_record (reader, &record_end, &newlines, error);
      if (r == PARSE_ERROR)
        return FALSE;
      if (r == PARSE_OK)
        break;
      if (!refill (reader, error))
        return FALSE;
    }

  span = reader->spans;
  for (guint i = 0; i < reader->n_spans; i++, span += 3)
    {
      reader->fields[i] = reader->buf + span[0];
      reader->lengths[i] = span[2] ? unquote_field (reader->buf, span[0], span[1]) : span[1] - span[0];
    }
  reader->record.n_fields = reader->n_spans;
  reader->record.fields = reader->fields;
  reader->record.lengths = reader->lengths;
  reader->record.line = reader->line;
  reader->line += newlines;
  reader->record_start = reader->start;
  reader->start = record_end;
  *record = &reader->record;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Threaded mode                                                        */

static void
batch_free (Batch *b)
{
  if (b == NULL)
    return;
  g_clear_error (&b->error);
  g_free (b->data);
  g_free (b->rec_first);
  g_free (b->rec_nfields);
  g_free (b->rec_line);
  g_free (b->f_off);
  g_free (b->f_len);
  g_free (b);
}

static void
batch_reset (Batch *b)
{
  b->data_len = 0;
  b->n_recs = 0;
  b->n_fields = 0;
  b->end = FALSE;
  g_clear_error (&b->error);
}

/* Copies the record just parsed (its raw span holds every field, unquoted
 * in place) into @b. */
static void
batch_add (Batch         *b,
           RxCsvReader   *reader,
           RxCsvRecord   *rec)
{
  const char *base = reader->buf + reader->record_start;
  gsize span = reader->start - reader->record_start;

  if (b->data_len + span > b->data_cap)
    {
      b->data_cap = MAX (b->data_cap * 2, b->data_len + span + BATCH_BYTES);
      b->data = g_realloc (b->data, b->data_cap);
    }
  if (b->n_recs == b->cap_recs)
    {
      b->cap_recs = MAX (b->cap_recs * 2, BATCH_RECORDS);
      b->rec_first = g_renew (guint, b->rec_first, b->cap_recs);
      b->rec_nfields = g_renew (guint, b->rec_nfields, b->cap_recs);
      b->rec_line = g_renew (guint64, b->rec_line, b->cap_recs);
    }
  if (b->n_fields + rec->n_fields > b->cap_fields)
    {
      b->cap_fields = MAX (b->cap_fields * 2, b->n_fields + rec->n_fields + 32 * BATCH_RECORDS);
      b->f_off = g_renew (guint32, b->f_off, b->cap_fields);
      b->f_len = g_renew (guint32, b->f_len, b->cap_fields);
    }
  memcpy (b->data + b->data_len, base, span);
  b->rec_first[b->n_recs] = b->n_fields;
  b->rec_nfields[b->n_recs] = rec->n_fields;
  b->rec_line[b->n_recs] = rec->line;
  for (guint i = 0; i < rec->n_fields; i++)
    {
      b->f_off[b->n_fields] = (guint32) (b->data_len + (rec->fields[i] - base));
      b->f_len[b->n_fields] = rec->lengths[i];
      b->n_fields++;
    }
  b->data_len += span;
  b->n_recs++;
}

static gpointer
producer_thread (gpointer data)
{
  RxCsvReader *reader = data;

  for (;;)
    {
      Batch *b = g_async_queue_pop (reader->empty);
      RxCsvRecord *rec;

      batch_reset (b);
      /* A consumer that stopped early gets an empty last batch. */
      if (g_atomic_int_get (&reader->stop))
        b->end = TRUE;
      while (!b->end && b->n_recs < BATCH_RECORDS && b->data_len < BATCH_BYTES)
        {
          if (!next_direct (reader, &rec, &b->error))
            b->end = TRUE;
          else
            batch_add (b, reader, rec);
        }
      g_async_queue_push (reader->full, b);
      if (b->end)
        return NULL;
    }
}

/**
 * rx_csv_reader_set_threaded:
 *
 * From now on, records are parsed by a thread of the reader's own, ahead
 * of the caller.  For the big prescribing files: the caller's conversion
 * and the parsing then run on two cores.
 */
void
rx_csv_reader_set_threaded (RxCsvReader *reader)
{
  if (reader->producer != NULL || reader->memory != NULL)
    return;
  init_tables ();
  reader->full = g_async_queue_new ();
  reader->empty = g_async_queue_new ();
  for (int i = 0; i < BATCHES_IN_FLIGHT; i++)
    g_async_queue_push (reader->empty, g_new0 (Batch, 1));
  reader->producer = g_thread_new ("rx-csv", producer_thread, reader);
}

static gboolean
next_threaded (RxCsvReader  *reader,
               RxCsvRecord **record,
               GError      **error)
{
  Batch *b;
  guint i, first, n;

  while (reader->batch == NULL || reader->batch_next >= reader->batch->n_recs)
    {
      if (reader->batch != NULL)
        {
          Batch *old = reader->batch;
          gboolean end = old->end;

          reader->batch = NULL;
          if (end)
            {
              reader->threaded_done = TRUE;
              if (old->error != NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&old->error));
                  g_async_queue_push (reader->empty, old);
                  return FALSE;
                }
              g_async_queue_push (reader->empty, old);
              return FALSE;
            }
          g_async_queue_push (reader->empty, old);
        }
      if (reader->threaded_done)
        return FALSE;
      reader->batch = g_async_queue_pop (reader->full);
      reader->batch_next = 0;
      /* The producer has returned once it pushed its last batch. */
      reader->end_received = reader->batch->end;
    }
  b = reader->batch;
  i = reader->batch_next++;
  first = b->rec_first[i];
  n = b->rec_nfields[i];
  if (n > reader->t_cap)
    {
      reader->t_cap = MAX (n, 2 * reader->t_cap);
      reader->t_fields = g_renew (const char *, reader->t_fields, reader->t_cap);
      reader->t_lengths = g_renew (guint, reader->t_lengths, reader->t_cap);
    }
  for (guint f = 0; f < n; f++)
    {
      reader->t_fields[f] = b->data + b->f_off[first + f];
      reader->t_lengths[f] = b->f_len[first + f];
    }
  reader->t_record.n_fields = n;
  reader->t_record.fields = reader->t_fields;
  reader->t_record.lengths = reader->t_lengths;
  reader->t_record.line = b->rec_line[i];
  *record = &reader->t_record;
  return TRUE;
}

static void
stop_producer (RxCsvReader *reader)
{
  Batch *b;

  if (reader->producer == NULL)
    return;
  g_atomic_int_set (&reader->stop, 1);
  if (reader->batch != NULL)
    g_async_queue_push (reader->empty, g_steal_pointer (&reader->batch));
  /* Hand every batch back until the producer says it has ended. */
  while (!reader->threaded_done && !reader->end_received)
    {
      b = g_async_queue_pop (reader->full);
      reader->threaded_done = b->end;
      g_async_queue_push (reader->empty, b);
    }
  g_thread_join (reader->producer);
  reader->producer = NULL;
  while ((b = g_async_queue_try_pop (reader->full)) != NULL)
    batch_free (b);
  while ((b = g_async_queue_try_pop (reader->empty)) != NULL)
    batch_free (b);
  g_clear_pointer (&reader->t_fields, g_free);
  g_clear_pointer (&reader->t_lengths, g_free);
  g_clear_pointer (&reader->full, g_async_queue_unref);
  g_clear_pointer (&reader->empty, g_async_queue_unref);
}

gboolean
rx_csv_reader_next (RxCsvReader  *reader,
                    RxCsvRecord **record,
                    GError      **error)
{
  if (reader->producer != NULL)
    return next_threaded (reader, record, error);
  return next_direct (reader, record, error);
}

gboolean
rx_csv_reader_at_end (RxCsvReader *reader)
{
  return reader->eof && reader->start >= reader->end;
}

RxContainer
rx_csv_reader_get_container (RxCsvReader *reader)
{
  return reader->container;
}

const char *
rx_csv_reader_get_member_name (RxCsvReader *reader)
{
  return reader->member_name;
}

gint64
rx_csv_reader_get_member_mtime (RxCsvReader *reader)
{
  return reader->member_mtime;
}

/* Bytes of the file consumed so far (compressed bytes for gzip and ZIP),
 * for progress against rx_csv_reader_get_size(). */
guint64
rx_csv_reader_get_bytes_in (RxCsvReader *reader)
{
  return __atomic_load_n (&reader->bytes_in, __ATOMIC_RELAXED);
}

guint64
rx_csv_reader_get_size (RxCsvReader *reader)
{
  return reader->size;
}

gboolean
rx_csv_field_is_blank (const char *field,
                       guint       len)
{
  for (guint i = 0; i < len; i++)
    if (field[i] != ' ' && field[i] != '\t')
      return FALSE;
  return TRUE;
}

/* Blank rows (empty, whitespace, ",,,,") are skipped by every importer. */
gboolean
rx_csv_record_is_blank (const RxCsvRecord *record)
{
  for (guint i = 0; i < record->n_fields; i++)
    if (!rx_csv_field_is_blank (record->fields[i], record->lengths[i]))
      return FALSE;
  return TRUE;
}
