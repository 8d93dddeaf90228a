// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rx-bnf.h"
#include "rx-cli-commands.h"
#include "rx-compute.h"
#include "rx-format.h"
#include "rx-measure.h"

static int
measure_exit (const GError *error)
{
  if (error->domain == RX_MEASURE_ERROR && error->code == RX_MEASURE_ERROR_INVALID)
    return RX_EXIT_INPUT;
  return rx_cli_exit_for_error (error);
}

/* The bundled library is brought up to date whenever the database can be
 * written; a read-only look uses what the database holds. */
static RxDb *
open_synced (RxCli   *cli,
             gboolean write,
             int     *code)
{
  RxDb *db = rx_cli_open_db (cli, write ? RX_DB_OPEN_CREATE : RX_DB_OPEN_READ, code);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changed = NULL;

  if (db == NULL || !write)
    return db;
  if (!rx_db_begin (db, &error) || !rx_measure_sync_bundled (db, &changed, &error) ||
      !rx_db_commit (db, &error))
    {
      rx_db_rollback (db);
      rx_cli_error ("%s", error->message);
      *code = rx_cli_exit_for_error (error);
      rx_db_close (db);
      return NULL;
    }
  if (changed->len > 0 &&
      !rx_compute_months (db, NULL, changed, NULL, NULL, NULL, &error))
    {
      rx_cli_error ("%s", error->message);
      *code = rx_cli_exit_for_error (error);
      rx_db_close (db);
      return NULL;
    }
  return db;
}

static int
compare_by_category (gconstpointer a,
                     gconstpointer b)
{
  const RxMeasure *x = *(const RxMeasure * const *) a, *y = *(const RxMeasure * const *) b;
  int c = strcmp (x->category, y->category);

  return c != 0 ? c : strcmp (x->id, y->id);
}

static const char *
bool_text (int v)
{
  return v < 0 ? "" : v ? "true" : "false";
}

static int
cmd_list (RxCli  *cli,
          int     argc,
          char  **argv)
{
  g_autofree char *category = NULL;
  g_autofree char *format = NULL;
  GOptionEntry entries[] = {
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, "Only this category", "CAT" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "table (default), csv or json", "FORMAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- list the measures");
  g_autoptr(RxDb) db = NULL;
  g_autoptr(GPtrArray) measures = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean csv, json;
  int code;

  g_option_context_add_main_entries (context, entries, NULL);
  if ((code = rx_cli_parse (context, &argc, &argv)) != RX_EXIT_OK)
    return code;
  if (format != NULL && !g_str_equal (format, "table") && !g_str_equal (format, "csv") &&
      !g_str_equal (format, "json"))
    {
      rx_cli_error ("--format is table, csv or json");
      return RX_EXIT_USAGE;
    }
  csv = g_strcmp0 (format, "csv") == 0;
  json = g_strcmp0 (format, "json") == 0;
  db = open_synced (cli, FALSE, &code);
  if (db == NULL)
    return code;
  measures = rx_measure_list (db, &error);
  if (measures == NULL)
    {
      rx_cli_error ("%s", error->message);
      return RX_EXIT_FAILED;
    }
  if (measures->len == 0)
    {
      /* A database not yet written by this version: show the library. */
      g_clear_pointer (&measures, g_ptr_array_unref);
      measures = rx_measure_load_bundled (&error);
      if (measures == NULL)
        {
          rx_cli_error ("%s", error->message);
          return RX_EXIT_FAILED;
        }
    }
  g_ptr_array_sort (measures, compare_by_category);
  if (csv)
    g_string_append (out, "id,category,name,numerator_type,denominator_type,low_is_good,is_cost_based,source\n");
  else if (json)
    g_string_append (out, "[\n");
  else
    g_string_append_printf (out, "%-36s %-15s %-13s %-20s %-5s %-5s %s\n", "ID", "CATEGORY",
                            "NUMERATOR", "DENOMINATOR", "LOW", "COST", "SOURCE");
  for (guint i = 0, n = 0; i < measures->len; i++)
    {
      RxMeasure *m = g_ptr_array_index (measures, i);
      const char *source = m->bundled ? "bundled" : "user";

      if (category != NULL && !g_str_equal (category, m->category))
        continue;
      if (csv)
        {
          const char *cells[] = { m->id, m->category, m->name,
                                  rx_measure_type_to_string (m->numerator_type),
                                  rx_measure_type_to_string (m->denominator_type),
                                  bool_text (m->low_is_good), m->is_cost_based ? "true" : "false",
                                  source };
          for (gsize c = 0; c < G_N_ELEMENTS (cells); c++)
            {
              if (c > 0)
                g_string_append_c (out, ',');
              rx_csv_append_field (out, cells[c]);
            }
          g_string_append_c (out, '\n');
        }
      else if (json)
        {
          g_autofree char *name = g_strescape (m->name, NULL);
          g_string_append_printf (out, "%s  {\"id\": \"%s\", \"category\": \"%s\", \"name\": \"%s\", "
                                  "\"numerator_type\": \"%s\", \"denominator_type\": \"%s\", "
                                  "\"low_is_good\": %s, \"is_cost_based\": %s, \"source\": \"%s\"}",
                                  n++ ? ",\n" : "", m->id, m->category, name,
                                  rx_measure_type_to_string (m->numerator_type),
                                  rx_measure_type_to_string (m->denominator_type),
                                  m->low_is_good < 0 ? "null" : bool_text (m->low_is_good),
                                  m->is_cost_based ? "true" : "false", source);
        }
      else
        g_string_append_printf (out, "%-36s %-15s %-13s %-20s %-5s %-5s %s\n", m->id, m->category,
                                rx_measure_type_to_string (m->numerator_type),
                                rx_measure_type_to_string (m->denominator_type),
                                m->low_is_good < 0 ? "-" : bool_text (m->low_is_good),
                                m->is_cost_based ? "yes" : "no", source);
    }
  if (json)
    g_string_append (out, "\n]\n");
  fputs (out->str, stdout);
  return RX_EXIT_OK;
}

static int
cmd_add (RxCli  *cli,
         int     argc,
         char  **argv)
{
  gboolean replace = FALSE;
  GOptionEntry entries[] = {
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, "Replace a measure of the same id", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE.json… - add measure definitions");
  g_autoptr(RxDb) db = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func ((GDestroyNotify) rx_measure_free);
  g_autoptr(GError) error = NULL;
  int code;

  g_option_context_add_main_entries (context, entries, NULL);
  if ((code = rx_cli_parse (context, &argc, &argv)) != RX_EXIT_OK)
    return code;
  if (argc < 2)
    {
      rx_cli_error ("measures add needs at least one FILE.json");
      return RX_EXIT_USAGE;
    }
  /* Every file is checked before anything is stored. */
  for (int i = 1; i < argc; i++)
    {
      RxMeasure *m = rx_measure_load_file (argv[i], &error);
      if (m == NULL)
        {
          rx_cli_error ("%s", error->message);
          return error->domain == G_FILE_ERROR ? RX_EXIT_FAILED : measure_exit (error);
        }
      g_ptr_array_add (loaded, m);
    }
  db = open_synced (cli, TRUE, &code);
  if (db == NULL)
    return code;
  if (!rx_db_begin (db, &error))
    {
      rx_cli_error ("%s", error->message);
      return rx_cli_exit_for_error (error);
    }
  for (guint i = 0; i < loaded->len; i++)
    {
      RxMeasure *m = g_ptr_array_index (loaded, i);
      g_autoptr(GPtrArray) warnings = rx_measure_check_sets (db, m, NULL, NULL, NULL);

      for (guint w = 0; warnings != NULL && w < warnings->len; w++)
        fprintf (stderr, "warning: measure %s: %s\n", m->id, (const char *) g_ptr_array_index (warnings, w));
      if (!rx_measure_store_user (db, m, replace, &error))
        {
          rx_db_rollback (db);
          rx_cli_error ("%s", error->message);
          return RX_EXIT_FAILED;
        }
      g_ptr_array_add (ids, g_strdup (m->id));
    }
  if (!rx_db_commit (db, &error) || !rx_compute_months (db, NULL, ids, NULL, NULL, NULL, &error))
    {
      rx_cli_error ("%s", error->message);
      return RX_EXIT_FAILED;
    }
  for (guint i = 0; i < ids->len; i++)
    fprintf (stderr, "measures: added %s and computed it for every month held\n",
             (const char *) g_ptr_array_index (ids, i));
  return RX_EXIT_OK;
}

static int
cmd_remove (RxCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("ID - remove a user measure");
  g_autoptr(RxDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int code;

  if ((code = rx_cli_parse (context, &argc, &argv)) != RX_EXIT_OK)
    return code;
  if (argc != 2)
    {
      rx_cli_error ("measures remove needs one ID");
      return RX_EXIT_USAGE;
    }
  db = rx_cli_open_db (cli, RX_DB_OPEN_WRITE, &code);
  if (db == NULL)
    return code;
  if (!rx_measure_remove_user (db, argv[1], &error))
    {
      rx_cli_error ("%s", error->message);
      return RX_EXIT_FAILED;
    }
  /* A bundled measure of the same id comes back, computed. */
  db = (rx_db_close (db), open_synced (cli, TRUE, &code));
  if (db == NULL)
    return code;
  return RX_EXIT_OK;
}

static void
print_side (RxDb         *db,
            const char   *label,
            char        **filter,
            RxMeasureType type)
{
  g_autoptr(RxBnfFilter) f = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint matches = 0;

  printf ("%s: %s", label, rx_measure_type_to_string (type));
  if (filter == NULL)
    {
      printf ("\n");
      return;
    }
  f = rx_bnf_filter_new ((const char * const *) filter, g_strv_length (filter), NULL);
  stmt = rx_db_prepare (db, "SELECT code FROM bnf WHERE length (code) IN (11, 15)", NULL);
  while (f != NULL && stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    matches += rx_bnf_filter_matches (f, (const char *) sqlite3_column_text (stmt, 0));
  printf (", %u presentations match\n", matches);
  for (char **p = filter; *p != NULL; p++)
    printf ("  %s\n", *p);
}

static int
cmd_show (RxCli  *cli,
          int     argc,
          char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("ID - show a measure");
  g_autoptr(RxDb) db = NULL;
  g_autoptr(RxMeasure) m = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if ((code = rx_cli_parse (context, &argc, &argv)) != RX_EXIT_OK)
    return code;
  if (argc != 2)
    {
      rx_cli_error ("measures show needs one ID");
      return RX_EXIT_USAGE;
    }
  db = open_synced (cli, FALSE, &code);
  if (db == NULL)
    return code;
  m = rx_measure_get (db, argv[1], &error);
  if (m == NULL)
    {
      rx_cli_error ("%s", error->message);
      return RX_EXIT_FAILED;
    }
  printf ("%s (%s, %s)\n%s\n\n", m->id, m->category, m->bundled ? "bundled" : "user",
          m->title ? m->title : m->name);
  if (m->description)
    printf ("%s\n\n", m->description);
  if (m->why_it_matters)
    printf ("Why it matters: %s\n\n", m->why_it_matters);
  print_side (db, "Numerator", m->numerator_filter, m->numerator_type);
  print_side (db, "Denominator", m->denominator_filter, m->denominator_type);
  {
    g_autoptr(GPtrArray) warnings = rx_measure_check_sets (db, m, NULL, NULL, NULL);
    for (guint w = 0; warnings != NULL && w < warnings->len; w++)
      printf ("warning: %s\n", (const char *) g_ptr_array_index (warnings, w));
  }
  printf ("\n%s\n", m->json);
  return RX_EXIT_OK;
}

/* Recomputes stored values: after changing preferences, or to time it. */
static int
cmd_compute (RxCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *month_text = NULL;
  gboolean quiet = FALSE, savings = FALSE;
  GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_STRING, &month_text, "Only this month (default every month held)", "M" },
    { "savings", 0, 0, G_OPTION_ARG_NONE, &savings, "Only price-per-unit savings and swaps", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No summary line", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[ID…] - compute measures again");
  g_autoptr(RxDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  gint64 started;
  int code;

  g_option_context_add_main_entries (context, entries, NULL);
  if ((code = rx_cli_parse (context, &argc, &argv)) != RX_EXIT_OK)
    return code;
  if (month_text != NULL)
    {
      int month;
      if (!rx_cli_parse_month (month_text, &month))
        {
          rx_cli_error ("--month must be YYYY-MM or YYYYMM");
          return RX_EXIT_USAGE;
        }
      months = g_array_new (FALSE, FALSE, sizeof (int));
      g_array_append_val (months, month);
    }
  if (argc > 1)
    {
      ids = g_ptr_array_new_with_free_func (g_free);
      for (int i = 1; i < argc; i++)
        g_ptr_array_add (ids, g_strdup (argv[i]));
    }
  db = open_synced (cli, TRUE, &code);
  if (db == NULL)
    return code;
  started = g_get_monotonic_time ();
  if (savings ? !rx_compute_savings_months (db, months, NULL, &error)
              : !rx_compute_months (db, months, ids, NULL, NULL, NULL, &error))
    {
      rx_cli_error ("%s", error->message);
      return rx_cli_exit_for_error (error);
    }
  if (!quiet)
    fprintf (stderr, "measures: computed %s for %s in %.2f s\n",
             savings ? "price-per-unit savings" : ids ? "the measures named" : "every measure",
             months ? "the month" : "every month held", (g_get_monotonic_time () - started) / 1e6);
  return RX_EXIT_OK;
}

int
rx_cli_cmd_measures_impl (RxCli  *cli,
                          int     argc,
                          char  **argv)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      fprintf (argc < 2 ? stderr : stdout,
               "Usage: rxreview measures list|add|show|remove …\n"
               "  list [--category CAT] [--format table|csv|json]\n"
               "  add [--replace] FILE.json…\n"
               "  show ID\n"
               "  remove ID\n"
               "  compute [--month M] [--savings] [ID…]\n");
      return argc < 2 ? RX_EXIT_USAGE : RX_EXIT_OK;
    }
  if (g_str_equal (argv[1], "list"))
    return cmd_list (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "add"))
    return cmd_add (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "show"))
    return cmd_show (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "remove"))
    return cmd_remove (cli, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "compute"))
    return cmd_compute (cli, argc - 1, argv + 1);
  rx_cli_error ("unknown measures command '%s'", argv[1]);
  return RX_EXIT_USAGE;
}
