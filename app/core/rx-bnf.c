// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-bnf"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "rx-bnf.h"

G_DEFINE_QUARK (rx-bnf-error-quark, rx_bnf_error)

/* Codes and patterns are shown in messages cut to this many characters. */
#define SHOWN_MAX 40

/* A copy of @s fit for an error message: at most SHOWN_MAX characters, each
 * byte outside printable ASCII shown as '?', so that a mangled file cannot
 * put invalid UTF-8 or control characters into the message. */
static char *
shown_text (const char *s,
            gsize       len)
{
  GString *str = g_string_sized_new (MIN (len, SHOWN_MAX) + 4);

  for (gsize i = 0; i < len && i < SHOWN_MAX; i++)
    {
      guchar c = (guchar) s[i];

      g_string_append_c (str, (c >= 0x20 && c < 0x7f) ? (char) c : '?');
    }
  if (len > SHOWN_MAX)
    g_string_append (str, "...");

  return g_string_free (str, FALSE);
}

static inline gboolean
is_code_char (char c)
{
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/**
 * rx_bnf_code_parse:
 * @s: the text of a field, not necessarily NUL-terminated
 * @len: its length in bytes
 * @out: (out): where the NUL-terminated code is written
 * @error: return location for an #RX_BNF_ERROR
 *
 * Reads a BNF presentation code as data-formats §5 accepts it: spaces and
 * tabs trimmed, then 15 characters `^[0-9]{2}[0-9A-Z]{13}$` with chapter
 * 01–23, or 11 characters `^2[0-3][0-9A-Z]{9}$` (chapters 20–23). A code of
 * 14 or 10 characters is refused with the message "leading zero lost (saved
 * by a spreadsheet?)" and the code %RX_BNF_ERROR_LEADING_ZERO, so that an
 * importer can count them. On failure @out holds the empty string.
 *
 * Returns: %TRUE when @out holds a valid code
 */
gboolean
rx_bnf_code_parse (const char *s,
                   gsize       len,
                   char        out[16],
                   GError    **error)
{
  const char *start = s;
  const char *end = s + len;
  gsize n;

  g_return_val_if_fail (s != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  out[0] = '\0';

  while (start < end && (*start == ' ' || *start == '\t'))
    start++;
  while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  n = (gsize) (end - start);

  if (n == 0)
    {
      g_set_error_literal (error, RX_BNF_ERROR, RX_BNF_ERROR_LENGTH, "BNF code is empty");
      return FALSE;
    }

  if (n == 14 || n == 10)
    {
      g_set_error_literal (error, RX_BNF_ERROR, RX_BNF_ERROR_LEADING_ZERO,
                           "leading zero lost (saved by a spreadsheet?)");
      return FALSE;
    }

  if (n != 15 && n != 11)
    {
      g_autofree char *shown = shown_text (start, n);

      g_set_error (error, RX_BNF_ERROR, RX_BNF_ERROR_LENGTH,
                   "BNF code '%s' is not 15 or 11 characters", shown);
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    {
      if (!is_code_char (start[i]))
        {
          g_autofree char *shown = shown_text (start, n);

          g_set_error (error, RX_BNF_ERROR, RX_BNF_ERROR_CHARACTER,
                       "BNF code '%s' has a character other than 0-9 A-Z", shown);
          return FALSE;
        }
    }

  if (n == 15)
    {
      int chapter;

      if (!is_digit (start[0]) || !is_digit (start[1]))
        {
          g_set_error (error, RX_BNF_ERROR, RX_BNF_ERROR_CHAPTER,
                       "BNF code '%.15s' does not start with a two-digit chapter", start);
          return FALSE;
        }

      chapter = (start[0] - '0') * 10 + (start[1] - '0');
      if (chapter < 1 || chapter > 23)
        {
          g_set_error (error, RX_BNF_ERROR, RX_BNF_ERROR_CHAPTER,
                       "BNF code '%.15s' has chapter %02d, not 01 to 23", start, chapter);
          return FALSE;
        }
    }
  else if (start[0] != '2' || start[1] < '0' || start[1] > '3')
    {
      g_set_error (error, RX_BNF_ERROR, RX_BNF_ERROR_CHAPTER,
                   "BNF code '%.11s' has 11 characters but is not in chapters 20 to 23", start);
      return FALSE;
    }

  memcpy (out, start, n);
  out[n] = '\0';

  return TRUE;
}

/**
 * rx_bnf_is_device_chapter:
 * @code: a BNF code or a prefix of one
 *
 * Returns: %TRUE when @code is in chapters 20–23 (dressings, appliances,
 *   incontinence, stoma), whose codes have 11 characters
 */
gboolean
rx_bnf_is_device_chapter (const char *code)
{
  g_return_val_if_fail (code != NULL, FALSE);

  return code[0] == '2' && code[1] >= '0' && code[1] <= '3';
}

/**
 * rx_bnf_level_length:
 * @code: a BNF code
 * @level: a level of the hierarchy
 *
 * The length of the prefix of @code that names its @level (data-formats
 * §6.5): in chapters 01–19 2, 4, 6, 7, 9, 11 and 15 characters; in
 * chapters 20–23 the chapter is 2, the section 4, the paragraph 6, the
 * sub-paragraph 7, the chemical is the section (4), and product and
 * presentation are the whole 11-character code. The result is never more
 * than the length of @code, so a chemical code asked for its product gives
 * its own length.
 *
 * Returns: a prefix length
 */
gsize
rx_bnf_level_length (const char *code,
                     RxBnfLevel  level)
{
  static const guint8 drug_lengths[] = { 2, 4, 6, 7, 9, 11, 15 };
  static const guint8 device_lengths[] = { 2, 4, 6, 7, 4, 11, 11 };
  gsize code_len;
  gsize length;

  g_return_val_if_fail (code != NULL, 0);
  g_return_val_if_fail ((guint) level <= RX_BNF_LEVEL_PRESENTATION, 0);

  code_len = strnlen (code, 15);

  if (rx_bnf_is_device_chapter (code))
    {
      length = device_lengths[level];
      /* A 15-character code in chapters 20-23 (legal in §5) is its own
       * presentation. */
      if (level == RX_BNF_LEVEL_PRESENTATION)
        length = code_len;
    }
  else
    length = drug_lengths[level];

  return MIN (length, code_len);
}

/**
 * rx_bnf_is_generic:
 * @code: a BNF code
 *
 * Returns: %TRUE when @code is a 15-character code whose product is `AA`
 *   (code[9:11]), a generic presentation
 */
gboolean
rx_bnf_is_generic (const char *code)
{
  g_return_val_if_fail (code != NULL, FALSE);

  return strnlen (code, 16) == 15 && code[9] == 'A' && code[10] == 'A';
}

/**
 * rx_bnf_generic_equivalent:
 * @code: a BNF code
 * @out: (out): where the NUL-terminated generic code is written
 *
 * The generic equivalent of methodology §6.1 step 3:
 * `code[0:9] + "AA" + code[13:15] + code[13:15]`. A code with `A0` at
 * 14–15 has none, except in chemicals 0601060D0 (blood glucose strips) and
 * 0601060U0 (urine testing), which OP treats as wholly interchangeable, and
 * which map to `chemical + "AAA0A0"`. Codes other than 15 characters (the
 * devices of chapters 20–23) have none. OP's exclusion list is not applied
 * here. On %FALSE @out holds the empty string.
 *
 * Returns: %TRUE when @code has a generic equivalent
 */
gboolean
rx_bnf_generic_equivalent (const char *code,
                           char        out[16])
{
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  out[0] = '\0';

  if (strnlen (code, 16) != 15)
    return FALSE;

  if (code[13] == 'A' && code[14] == '0' &&
      strncmp (code, "0601060D0", 9) != 0 &&
      strncmp (code, "0601060U0", 9) != 0)
    return FALSE;

  /* For the two wholly interchangeable chemicals an 'A0' code gives
   * chemical + "AA" + "A0" + "A0" by the same formula. */
  memcpy (out, code, 9);
  out[9] = 'A';
  out[10] = 'A';
  out[11] = code[13];
  out[12] = code[14];
  out[13] = code[13];
  out[14] = code[14];
  out[15] = '\0';

  return TRUE;
}

/* Filters */

typedef enum
{
  PATTERN_PREFIX,               /* the start of a code, '_' any one character */
  PATTERN_EXACT,                /* a whole code, '_' any one character */
  PATTERN_LIKE,                 /* anchored LIKE: '%' any run, '_' one character */
} PatternKind;

typedef struct
{
  char        *text;
  gsize        len;
  /* The literal start of the pattern, before its first '_' or '%': every
   * code it can match starts with it, so a binary search narrows the codes
   * to test to one contiguous run. */
  gsize        stem_len;
  PatternKind  kind;
} Pattern;

struct _RxBnfFilter
{
  Pattern *patterns;            /* inclusions, then exclusions */
  gsize    n_include;
  gsize    n_exclude;
};

static inline gboolean
is_pattern_char (char c)
{
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         c == '%' || c == '_';
}

/* Prefix and exact patterns: each character equal, '_' any one. */
static gboolean
fixed_match (const Pattern *p,
             const char    *code)
{
  for (gsize i = 0; i < p->len; i++)
    {
      if (code[i] == '\0')
        return FALSE;
      if (p->text[i] != '_' && p->text[i] != code[i])
        return FALSE;
    }

  return p->kind == PATTERN_PREFIX || code[p->len] == '\0';
}

/* An anchored LIKE match, '%' any run and '_' one character. Greedy with
 * backtracking to the last '%' only, which is enough: a later '%' can
 * absorb whatever an earlier one would have. */
static gboolean
like_match (const char *pat,
            const char *code)
{
  const char *star = NULL;
  const char *star_code = NULL;

  while (*code != '\0')
    {
      if (*pat == '%')
        {
          star = pat++;
          star_code = code;
        }
      else if (*pat != '\0' && (*pat == '_' || *pat == *code))
        {
          pat++;
          code++;
        }
      else if (star != NULL)
        {
          pat = star + 1;
          code = ++star_code;
        }
      else
        return FALSE;
    }

  while (*pat == '%')
    pat++;

  return *pat == '\0';
}

static inline gboolean
pattern_match (const Pattern *p,
               const char    *code)
{
  if (p->kind == PATTERN_LIKE)
    return like_match (p->text, code);

  return fixed_match (p, code);
}

/* Strips a '#' comment and surrounding white space from @raw and checks what
 * is left. Sets *@text to NULL for an entry to ignore. */
static gboolean
read_pattern (const char  *raw,
              gsize        index,
              char       **text,
              gboolean    *exclude,
              GError     **error)
{
  g_autofree char *copy = NULL;
  char *hash;
  char *body;

  *text = NULL;
  *exclude = FALSE;

  if (raw == NULL)
    return TRUE;

  copy = g_strdup (raw);
  hash = strchr (copy, '#');
  if (hash != NULL)
    *hash = '\0';
  g_strstrip (copy);

  if (copy[0] == '\0')
    return TRUE;

  body = copy;
  if (body[0] == '~')
    {
      *exclude = TRUE;
      body++;
    }

  if (body[0] == '\0')
    {
      g_set_error (error, RX_BNF_ERROR, RX_BNF_ERROR_PATTERN,
                   "BNF code pattern %" G_GSIZE_FORMAT " ('%s') is a '~' with no code after it",
                   index + 1, copy);
      return FALSE;
    }

  for (const char *c = body; *c != '\0'; c++)
    {
      if (!is_pattern_char (*c))
        {
          g_autofree char *shown = shown_text (copy, strlen (copy));

          g_set_error (error, RX_BNF_ERROR, RX_BNF_ERROR_PATTERN,
                       "BNF code pattern %" G_GSIZE_FORMAT " ('%s') has a character other than "
                       "0-9 A-Z a-z %% _",
                       index + 1, shown);
          return FALSE;
        }
    }

  *text = g_strdup (body);

  return TRUE;
}

static void
pattern_init (Pattern *p,
              char    *text)
{
  gsize full_len;

  p->text = text;
  p->len = strlen (text);
  p->stem_len = strcspn (text, "_%");

  /* Judged by the first two characters, as OP does: 11 characters make a
   * whole code in chapters 20-23, 15 elsewhere. */
  full_len = rx_bnf_is_device_chapter (text) ? 11 : 15;

  if (strchr (text, '%') != NULL)
    p->kind = PATTERN_LIKE;
  else if (p->len >= full_len)
    p->kind = PATTERN_EXACT;
  else
    p->kind = PATTERN_PREFIX;
}

/**
 * rx_bnf_filter_new:
 * @patterns: (array length=n_patterns): one side's BNF code patterns
 * @n_patterns: how many
 * @error: return location for an #RX_BNF_ERROR
 *
 * Compiles the patterns of a measure definition (cli.md, "Measure
 * definitions"): '#' starts a comment to the end of the entry, then the
 * rest is trimmed and an empty entry is ignored; a leading '~' makes an
 * exclusion; '_' matches any one character. A pattern holding '%' is an
 * anchored LIKE pattern with no implied trailing '%'; otherwise a pattern
 * as long as a whole code (15 characters, 11 in chapters 20–23 judged by
 * its first two characters) matches a whole code, and a shorter one is a
 * prefix. Matching is case-sensitive. A %NULL entry is ignored.
 *
 * Returns: (transfer full): a new filter, or %NULL with @error set for a
 *   pattern with a character other than `[0-9A-Za-z%_]` or a bare '~'
 */
RxBnfFilter *
rx_bnf_filter_new (const char * const *patterns,
                   gsize               n_patterns,
                   GError            **error)
{
  g_autoptr(RxBnfFilter) filter = NULL;
  g_autoptr(GPtrArray) include = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) exclude = g_ptr_array_new_with_free_func (g_free);
  gsize j = 0;

  g_return_val_if_fail (patterns != NULL || n_patterns == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (gsize i = 0; i < n_patterns; i++)
    {
      char *text;
      gboolean is_exclusion;

      if (!read_pattern (patterns[i], i, &text, &is_exclusion, error))
        return NULL;
      if (text != NULL)
        g_ptr_array_add (is_exclusion ? exclude : include, text);
    }

  filter = g_new0 (RxBnfFilter, 1);
  filter->n_include = include->len;
  filter->n_exclude = exclude->len;
  filter->patterns = g_new0 (Pattern, include->len + exclude->len);

  /* Take the strings over from the arrays. */
  g_ptr_array_set_free_func (include, NULL);
  g_ptr_array_set_free_func (exclude, NULL);
  for (guint i = 0; i < include->len; i++)
    pattern_init (&filter->patterns[j++], g_ptr_array_index (include, i));
  for (guint i = 0; i < exclude->len; i++)
    pattern_init (&filter->patterns[j++], g_ptr_array_index (exclude, i));

  return g_steal_pointer (&filter);
}

/**
 * rx_bnf_filter_free:
 * @filter: (nullable): a filter
 */
void
rx_bnf_filter_free (RxBnfFilter *filter)
{
  if (filter == NULL)
    return;

  for (gsize i = 0; i < filter->n_include + filter->n_exclude; i++)
    g_free (filter->patterns[i].text);
  g_free (filter->patterns);
  g_free (filter);
}

/**
 * rx_bnf_filter_is_empty:
 * @filter: a filter
 *
 * Returns: %TRUE when @filter has no inclusions, so that it matches nothing
 */
gboolean
rx_bnf_filter_is_empty (const RxBnfFilter *filter)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  return filter->n_include == 0;
}

/**
 * rx_bnf_filter_matches:
 * @filter: a filter
 * @code: a BNF code
 *
 * Returns: %TRUE when @code matches some inclusion of @filter and no exclusion
 */
gboolean
rx_bnf_filter_matches (const RxBnfFilter *filter,
                       const char        *code)
{
  const Pattern *excludes;
  gboolean included = FALSE;

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  for (gsize i = 0; i < filter->n_include && !included; i++)
    included = pattern_match (&filter->patterns[i], code);

  if (!included)
    return FALSE;

  excludes = filter->patterns + filter->n_include;
  for (gsize i = 0; i < filter->n_exclude; i++)
    {
      if (pattern_match (&excludes[i], code))
        return FALSE;
    }

  return TRUE;
}

/* The first index in [lo, hi) whose code's first @n bytes compare with
 * @stem at or above (@above FALSE) or strictly above (@above TRUE).
 * Truncating strings to n bytes keeps their strcmp order, so over a sorted
 * list strncmp against the stem never decreases. */
static gsize
bound (const char * const *codes,
       gsize               lo,
       gsize               hi,
       const char         *stem,
       gsize               n,
       gboolean            above)
{
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      int cmp = strncmp (codes[mid], stem, n);

      if (cmp < 0 || (above && cmp == 0))
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Sets out[i] to @value for the codes in the run of @p's stem that match
 * @p and whose out[i] is not already @value. */
static void
mark_pattern (const Pattern      *p,
              const char * const *codes,
              gsize               n_codes,
              guint8             *out,
              guint8              value)
{
  gsize lo = 0;
  gsize hi = n_codes;

  if (p->stem_len > 0)
    {
      lo = bound (codes, 0, n_codes, p->text, p->stem_len, FALSE);
      hi = bound (codes, lo, n_codes, p->text, p->stem_len, TRUE);
    }

  /* A plain prefix: the whole run matches, with no string work. */
  if (p->kind == PATTERN_PREFIX && p->stem_len == p->len)
    {
      if (hi > lo)
        memset (out + lo, value, hi - lo);
      return;
    }

  for (gsize i = lo; i < hi; i++)
    {
      if (out[i] != value && pattern_match (p, codes[i]))
        out[i] = value;
    }
}

/**
 * rx_bnf_filter_mark:
 * @filter: a filter
 * @codes: (array length=n_codes): distinct codes sorted in byte (strcmp) order
 * @n_codes: how many
 * @out: (array length=n_codes): set to 1 where the code matches, else 0
 *
 * Marks the codes @filter matches, as methodology §2 compiles a side's
 * patterns: every pattern's literal start (before its first '_' or '%')
 * is one contiguous run of the sorted list found by binary search, a plain
 * prefix marks its run whole, and a pattern with wildcards (or an exact or
 * LIKE pattern) is tested once on each code of its run. Inclusions are
 * united and exclusions subtracted. The result is wrong if @codes is not
 * sorted.
 */
void
rx_bnf_filter_mark (const RxBnfFilter  *filter,
                    const char * const *codes,
                    gsize               n_codes,
                    guint8             *out)
{
  const Pattern *excludes;

  g_return_if_fail (filter != NULL);
  g_return_if_fail (codes != NULL || n_codes == 0);
  g_return_if_fail (out != NULL || n_codes == 0);

  if (n_codes == 0)
    return;

  memset (out, 0, n_codes);

  for (gsize i = 0; i < filter->n_include; i++)
    mark_pattern (&filter->patterns[i], codes, n_codes, out, 1);

  excludes = filter->patterns + filter->n_include;
  for (gsize i = 0; i < filter->n_exclude; i++)
    mark_pattern (&excludes[i], codes, n_codes, out, 0);
}
