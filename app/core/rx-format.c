// SPDX-License-Identifier: GPL-3.0-or-later
//
// rx-format: field parsing (data-formats.md §5) and number and CSV writing
// (cli.md, "CSV written"). No strtol, strtod, sscanf or printf %f on
// locale-formatted text: only our own base-10 loops and GLib's g_ascii_*
// functions, so a comma-decimal locale cannot change a result (trap 13).

#define G_LOG_DOMAIN "rx-format"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "rx-format.h"

/* Shared helpers */

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Trims spaces and tabs on both sides of the field [*s, *s + *len). */
static void
trim_blanks (const char **s,
             gsize       *len)
{
  while (*len > 0 && is_blank ((*s)[0]))
    {
      (*s)++;
      (*len)--;
    }
  while (*len > 0 && is_blank ((*s)[*len - 1]))
    (*len)--;
}

/* Appends one decimal digit to *acc unless the result would exceed limit. */
static gboolean
push_digit (guint64 *acc,
            guint    digit,
            guint64  limit)
{
  if (*acc > (limit - digit) / 10)
    return FALSE;
  *acc = *acc * 10 + digit;
  return TRUE;
}

/* The largest magnitude a gint64 of the given sign holds: 2^63 - 1 or 2^63. */
static guint64
magnitude_limit (gboolean negative)
{
  return negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
}

/* Applies the sign without overflowing at G_MININT64, whose magnitude has no
 * positive gint64. */
static gint64
apply_sign (guint64  magnitude,
            gboolean negative)
{
  if (!negative)
    return (gint64) magnitude;
  if (magnitude == (guint64) G_MAXINT64 + 1)
    return G_MININT64;
  return -(gint64) magnitude;
}

/* Reads the digits at s[*pos] onwards into *acc; FALSE on overflow. Returns
 * through *n_digits how many there were, so callers can insist on one. */
static gboolean
read_digits (const char *s,
             gsize       len,
             gsize      *pos,
             guint64     limit,
             guint64    *acc,
             gsize      *n_digits)
{
  gsize start = *pos;

  while (*pos < len && g_ascii_isdigit (s[*pos]))
    {
      if (!push_digit (acc, s[*pos] - '0', limit))
        return FALSE;
      (*pos)++;
    }
  *n_digits = *pos - start;
  return TRUE;
}

/* Reads exactly n digits as a number; FALSE if any is not a digit. */
static gboolean
fixed_digits (const char *s,
              gsize       n,
              gint       *out)
{
  gint value = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      value = value * 10 + (s[i] - '0');
    }
  *out = value;
  return TRUE;
}

/* Whole numbers */

/**
 * rx_parse_whole:
 * @s: the field, not necessarily NUL-terminated
 * @len: its length in bytes
 * @out: (out): the value
 *
 * Parses a count such as `ITEMS`: `-`? digits, leading zeros allowed, and an
 * optional `.` followed by zeros only, since some files write `2.0`.
 *
 * Returns: %TRUE if the field is a whole number that fits a #gint64
 */
gboolean
rx_parse_whole (const char *s,
                gsize       len,
                gint64     *out)
{
  gboolean negative;
  guint64 magnitude = 0;
  gsize pos, n_digits;

  g_return_val_if_fail (s != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  trim_blanks (&s, &len);
  negative = len > 0 && s[0] == '-';
  pos = negative ? 1 : 0;
  if (!read_digits (s, len, &pos, magnitude_limit (negative), &magnitude, &n_digits)
      || n_digits == 0)
    return FALSE;

  /* "2.0" is a whole number written by a spreadsheet; "2." is not a number. */
  if (pos < len && s[pos] == '.')
    {
      gsize zeros = 0;

      for (pos++; pos < len && s[pos] == '0'; pos++)
        zeros++;
      if (zeros == 0)
        return FALSE;
    }
  if (pos != len)
    return FALSE;

  *out = apply_sign (magnitude, negative);
  return TRUE;
}

/* Decimals */

/* Multiplies *magnitude by 10^n, for a number written with n decimals fewer
 * than the scale; FALSE on overflow. */
static gboolean
pad_decimals (guint64 *magnitude,
              gsize    n,
              guint64  limit)
{
  for (gsize i = 0; i < n; i++)
    if (!push_digit (magnitude, 0, limit))
      return FALSE;
  return TRUE;
}

/* Reads the fraction digits at s[pos] onwards, keeping scale of them in
 * *magnitude and rounding half away from zero on the first dropped one. */
static gboolean
read_fraction (const char *s,
               gsize       len,
               gsize       pos,
               guint       scale,
               guint64     limit,
               guint64    *magnitude,
               gboolean   *lossy)
{
  gsize start = pos;
  gboolean round_up = FALSE;

  *lossy = FALSE;
  for (; pos < len && g_ascii_isdigit (s[pos]); pos++)
    {
      guint digit = s[pos] - '0';
      gsize place = pos - start;

      if (place < scale)
        {
          if (!push_digit (magnitude, digit, limit))
            return FALSE;
        }
      else
        {
          if (place == scale)
            round_up = digit >= 5;
          *lossy = *lossy || digit != 0;
        }
    }
  if (pos == start || pos != len)
    return FALSE;

  if (pos - start < scale && !pad_decimals (magnitude, scale - (pos - start), limit))
    return FALSE;

  if (round_up)
    {
      if (*magnitude == limit)
        return FALSE;
      (*magnitude)++;
    }
  return TRUE;
}

/**
 * rx_parse_decimal:
 * @s: the field, not necessarily NUL-terminated
 * @len: its length in bytes
 * @scale: the number of decimals kept, at most 18
 * @out: (out): the value in units of 10^-@scale
 * @rounded: (out) (optional): set to %TRUE when nonzero decimals beyond
 *   @scale were rounded away
 *
 * Parses `-`? digits [`.` digits] exactly, with no exponent, thousands
 * separator or currency sign: NIC uses scale 2, quantities 3, actual cost
 * and ADQ 5. Extra decimals are rounded half away from zero
 * (data-formats.md §5).
 *
 * Returns: %TRUE if the field is such a number and fits a #gint64
 */
gboolean
rx_parse_decimal (const char *s,
                  gsize       len,
                  guint       scale,
                  gint64     *out,
                  gboolean   *rounded)
{
  gboolean negative, lossy = FALSE;
  guint64 magnitude = 0, limit;
  gsize pos, n_digits;

  g_return_val_if_fail (s != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (scale <= 18, FALSE);

  trim_blanks (&s, &len);
  negative = len > 0 && s[0] == '-';
  pos = negative ? 1 : 0;
  limit = magnitude_limit (negative);
  if (!read_digits (s, len, &pos, limit, &magnitude, &n_digits) || n_digits == 0)
    return FALSE;

  if (pos == len)
    {
      if (!pad_decimals (&magnitude, scale, limit))
        return FALSE;
    }
  else if (s[pos] != '.'
           || !read_fraction (s, len, pos + 1, scale, limit, &magnitude, &lossy))
    return FALSE;

  *out = apply_sign (magnitude, negative);
  if (rounded != NULL)
    *rounded = lossy;
  return TRUE;
}

/* Months and dates */

/**
 * rx_parse_month:
 * @s: the field, not necessarily NUL-terminated
 * @len: its length in bytes
 * @yyyymm: (out): the month as the integer YYYYMM
 *
 * Parses `201904`, `2026-07` or `2016_01`: six digits, with at most one `-`
 * or `_` between the year and the month; year 2000–2099, month 01–12.
 *
 * Returns: %TRUE if the field is such a month
 */
gboolean
rx_parse_month (const char *s,
                gsize       len,
                gint       *yyyymm)
{
  gint year, month;
  gsize month_at;

  g_return_val_if_fail (s != NULL || len == 0, FALSE);
  g_return_val_if_fail (yyyymm != NULL, FALSE);

  trim_blanks (&s, &len);
  if (len == 6)
    month_at = 4;
  else if (len == 7 && (s[4] == '-' || s[4] == '_'))
    month_at = 5;
  else
    return FALSE;

  if (!fixed_digits (s, 4, &year) || !fixed_digits (s + month_at, 2, &month))
    return FALSE;
  if (year < 2000 || year > 2099 || month < 1 || month > 12)
    return FALSE;

  *yyyymm = year * 100 + month;
  return TRUE;
}

/* The date layouts of data-formats.md §5. Y, M and D stand for digits of
 * the year, month and day, "bbb" for an English month abbreviation in any
 * case; other characters must appear as they are. */
static const char * const date_layouts[] = {
  "YYYYMMDD",
  "DDbbbYYYY",
  "DD-bbb-YY",
  "DD-bbb-YYYY",
  "YYYY-MM-DD",
  "DD/MM/YY",
  "DD/MM/YYYY",
};

/* Returns 1–12 for the three letters of an English month abbreviation. */
static gint
month_from_name (const char *s)
{
  static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
  char lower[3];

  for (guint i = 0; i < 3; i++)
    lower[i] = g_ascii_tolower (s[i]);
  for (gint m = 0; m < 12; m++)
    if (memcmp (names + 3 * m, lower, 3) == 0)
      return m + 1;
  return 0;
}

static gboolean
match_date_layout (const char *layout,
                   const char *s,
                   gsize       len,
                   gint        ymd[3])
{
  static const char fields[] = "YMD";
  guint year_digits = 0;

  if (strlen (layout) != len)
    return FALSE;

  ymd[0] = ymd[1] = ymd[2] = 0;
  for (gsize i = 0; i < len; i++)
    {
      const char *field = strchr (fields, layout[i]);

      if (field != NULL)
        {
          if (!g_ascii_isdigit (s[i]))
            return FALSE;
          ymd[field - fields] = ymd[field - fields] * 10 + (s[i] - '0');
          year_digits += layout[i] == 'Y';
        }
      else if (layout[i] == 'b')
        {
          /* The layout holds "bbb", so three bytes remain in s as well. */
          if ((ymd[1] = month_from_name (s + i)) == 0)
            return FALSE;
          i += 2;
        }
      else if (s[i] != layout[i])
        return FALSE;
    }

  /* Two-digit years are all this century: the data starts in 2010. */
  if (year_digits == 2)
    ymd[0] += 2000;
  return TRUE;
}

/**
 * rx_parse_date:
 * @s: the field, not necessarily NUL-terminated
 * @len: its length in bytes
 * @year: (out): the year
 * @month: (out): the month, 1–12
 * @day: (out): the day of the month
 *
 * Parses `YYYYMMDD`, `DDMMMYYYY` (`01SEP2017`, any case), `DD-MMM-YY` or
 * `DD-MMM-YYYY` (`01-Apr-17`), `YYYY-MM-DD`, `DD/MM/YY` or `DD/MM/YYYY`
 * (`01/04/11`), where `YY` means 20YY, and checks the date is on the
 * Gregorian calendar (29 February only in leap years).
 *
 * Returns: %TRUE if the field is such a date
 */
gboolean
rx_parse_date (const char *s,
               gsize       len,
               gint       *year,
               gint       *month,
               gint       *day)
{
  gint ymd[3];

  g_return_val_if_fail (s != NULL || len == 0, FALSE);
  g_return_val_if_fail (year != NULL && month != NULL && day != NULL, FALSE);

  trim_blanks (&s, &len);
  for (guint i = 0; i < G_N_ELEMENTS (date_layouts); i++)
    {
      if (!match_date_layout (date_layouts[i], s, len, ymd))
        continue;
      /* The digits bound every value, years to 9999 and months and days to
       * 99, so they fit GDate's narrow types; year 0 is invalid there. */
      if (!g_date_valid_dmy (ymd[2], ymd[1], ymd[0]))
        return FALSE;
      *year = ymd[0];
      *month = ymd[1];
      *day = ymd[2];
      return TRUE;
    }
  return FALSE;
}

/* Flags */

/**
 * rx_parse_flag:
 * @s: the field, not necessarily NUL-terminated
 * @len: its length in bytes
 * @out: (out): the value
 *
 * Parses `Y YES TRUE T 1` as %TRUE and `N NO FALSE F 0` or an empty field
 * as %FALSE, in any case: CSVs say `Y`/`N`, datastore extracts `TRUE`/`FALSE`.
 *
 * Returns: %TRUE if the field is one of those words
 */
gboolean
rx_parse_flag (const char *s,
               gsize       len,
               gboolean   *out)
{
  static const char * const words[] = { "N", "NO", "FALSE", "F", "0",
                                        "Y", "YES", "TRUE", "T", "1" };
  const guint first_true = 5;

  g_return_val_if_fail (s != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  trim_blanks (&s, &len);
  if (len == 0)
    {
      *out = FALSE;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strlen (words[i]) == len && g_ascii_strncasecmp (s, words[i], len) == 0)
      {
        *out = i >= first_true;
        return TRUE;
      }
  return FALSE;
}

/* SNOMED CT identifiers */

/* Verhoeff's tables: the dihedral group D5 and the position permutations. */
static const guint8 verhoeff_d[10][10] = {
  { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
  { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
  { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
  { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
  { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 },
  { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
  { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 },
  { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
  { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
  { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
};

static const guint8 verhoeff_p[8][10] = {
  { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
  { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
  { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
  { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
  { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 },
  { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
  { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 },
  { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
};

/* TRUE if the digits, check digit last, pass Verhoeff's check. */
static gboolean
verhoeff_valid (const char *digits,
                gsize       len)
{
  guint c = 0;

  for (gsize i = 0; i < len; i++)
    c = verhoeff_d[c][verhoeff_p[i % 8][digits[len - 1 - i] - '0']];
  return c == 0;
}

/**
 * rx_parse_snomed:
 * @s: the field, not necessarily NUL-terminated
 * @len: its length in bytes
 * @out: (out): the identifier's digits, NUL-terminated
 *
 * Parses a SNOMED CT identifier: 6–18 digits with a valid Verhoeff check
 * digit. A trailing `.0` is dropped because files that stored the codes as
 * numbers wrote them so; the check digit catches the codes such files
 * rounded (trap 17).
 *
 * Returns: %TRUE if the field is a well-formed identifier
 */
gboolean
rx_parse_snomed (const char *s,
                 gsize       len,
                 char        out[19])
{
  g_return_val_if_fail (s != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  trim_blanks (&s, &len);
  if (len >= 2 && s[len - 2] == '.' && s[len - 1] == '0')
    len -= 2;
  if (len < 6 || len > 18)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  if (!verhoeff_valid (s, len))
    return FALSE;

  memcpy (out, s, len);
  out[len] = '\0';
  return TRUE;
}

/* ODS codes */

/**
 * rx_parse_ods_code:
 * @s: the field, not necessarily NUL-terminated
 * @len: its length in bytes
 * @out: (out): the upper-cased code, NUL-terminated
 * @out_size: the size of @out; %RX_ODS_CODE_BUF_SIZE always suffices
 *
 * Parses an organisation code: 3–8 ASCII letters or digits, upper-cased.
 * An empty field or `-` means no organisation and gives %FALSE.
 *
 * Returns: %TRUE if the field is an ODS code that fits @out
 */
gboolean
rx_parse_ods_code (const char *s,
                   gsize       len,
                   char       *out,
                   gsize       out_size)
{
  g_return_val_if_fail (s != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  trim_blanks (&s, &len);
  if (len < 3 || len > 8 || len >= out_size)
    return FALSE;
  /* g_ascii_isalnum is FALSE for every byte >= 0x80, so UTF-8 is refused. */
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]))
      return FALSE;

  for (gsize i = 0; i < len; i++)
    out[i] = g_ascii_toupper (s[i]);
  out[len] = '\0';
  return TRUE;
}

/* Text */

/* Windows-1252 for 0x80–0x9F; 0 where cp1252 defines nothing and the byte
 * is read as Latin-1, i.e. as the code point of the same value. */
static const gunichar cp1252_c1[32] = {
  0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static gunichar
cp1252_to_unichar (guchar byte)
{
  if (byte >= 0x80 && byte <= 0x9F && cp1252_c1[byte - 0x80] != 0)
    return cp1252_c1[byte - 0x80];
  return byte;
}

static inline gboolean
is_space_or_newline (char c)
{
  return is_blank (c) || c == '\r' || c == '\n';
}

/* Copies the field with each CR, LF or CRLF made one space and NULs dropped.
 * Every change is to ASCII bytes, so it cannot alter how the rest decodes. */
static GString *
flatten_lines (const char *s,
               gsize       len)
{
  GString *flat = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
        i++;
      if (s[i] == '\r' || s[i] == '\n')
        g_string_append_c (flat, ' ');
      else if (s[i] != '\0')
        g_string_append_c (flat, s[i]);
    }
  return flat;
}

/**
 * rx_text_to_utf8:
 * @s: the field, not necessarily NUL-terminated
 * @len: its length in bytes
 *
 * Turns a name field into UTF-8 (trap 5): trimmed of spaces, tabs and line
 * breaks at both ends, each line break inside made a space, kept as it is
 * when it is valid UTF-8 and otherwise read byte by byte as Windows-1252,
 * which older Latin-1 files also decode as (its five undefined bytes are
 * read as Latin-1). NUL bytes are dropped.
 *
 * Returns: (transfer full): the text, never %NULL
 */
char *
rx_text_to_utf8 (const char *s,
                 gsize       len)
{
  g_autoptr(GString) flat = NULL;
  GString *decoded;

  g_return_val_if_fail (s != NULL || len == 0, NULL);

  while (len > 0 && is_space_or_newline (s[0]))
    {
      s++;
      len--;
    }
  while (len > 0 && is_space_or_newline (s[len - 1]))
    len--;

  flat = flatten_lines (s, len);
  if (g_utf8_validate (flat->str, flat->len, NULL))
    return g_string_free (g_steal_pointer (&flat), FALSE);

  decoded = g_string_sized_new (flat->len + flat->len / 2);
  for (gsize i = 0; i < flat->len; i++)
    {
      guchar byte = flat->str[i];

      if (byte < 0x80)
        g_string_append_c (decoded, byte);
      else
        g_string_append_unichar (decoded, cp1252_to_unichar (byte));
    }
  return g_string_free (decoded, FALSE);
}

/* Numbers written */

static void
format_with_precision (double      v,
                       const char *conversion,
                       int         precision,
                       char        buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  char format[16];

  g_snprintf (format, sizeof format, "%%.%d%s", precision, conversion);
  g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, v);
}

static gboolean
reads_back (const char *text,
            double      v)
{
  return g_ascii_strtod (text, NULL) == v;
}

/* Leaves in buf the %g text with the fewest significant digits that reads
 * back to v, and returns that number of digits. More digits never read back
 * worse, so a binary search finds it; 17 always reads back. */
static int
format_shortest_g (double v,
                   char   buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  int lo = 1, hi = 17;

  while (lo < hi)
    {
      int mid = (lo + hi) / 2;

      format_with_precision (v, "g", mid, buf);
      if (reads_back (buf, v))
        hi = mid;
      else
        lo = mid + 1;
    }
  format_with_precision (v, "g", lo, buf);
  return lo;
}

/* Returns the decimal exponent of %e or %g text such as "1.25e-05". */
static int
exponent_of (const char *text)
{
  const char *e = strchr (text, 'e');
  int sign = 1, exponent = 0;

  e++;
  if (*e == '-' || *e == '+')
    sign = *e++ == '-' ? -1 : 1;
  for (; g_ascii_isdigit (*e); e++)
    exponent = exponent * 10 + (*e - '0');
  return sign * exponent;
}

/**
 * rx_format_double:
 * @v: a finite number
 * @buf: (out): where the text is written
 *
 * Writes the shortest text that g_ascii_strtod() reads back as @v, with `.`
 * for the decimal point whatever the locale: `0.1`, `3`, `-24`,
 * `0.8500000000000001`. Magnitudes from 1e-5 up to 1e16 are written without
 * an exponent (`0.00001`, `12345678901`), others as `1e+16`, `1e-06`.
 * Negative zero is written `0`. NaN and infinities are programmer errors and
 * write an empty string.
 */
void
rx_format_double (double v,
                  char   buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  char plain[G_ASCII_DTOSTR_BUF_SIZE];
  int digits, exponent;

  g_return_if_fail (buf != NULL);
  buf[0] = '\0';
  g_return_if_fail (isfinite (v));

  /* Also catches -0.0, which %g would write as "-0". */
  if (v == 0.0)
    {
      strcpy (buf, "0");
      return;
    }

  digits = format_shortest_g (v, buf);
  if (strchr (buf, 'e') == NULL || fabs (v) < 1e-5 || fabs (v) >= 1e16)
    return;

  /* %g chose an exponent; write the same digits in plain notation. */
  exponent = exponent_of (buf);
  format_with_precision (v, "f", MAX (0, digits - 1 - exponent), plain);
  if (reads_back (plain, v))
    strcpy (buf, plain);
}

/**
 * rx_format_scaled:
 * @v: a value in units of 10^-@scale
 * @scale: the number of decimals in @v, at most 18
 * @buf: (out): where the text is written
 *
 * Writes the exact decimal of @v / 10^@scale without trailing zeros:
 * 1234 at scale 2 is `12.34`, 1200 is `12`, -5 is `-0.05`.
 */
void
rx_format_scaled (gint64 v,
                  guint  scale,
                  char   buf[32])
{
  char digits[32];
  guint64 magnitude;
  gsize n, whole, frac;
  char *p = buf;

  g_return_if_fail (buf != NULL);
  buf[0] = '\0';
  g_return_if_fail (scale <= 18);

  /* Negating in unsigned arithmetic keeps G_MININT64 defined. */
  magnitude = v < 0 ? 0 - (guint64) v : (guint64) v;
  n = g_snprintf (digits, sizeof digits, "%0*" G_GUINT64_FORMAT, (int) scale + 1, magnitude);
  whole = n - scale;
  for (frac = scale; frac > 0 && digits[whole + frac - 1] == '0'; frac--)
    ;

  if (v < 0)
    *p++ = '-';
  memcpy (p, digits, whole);
  p += whole;
  if (frac > 0)
    {
      *p++ = '.';
      memcpy (p, digits + whole, frac);
      p += frac;
    }
  *p = '\0';
}

/* CSV cells */

/**
 * rx_csv_append_field:
 * @out: the line being written
 * @s: (nullable): the cell's text; %NULL writes an empty cell
 *
 * Appends one CSV cell, quoted with `""` for each quote only when it holds
 * a comma, a quote, CR or LF, as cli.md requires.
 */
void
rx_csv_append_field (GString    *out,
                     const char *s)
{
  g_return_if_fail (out != NULL);

  if (s == NULL)
    return;
  if (strpbrk (s, ",\"\r\n") == NULL)
    {
      g_string_append (out, s);
      return;
    }

  g_string_append_c (out, '"');
  for (; *s != '\0'; s++)
    {
      if (*s == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *s);
    }
  g_string_append_c (out, '"');
}

/**
 * rx_csv_append_double:
 * @out: the line being written
 * @v: the value, or NaN for NULL
 *
 * Appends @v as rx_format_double() writes it, or nothing (an empty cell)
 * for NaN, which stands for NULL throughout the core.
 */
void
rx_csv_append_double (GString *out,
                      double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (out != NULL);

  if (isnan (v))
    return;
  rx_format_double (v, buf);
  g_string_append (out, buf);
}
