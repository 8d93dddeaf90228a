// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RX_CSV_ERROR (rx_csv_error_quark ())

typedef enum
{
  RX_CSV_ERROR_FAILED,
  RX_CSV_ERROR_TRUNCATED,       /* unclosed quote, short gzip, CRC mismatch */
  RX_CSV_ERROR_CONTAINER,       /* a ZIP with no or several CSVs, XLSX, XLS, UTF-16 */
  RX_CSV_ERROR_UNSUPPORTED,     /* Deflate64 and other ZIP methods we cannot decode */
  RX_CSV_ERROR_TOO_LONG,        /* a record over 16 MiB: not a CSV */
} RxCsvError;

typedef enum
{
  RX_CONTAINER_TEXT,
  RX_CONTAINER_GZIP,
  RX_CONTAINER_ZIP,
  RX_CONTAINER_XLSX,
  RX_CONTAINER_XLS,
  RX_CONTAINER_JSON,
} RxContainer;

/* One record.  Fields point into the reader's buffer, are not
 * NUL-terminated, are unquoted (`""` → `"`) but not trimmed, and stay valid
 * until the next call to rx_csv_reader_next(). */
typedef struct
{
  guint         n_fields;
  const char  **fields;
  guint        *lengths;
  guint64       line;           /* 1-based line of the record's first line */
} RxCsvRecord;

typedef struct _RxCsvReader RxCsvReader;

GQuark        rx_csv_error_quark            (void);
RxContainer   rx_csv_sniff_container        (const guint8 *head,
                                             gsize         len);
RxCsvReader  *rx_csv_reader_new_for_path    (const char   *path,
                                             GError      **error) G_GNUC_WARN_UNUSED_RESULT;
RxCsvReader  *rx_csv_reader_new_for_memory  (const char   *data,
                                             gsize         len,
                                             const char   *name) G_GNUC_WARN_UNUSED_RESULT;
void          rx_csv_reader_free            (RxCsvReader  *reader);
gboolean      rx_csv_reader_next            (RxCsvReader  *reader,
                                             RxCsvRecord **record,
                                             GError      **error);
void          rx_csv_reader_set_threaded    (RxCsvReader  *reader);
gboolean      rx_csv_reader_at_end          (RxCsvReader  *reader);
RxContainer   rx_csv_reader_get_container   (RxCsvReader  *reader);
const char   *rx_csv_reader_get_member_name (RxCsvReader  *reader);
gint64        rx_csv_reader_get_member_mtime (RxCsvReader *reader);
guint64       rx_csv_reader_get_bytes_in    (RxCsvReader  *reader);
guint64       rx_csv_reader_get_size        (RxCsvReader  *reader);
gboolean      rx_csv_field_is_blank         (const char   *field,
                                             guint         len);
gboolean      rx_csv_record_is_blank        (const RxCsvRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RxCsvReader, rx_csv_reader_free)

G_END_DECLS
