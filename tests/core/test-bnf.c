// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-bnf"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <glib.h>

#include "rx-bnf.h"

/* Helpers */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
strv_contains (const char * const *strv,
               const char         *s)
{
  for (; *strv != NULL; strv++)
    {
      if (strcmp (*strv, s) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Compiles @patterns (NULL-terminated) and checks that exactly @expected
 * (NULL-terminated) of @codes (NULL-terminated, any order) match, both one
 * at a time and through rx_bnf_filter_mark over the codes sorted. */
static void
assert_filter (const char * const *patterns,
               const char * const *codes,
               const char * const *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RxBnfFilter) filter = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autofree guint8 *marks = NULL;
  guint n_patterns = g_strv_length ((char **) patterns);

  filter = rx_bnf_filter_new (patterns, n_patterns, &error);
  ck_assert_msg (filter != NULL, "filter_new failed: %s", error ? error->message : "?");

  for (const char * const *c = codes; *c != NULL; c++)
    {
      ck_assert_msg (rx_bnf_filter_matches (filter, *c) == strv_contains (expected, *c),
                     "pattern '%s'...: code %s should %smatch", patterns[0], *c,
                     strv_contains (expected, *c) ? "" : "not ");
      g_ptr_array_add (sorted, (gpointer) *c);
    }
  for (const char * const *e = expected; *e != NULL; e++)
    ck_assert_msg (strv_contains (codes, *e), "expected code %s is not in the list", *e);

  g_ptr_array_sort (sorted, compare_strings);
  marks = g_malloc (sorted->len + 1);
  memset (marks, 0xAA, sorted->len + 1);
  rx_bnf_filter_mark (filter, (const char * const *) sorted->pdata, sorted->len, marks);

  for (guint i = 0; i < sorted->len; i++)
    {
      const char *code = g_ptr_array_index (sorted, i);

      ck_assert_msg (marks[i] == (strv_contains (expected, code) ? 1 : 0),
                     "pattern '%s'...: mark of %s is %u", patterns[0], code, marks[i]);
    }
  ck_assert_uint_eq (marks[sorted->len], 0xAA);
}

#define STRV(...) ((const char * const[]) { __VA_ARGS__, NULL })
#define NONE ((const char * const[]) { NULL })

static void
assert_parse_ok (const char *text,
                 gsize       len,
                 const char *expected)
{
  g_autoptr(GError) error = NULL;
  char out[16];

  ck_assert_msg (rx_bnf_code_parse (text, len, out, &error),
                 "'%.*s' refused: %s", (int) len, text, error ? error->message : "?");
  ck_assert_ptr_null (error);
  ck_assert_str_eq (out, expected);
}

static void
assert_parse_error (const char *text,
                    RxBnfError  code,
                    const char *message)
{
  g_autoptr(GError) error = NULL;
  char out[16];

  memset (out, 'x', sizeof out);
  ck_assert_msg (!rx_bnf_code_parse (text, strlen (text), out, &error), "'%s' accepted", text);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_error_matches (error, RX_BNF_ERROR, code),
                 "'%s': error code %d, expected %d (%s)", text, error->code, code, error->message);
  if (message != NULL)
    ck_assert_str_eq (error->message, message);
  ck_assert_str_eq (out, "");
}

/* Codes */

START_TEST (test_code_parse_valid)
{
  const char buffer[] = "0501013B0AAABAB0501";
  const char device[] = "20030100373 9XYZ";

  assert_parse_ok ("0501013B0AAABAB", 15, "0501013B0AAABAB");
  assert_parse_ok (" \t0501013B0AAABAB \t ", 20, "0501013B0AAABAB");
  assert_parse_ok ("20030100373", 11, "20030100373");
  assert_parse_ok ("\t23960000000\t", 13, "23960000000");
  assert_parse_ok ("230000000000000", 15, "230000000000000");
  assert_parse_ok ("190700000BBCJA0", 15, "190700000BBCJA0");
  assert_parse_ok ("010000000000000", 15, "010000000000000");

  /* Not NUL-terminated: only len bytes are read. */
  assert_parse_ok (buffer, 15, "0501013B0AAABAB");
  assert_parse_ok (device, 12, "20030100373");
}
END_TEST

START_TEST (test_code_parse_errors)
{
  const char *leading_zero = "leading zero lost (saved by a spreadsheet?)";

  /* 14 and 10 characters: the spreadsheet trap, with exactly this message. */
  assert_parse_error ("501013B0AAABAB", RX_BNF_ERROR_LEADING_ZERO, leading_zero);
  assert_parse_error (" 501013B0AAABAB\t", RX_BNF_ERROR_LEADING_ZERO, leading_zero);
  assert_parse_error ("2003010037", RX_BNF_ERROR_LEADING_ZERO, leading_zero);

  assert_parse_error ("0501013B0AAA", RX_BNF_ERROR_LENGTH,
                      "BNF code '0501013B0AAA' is not 15 or 11 characters");
  assert_parse_error ("0501013B0AAABAB0", RX_BNF_ERROR_LENGTH, NULL);
  assert_parse_error ("", RX_BNF_ERROR_LENGTH, NULL);
  assert_parse_error (" \t ", RX_BNF_ERROR_LENGTH, NULL);
  assert_parse_error ("0501013B0AAAB AB", RX_BNF_ERROR_LENGTH, NULL);

  assert_parse_error ("0501013b0AAABAB", RX_BNF_ERROR_CHARACTER,
                      "BNF code '0501013b0AAABAB' has a character other than 0-9 A-Z");
  assert_parse_error ("0501013B0AA-BAB", RX_BNF_ERROR_CHARACTER, NULL);
  assert_parse_error ("0501013B0AA BAB", RX_BNF_ERROR_CHARACTER, NULL);
  assert_parse_error ("2003010037\xc3", RX_BNF_ERROR_CHARACTER, NULL);

  assert_parse_error ("000000000000000", RX_BNF_ERROR_CHAPTER, NULL);
  assert_parse_error ("240000000000000", RX_BNF_ERROR_CHAPTER, NULL);
  assert_parse_error ("990000000000000", RX_BNF_ERROR_CHAPTER, NULL);
  assert_parse_error ("A50000000000000", RX_BNF_ERROR_CHAPTER, NULL);
  assert_parse_error ("0A0000000000000", RX_BNF_ERROR_CHAPTER, NULL);
  assert_parse_error ("19030100373", RX_BNF_ERROR_CHAPTER, NULL);
  assert_parse_error ("24030100373", RX_BNF_ERROR_CHAPTER, NULL);
  assert_parse_error ("0501013B0AA", RX_BNF_ERROR_CHAPTER, NULL);
}
END_TEST

START_TEST (test_code_parse_long_garbage)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *junk = g_strnfill (5000, 'Z');
  char out[16];

  junk[10] = '\n';
  ck_assert (!rx_bnf_code_parse (junk, 5000, out, &error));
  ck_assert (g_error_matches (error, RX_BNF_ERROR, RX_BNF_ERROR_LENGTH));
  /* The message shows a short, printable part of the field. */
  ck_assert_uint_lt (strlen (error->message), 120);
  ck_assert_ptr_null (strchr (error->message, '\n'));
  ck_assert (g_utf8_validate (error->message, -1, NULL));
}
END_TEST

START_TEST (test_device_chapter)
{
  ck_assert (rx_bnf_is_device_chapter ("20030100373"));
  ck_assert (rx_bnf_is_device_chapter ("21"));
  ck_assert (rx_bnf_is_device_chapter ("2396"));
  ck_assert (rx_bnf_is_device_chapter ("23"));
  ck_assert (!rx_bnf_is_device_chapter ("19"));
  ck_assert (!rx_bnf_is_device_chapter ("24030100373"));
  ck_assert (!rx_bnf_is_device_chapter ("0501013B0AAABAB"));
  ck_assert (!rx_bnf_is_device_chapter ("2"));
  ck_assert (!rx_bnf_is_device_chapter (""));
}
END_TEST

START_TEST (test_level_length)
{
  const char *drug = "0501013B0AAABAB";
  const char *device = "20030100373";
  const gsize drug_lengths[] = { 2, 4, 6, 7, 9, 11, 15 };
  const gsize device_lengths[] = { 2, 4, 6, 7, 4, 11, 11 };

  for (RxBnfLevel level = RX_BNF_LEVEL_CHAPTER; level <= RX_BNF_LEVEL_PRESENTATION; level++)
    {
      ck_assert_uint_eq (rx_bnf_level_length (drug, level), drug_lengths[level]);
      ck_assert_uint_eq (rx_bnf_level_length (device, level), device_lengths[level]);
    }

  ck_assert_uint_eq (rx_bnf_level_length ("190700000BBCJA0", RX_BNF_LEVEL_CHEMICAL), 9);
  ck_assert_uint_eq (rx_bnf_level_length ("2396000000A", RX_BNF_LEVEL_CHEMICAL), 4);
  /* Never beyond the code given. */
  ck_assert_uint_eq (rx_bnf_level_length ("0501013B0", RX_BNF_LEVEL_PRODUCT), 9);
  ck_assert_uint_eq (rx_bnf_level_length ("0501013B0", RX_BNF_LEVEL_CHEMICAL), 9);
}
END_TEST

START_TEST (test_generic_equivalent)
{
  char out[16];

  /* A generic is its own. */
  ck_assert (rx_bnf_generic_equivalent ("0202010B0AAABAB", out));
  ck_assert_str_eq (out, "0202010B0AAABAB");

  /* A brand maps to its generic (methodology TC10). */
  ck_assert (rx_bnf_generic_equivalent ("0212000B0BBABAB", out));
  ck_assert_str_eq (out, "0212000B0AAABAB");

  /* The generic's strength and formulation come from characters 14-15. */
  ck_assert (rx_bnf_generic_equivalent ("0407010H0BDACAE", out));
  ck_assert_str_eq (out, "0407010H0AAAEAE");

  /* 'A0': a brand with no generic, no group. */
  ck_assert (!rx_bnf_generic_equivalent ("0407010H0BDAAA0", out));
  ck_assert_str_eq (out, "");
  ck_assert (!rx_bnf_generic_equivalent ("190700000BBCJA0", out));

  /* Blood glucose strips and urine testing are wholly interchangeable. */
  ck_assert (rx_bnf_generic_equivalent ("0601060D0BKAAA0", out));
  ck_assert_str_eq (out, "0601060D0AAA0A0");
  ck_assert (rx_bnf_generic_equivalent ("0601060U0BBABA0", out));
  ck_assert_str_eq (out, "0601060U0AAA0A0");
  /* ... and otherwise follow the formula. */
  ck_assert (rx_bnf_generic_equivalent ("0601060D0BBAEAE", out));
  ck_assert_str_eq (out, "0601060D0AAAEAE");
  /* Only those two chemicals. */
  ck_assert (!rx_bnf_generic_equivalent ("0601060X0BKAAA0", out));

  /* Devices and other lengths have none. */
  ck_assert (!rx_bnf_generic_equivalent ("20030100373", out));
  ck_assert (!rx_bnf_generic_equivalent ("0501013B0AAABA", out));
  ck_assert (!rx_bnf_generic_equivalent ("0501013B0AAABAB0", out));
  ck_assert (!rx_bnf_generic_equivalent ("", out));
}
END_TEST

START_TEST (test_is_generic)
{
  ck_assert (rx_bnf_is_generic ("0202010B0AAABAB"));
  ck_assert (rx_bnf_is_generic ("0601060D0AAA0A0"));
  ck_assert (!rx_bnf_is_generic ("0212000B0BBABAB"));
  ck_assert (!rx_bnf_is_generic ("0212000B0ABABAB"));
  ck_assert (!rx_bnf_is_generic ("0212000B0BAABAB"));
  ck_assert (!rx_bnf_is_generic ("200301003AA"));
  ck_assert (!rx_bnf_is_generic ("0501013B0"));
}
END_TEST

/* Filters: methodology §9 TC5 */

static const char * const tc5_codes[] = {
  "0501013B0AAABAB", "0501013B0BBABAB", "0501013B0AAAAAA", "0501013K0AAAJAJ",
  "0501090K0AAAAAA", "0501130H0AAAAAA", "0501130R0AAAAAA", "0502010A0AAAAAA",
  NULL
};

START_TEST (test_tc5_like_with_comment_and_exclusion)
{
  assert_filter (STRV ("0501013B0%AB # 500 mg", "~0501013B0BB"), tc5_codes,
                 STRV ("0501013B0AAABAB"));
}
END_TEST

START_TEST (test_tc5_prefix_exclusions_and_note)
{
  assert_filter (STRV ("0501", "~050109", "~0501130H0", "  # note"), tc5_codes,
                 STRV ("0501013B0AAABAB", "0501013B0BBABAB", "0501013B0AAAAAA",
                       "0501013K0AAAJAJ", "0501130R0AAAAAA"));
}
END_TEST

START_TEST (test_tc5_prefix_exact_case_like)
{
  assert_filter (STRV ("0501013B0AAABA"), tc5_codes, STRV ("0501013B0AAABAB"));
  assert_filter (STRV ("0501013B0AAABAB"), tc5_codes, STRV ("0501013B0AAABAB"));
  assert_filter (STRV ("0501013b0"), tc5_codes, NONE);
  assert_filter (STRV ("0501013B0%"), tc5_codes,
                 STRV ("0501013B0AAABAB", "0501013B0BBABAB", "0501013B0AAAAAA"));
  assert_filter (STRV ("0501013B0_AB"), tc5_codes, NONE);
}
END_TEST

/* Filters: cli.md and further cases */

START_TEST (test_like_no_implied_trailing_percent)
{
  const char * const codes[] = {
    "0501013B0AAABAB", "0501013B0BBABAB", "0501013B0AAABAC", "0501013B0ABABAA",
    "0501013B0AB", "0501013B0", "0501013K0AAABAB", "0501013B0XAB", NULL
  };

  /* It must also end in AB. */
  assert_filter (STRV ("0501013B0%AB"), codes,
                 STRV ("0501013B0AAABAB", "0501013B0BBABAB", "0501013B0AB", "0501013B0XAB"));
  /* '_' inside a LIKE pattern is one character, and the length counts. */
  assert_filter (STRV ("0501013B0_AB"), codes, STRV ("0501013B0XAB"));
  assert_filter (STRV ("0501013B0%_C"), codes, STRV ("0501013B0AAABAC"));
  assert_filter (STRV ("0501013B0%A_"), codes,
                 STRV ("0501013B0AAABAB", "0501013B0BBABAB", "0501013B0AAABAC",
                       "0501013B0ABABAA", "0501013B0AB", "0501013B0XAB"));
  assert_filter (STRV ("%BAB"), codes,
                 STRV ("0501013B0AAABAB", "0501013B0BBABAB", "0501013K0AAABAB"));
  assert_filter (STRV ("05%13_0%B_B"), codes,
                 STRV ("0501013B0AAABAB", "0501013B0BBABAB", "0501013K0AAABAB"));
  assert_filter (STRV ("%"), codes,
                 STRV ("0501013B0AAABAB", "0501013B0BBABAB", "0501013B0AAABAC",
                       "0501013B0ABABAA", "0501013B0AB", "0501013B0", "0501013K0AAABAB",
                       "0501013B0XAB"));
  /* A LIKE exclusion. */
  assert_filter (STRV ("0501013", "~%AB"), codes,
                 STRV ("0501013B0AAABAC", "0501013B0ABABAA", "0501013B0"));
}
END_TEST

START_TEST (test_prefix_with_underscores)
{
  const char * const codes[] = {
    "1106000X0BBAAAA", "1106000Z0ABAAAA", "1106000X0AAAAAA", "1106000X0",
    "1107000X0BBAAAA", "1106001X0BBAAAA", "11060", "110600000BB", NULL
  };

  /* 1106000, any two characters, then B; anything may follow. */
  assert_filter (STRV ("1106000__B"), codes,
                 STRV ("1106000X0BBAAAA", "110600000BB"));
  /* An exclusion with wildcards subtracts. */
  assert_filter (STRV ("1106", "~1106000_0B"), codes,
                 STRV ("1106000Z0ABAAAA", "1106000X0AAAAAA", "1106000X0",
                       "1106001X0BBAAAA", "11060"));
  /* Leading wildcards leave no stem: every code is tested. */
  assert_filter (STRV ("__07"), codes, STRV ("1107000X0BBAAAA"));
  /* A full-length pattern with wildcards matches whole codes only. */
  assert_filter (STRV ("1106000_0BBAAAA"), codes, STRV ("1106000X0BBAAAA"));
}
END_TEST

START_TEST (test_device_full_match_and_prefix)
{
  const char * const codes[] = {
    "20030100373", "20030100374", "2003010037A", "200301003730000",
    "20030200100", "21220000142", "0501013B0AAABAB", NULL
  };

  /* 11 characters in chapter 20 is a whole code: not a prefix of the
   * 15-character code. */
  assert_filter (STRV ("20030100373"), codes, STRV ("20030100373"));
  assert_filter (STRV ("2003010037_"), codes,
                 STRV ("20030100373", "20030100374", "2003010037A"));
  /* Shorter is a prefix. */
  assert_filter (STRV ("2003010037"), codes,
                 STRV ("20030100373", "20030100374", "2003010037A", "200301003730000"));
  assert_filter (STRV ("2003"), codes,
                 STRV ("20030100373", "20030100374", "2003010037A", "200301003730000",
                       "20030200100"));
  /* Outside chapters 20-23 an 11-character pattern is a product prefix. */
  assert_filter (STRV ("0501013B0AA"), codes, STRV ("0501013B0AAABAB"));
  /* A 15-character pattern in chapter 20 is a whole code too. */
  assert_filter (STRV ("200301003730000"), codes, STRV ("200301003730000"));
  assert_filter (STRV ("20", "~20030100373", "~2003010037A"), codes,
                 STRV ("20030100374", "200301003730000", "20030200100"));
}
END_TEST

START_TEST (test_comments_ignored)
{
  g_autoptr(RxBnfFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  const char * const only_comments[] = { "  # note", "#", "", "   ", "\t# x ~0501", NULL };

  assert_filter (STRV ("  # note", "0501013K0 # trailing", "\t0501130R0AAAAAA\t#exact"),
                 tc5_codes, STRV ("0501013K0AAAJAJ", "0501130R0AAAAAA"));
  /* A '~' after '#' is part of the comment. */
  assert_filter (STRV ("0501013B0 #~0501013B0BB"), tc5_codes,
                 STRV ("0501013B0AAABAB", "0501013B0BBABAB", "0501013B0AAAAAA"));
  /* A comment with no gap before it. */
  assert_filter (STRV ("0502#antacids"), tc5_codes, STRV ("0502010A0AAAAAA"));

  filter = rx_bnf_filter_new (only_comments, 5, &error);
  ck_assert_ptr_nonnull (filter);
  ck_assert_ptr_null (error);
  ck_assert (rx_bnf_filter_is_empty (filter));
  for (const char * const *c = tc5_codes; *c != NULL; c++)
    ck_assert (!rx_bnf_filter_matches (filter, *c));
}
END_TEST

START_TEST (test_case_sensitive)
{
  const char * const codes[] = { "0501013B0AAABAB", "0501013b0aaabab", NULL };

  assert_filter (STRV ("0501013b0"), tc5_codes, NONE);
  assert_filter (STRV ("0501013B0aaabab"), tc5_codes, NONE);
  assert_filter (STRV ("0501013B0%ab"), tc5_codes, NONE);
  assert_filter (STRV ("0501013b0%"), codes, STRV ("0501013b0aaabab"));
  assert_filter (STRV ("0501013B0"), codes, STRV ("0501013B0AAABAB"));
  assert_filter (STRV ("0501", "~0501013b0"), codes, STRV ("0501013B0AAABAB"));
}
END_TEST

START_TEST (test_empty_filters)
{
  g_autoptr(RxBnfFilter) none = NULL;
  g_autoptr(RxBnfFilter) excl = NULL;
  g_autoptr(GError) error = NULL;
  const char * const exclusions[] = { "~0501", NULL };
  guint8 marks[8];

  none = rx_bnf_filter_new (NULL, 0, &error);
  ck_assert_ptr_nonnull (none);
  ck_assert (rx_bnf_filter_is_empty (none));

  excl = rx_bnf_filter_new (exclusions, 1, &error);
  ck_assert_ptr_nonnull (excl);
  ck_assert (rx_bnf_filter_is_empty (excl));
  ck_assert (!rx_bnf_filter_matches (excl, "0502010A0AAAAAA"));

  memset (marks, 1, sizeof marks);
  rx_bnf_filter_mark (excl, tc5_codes, 8, marks);
  for (guint i = 0; i < 8; i++)
    ck_assert_uint_eq (marks[i], 0);

  /* Nothing to mark. */
  rx_bnf_filter_mark (none, NULL, 0, NULL);

  assert_filter (STRV ("0501"), tc5_codes,
                 STRV ("0501013B0AAABAB", "0501013B0BBABAB", "0501013B0AAAAAA",
                       "0501013K0AAAJAJ", "0501090K0AAAAAA", "0501130H0AAAAAA",
                       "0501130R0AAAAAA"));
}
END_TEST

START_TEST (test_overlong_pattern)
{
  /* Longer than any code: it can match none. */
  assert_filter (STRV ("0501013B0AAABAB0"), tc5_codes, NONE);
  assert_filter (STRV ("200301003731"), STRV ("20030100373", "200301003731"),
                 STRV ("200301003731"));
}
END_TEST

static void
assert_pattern_error (const char *pattern)
{
  g_autoptr(RxBnfFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  const char *patterns[] = { "0501", pattern };

  filter = rx_bnf_filter_new (patterns, 2, &error);
  ck_assert_msg (filter == NULL, "pattern '%s' accepted", pattern);
  ck_assert_msg (g_error_matches (error, RX_BNF_ERROR, RX_BNF_ERROR_PATTERN),
                 "pattern '%s': wrong error", pattern);
  ck_assert (g_utf8_validate (error->message, -1, NULL));
}

START_TEST (test_pattern_errors)
{
  g_autoptr(RxBnfFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  const char * const patterns[] = { "0501", "0501 013" };

  assert_pattern_error ("~");
  assert_pattern_error ("  ~  ");
  assert_pattern_error ("~ # everything");
  assert_pattern_error ("~~0501");
  assert_pattern_error ("0501 013");
  assert_pattern_error ("~ 0501");
  assert_pattern_error ("05-01");
  assert_pattern_error ("0501*");
  assert_pattern_error ("0501.");
  assert_pattern_error ("0501\xc3\xa9");
  assert_pattern_error ("05~01");

  filter = rx_bnf_filter_new (patterns, 2, &error);
  ck_assert_ptr_null (filter);
  ck_assert_str_eq (error->message,
                    "BNF code pattern 2 ('0501 013') has a character other than 0-9 A-Z a-z % _");
}
END_TEST

/* Property: rx_bnf_filter_mark agrees with rx_bnf_filter_matches, and both
 * with a regular expression built independently from each pattern. */

static char
random_char (GRand *rand)
{
  static const char alphabet[] = "0011AABBZ9";

  return alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
}

static char *
random_code (GRand *rand)
{
  static const char * const chapters[] = { "01", "05", "05", "11", "19", "20", "21", "23" };
  const char *chapter = chapters[g_rand_int_range (rand, 0, G_N_ELEMENTS (chapters))];
  gboolean device = chapter[0] == '2';
  int len = device ? (g_rand_int_range (rand, 0, 10) == 0 ? 15 : 11) : 15;
  char *code = g_malloc (len + 1);

  memcpy (code, chapter, 2);
  for (int i = 2; i < len; i++)
    code[i] = random_char (rand);
  code[len] = '\0';

  return code;
}

static void
wildcard_some (GRand *rand,
               char  *s)
{
  for (; *s != '\0'; s++)
    {
      int roll = g_rand_int_range (rand, 0, 100);

      if (roll < 12)
        *s = '_';
      else if (roll < 14)
        *s = g_ascii_tolower (*s);
    }
}

static char *
random_pattern (GRand              *rand,
                const char * const *codes,
                guint               n_codes)
{
  const char *code = codes[g_rand_int_range (rand, 0, n_codes)];
  gsize len = strlen (code);
  int kind = g_rand_int_range (rand, 0, 5);
  char *pattern;

  if (kind <= 1)
    {
      /* A prefix, sometimes the whole code. */
      pattern = g_strndup (code, g_rand_int_range (rand, 1, len + 1));
      wildcard_some (rand, pattern);
    }
  else if (kind == 2)
    {
      /* A LIKE pattern: a start, '%', an end. */
      gsize head = g_rand_int_range (rand, 0, len + 1);
      gsize tail = g_rand_int_range (rand, 0, MIN (4, len - head) + 1);
      g_autofree char *start = g_strndup (code, head);
      g_autofree char *end = g_strdup (code + len - tail);

      wildcard_some (rand, start);
      wildcard_some (rand, end);
      pattern = g_strconcat (start, "%", end, NULL);
    }
  else if (kind == 3)
    {
      /* A LIKE pattern with two '%'. */
      gsize a = g_rand_int_range (rand, 0, len + 1);
      gsize b = g_rand_int_range (rand, a, len + 1);
      g_autofree char *start = g_strndup (code, a);
      g_autofree char *middle = g_strndup (code + a, MIN (b - a, 3));
      g_autofree char *end = g_strdup (code + b);

      wildcard_some (rand, middle);
      pattern = g_strconcat (start, "%", middle, "%", end, NULL);
    }
  else
    {
      /* A short prefix from scratch. */
      g_autofree char *other = random_code (rand);

      pattern = g_strndup (other, g_rand_int_range (rand, 2, 6));
      wildcard_some (rand, pattern);
    }

  return pattern;
}

static GRegex *
reference_regex (const char *pattern)
{
  GString *re = g_string_new ("^");
  gboolean like = strchr (pattern, '%') != NULL;
  gsize full = (pattern[0] == '2' && pattern[1] >= '0' && pattern[1] <= '3') ? 11 : 15;
  GRegex *regex;

  for (const char *c = pattern; *c != '\0'; c++)
    {
      if (*c == '_')
        g_string_append_c (re, '.');
      else if (*c == '%')
        g_string_append (re, ".*");
      else
        g_string_append_c (re, *c);
    }
  if (like || strlen (pattern) >= full)
    g_string_append_c (re, '$');

  regex = g_regex_new (re->str, G_REGEX_OPTIMIZE, 0, NULL);
  g_assert (regex != NULL);
  g_string_free (re, TRUE);

  return regex;
}

START_TEST (test_mark_property)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240117);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree guint8 *marks = NULL;
  guint total_marked = 0;
  guint filters_with_matches = 0;
  guint filters_with_exclusions = 0;
  const guint n_filters = 200;

  while (codes->len < 3000)
    {
      char *code = random_code (rand);

      if (g_hash_table_add (seen, code))
        g_ptr_array_add (codes, code);
      else
        g_free (code);
    }
  g_ptr_array_sort (codes, compare_strings);
  marks = g_malloc (codes->len);

  for (guint f = 0; f < n_filters; f++)
    {
      g_autoptr(GPtrArray) patterns = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) include = NULL;
      g_autoptr(GPtrArray) exclude = NULL;
      g_autoptr(RxBnfFilter) filter = NULL;
      g_autoptr(GError) error = NULL;
      int n_include = g_rand_int_range (rand, 1, 4);
      int n_exclude = g_rand_int_range (rand, 0, 3);
      guint marked = 0;
      guint wrong = 0;
      const char *first_wrong = NULL;

      include = g_ptr_array_new_with_free_func ((GDestroyNotify) g_regex_unref);
      exclude = g_ptr_array_new_with_free_func ((GDestroyNotify) g_regex_unref);

      for (int i = 0; i < n_include + n_exclude; i++)
        {
          g_autofree char *p = random_pattern (rand, (const char * const *) codes->pdata,
                                               codes->len);
          gboolean excl = i >= n_include;

          g_ptr_array_add (excl ? exclude : include, reference_regex (p));
          /* Some carry a comment, which must make no difference. */
          g_ptr_array_add (patterns,
                           g_strdup_printf ("%s%s%s", excl ? "~" : "", p,
                                            g_rand_int_range (rand, 0, 5) == 0 ? "  # note" : ""));
        }
      if (n_exclude > 0)
        filters_with_exclusions++;

      filter = rx_bnf_filter_new ((const char * const *) patterns->pdata, patterns->len, &error);
      ck_assert_msg (filter != NULL, "filter %u: %s", f, error ? error->message : "?");

      rx_bnf_filter_mark (filter, (const char * const *) codes->pdata, codes->len, marks);

      for (guint i = 0; i < codes->len; i++)
        {
          const char *code = g_ptr_array_index (codes, i);
          gboolean expected = FALSE;
          gboolean matches = rx_bnf_filter_matches (filter, code);

          for (guint k = 0; k < include->len && !expected; k++)
            expected = g_regex_match (g_ptr_array_index (include, k), code, 0, NULL);
          for (guint k = 0; k < exclude->len && expected; k++)
            expected = !g_regex_match (g_ptr_array_index (exclude, k), code, 0, NULL);

          /* Check's passing assertions each write to a pipe: count the
           * disagreements here and assert once per filter. */
          if ((matches != expected || marks[i] != (expected ? 1 : 0)) && wrong++ == 0)
            first_wrong = code;
          marked += marks[i];
        }

      ck_assert_msg (wrong == 0, "filter %u ('%s', ...): %u codes wrong, the first %s",
                     f, (char *) patterns->pdata[0], wrong, first_wrong);

      total_marked += marked;
      if (marked > 0 && marked < codes->len)
        filters_with_matches++;
    }

  /* The generated cases exercise the code: most filters match some codes
   * but not all. */
  ck_assert_uint_gt (filters_with_matches, n_filters / 2);
  ck_assert_uint_gt (filters_with_exclusions, n_filters / 3);
  ck_assert_uint_gt (total_marked, 1000);
}
END_TEST

static Suite *
bnf_suite (void)
{
  Suite *s = suite_create ("bnf");
  TCase *tc;

  tc = tcase_create ("codes");
  tcase_add_test (tc, test_code_parse_valid);
  tcase_add_test (tc, test_code_parse_errors);
  tcase_add_test (tc, test_code_parse_long_garbage);
  tcase_add_test (tc, test_device_chapter);
  tcase_add_test (tc, test_level_length);
  tcase_add_test (tc, test_generic_equivalent);
  tcase_add_test (tc, test_is_generic);
  suite_add_tcase (s, tc);

  tc = tcase_create ("tc5");
  tcase_add_test (tc, test_tc5_like_with_comment_and_exclusion);
  tcase_add_test (tc, test_tc5_prefix_exclusions_and_note);
  tcase_add_test (tc, test_tc5_prefix_exact_case_like);
  suite_add_tcase (s, tc);

  tc = tcase_create ("filters");
  tcase_add_test (tc, test_like_no_implied_trailing_percent);
  tcase_add_test (tc, test_prefix_with_underscores);
  tcase_add_test (tc, test_device_full_match_and_prefix);
  tcase_add_test (tc, test_comments_ignored);
  tcase_add_test (tc, test_case_sensitive);
  tcase_add_test (tc, test_empty_filters);
  tcase_add_test (tc, test_overlong_pattern);
  tcase_add_test (tc, test_pattern_errors);
  suite_add_tcase (s, tc);

  tc = tcase_create ("property");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_mark_property);
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  SRunner *runner = srunner_create (bnf_suite ());
  int failures;

  srunner_run_all (runner, CK_NORMAL);
  failures = srunner_ntests_failed (runner);
  srunner_free (runner);

  return failures != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
