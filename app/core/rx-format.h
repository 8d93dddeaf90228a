// SPDX-License-Identifier: GPL-3.0-or-later
//
// rx-format: reading the fields of published files (data-formats.md §5) and
// writing numbers and CSV cells (cli.md, "CSV written"). Everything here is
// base 10 and independent of the locale, because GTK sets the locale and a
// comma-decimal locale breaks strtol, strtod and printf's %f (trap 13).

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Room for the longest ODS code (8 characters) and its NUL. */
#define RX_ODS_CODE_BUF_SIZE 9

/* Field parsers. Each takes a field that need not be NUL-terminated, trims
 * spaces and tabs on both sides, and writes its outputs only on success. */

gboolean rx_parse_whole       (const char  *s,
                               gsize        len,
                               gint64      *out);
gboolean rx_parse_decimal     (const char  *s,
                               gsize        len,
                               guint        scale,
                               gint64      *out,
                               gboolean    *rounded);
gboolean rx_parse_month       (const char  *s,
                               gsize        len,
                               gint        *yyyymm);
gboolean rx_parse_date        (const char  *s,
                               gsize        len,
                               gint        *year,
                               gint        *month,
                               gint        *day);
gboolean rx_parse_flag        (const char  *s,
                               gsize        len,
                               gboolean    *out);
gboolean rx_parse_snomed      (const char  *s,
                               gsize        len,
                               char         out[19]);
gboolean rx_parse_ods_code    (const char  *s,
                               gsize        len,
                               char        *out,
                               gsize        out_size);
char    *rx_text_to_utf8      (const char  *s,
                               gsize        len) G_GNUC_WARN_UNUSED_RESULT;

/* Writers */

void     rx_format_double     (double       v,
                               char         buf[G_ASCII_DTOSTR_BUF_SIZE]);
void     rx_format_scaled     (gint64       v,
                               guint        scale,
                               char         buf[32]);
void     rx_csv_append_field  (GString     *out,
                               const char  *s);
void     rx_csv_append_double (GString     *out,
                               double       v);

G_END_DECLS
