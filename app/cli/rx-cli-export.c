// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rx-cli-commands.h"
#include "rx-export.h"
#include "rx-format.h"
#include "rx-measure.h"

typedef struct
{
  char *measure, *org_type, *org, *from, *to, *output, *bnf, *level, *month, *min_saving;
} ExportArgs;

static void
export_args_clear (ExportArgs *a)
{
  g_free (a->measure);
  g_free (a->org_type);
  g_free (a->org);
  g_free (a->from);
  g_free (a->to);
  g_free (a->output);
  g_free (a->bnf);
  g_free (a->level);
  g_free (a->month);
  g_free (a->min_saving);
}

static gboolean
month_arg (const char *name,
           const char *text,
           int        *out)
{
  *out = 0;
  if (text == NULL)
    return TRUE;
  if (!rx_cli_parse_month (text, out))
    {
      rx_cli_error ("--%s must be a month, YYYY-MM or YYYYMM: '%s'", name, text);
      return FALSE;
    }
  return TRUE;
}

static int
run_export (RxCli      *cli,
            const char *what,
            ExportArgs *a,
            RxOrgType   default_type)
{
  g_autoptr(RxDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  RxExportFilter filter;
  gboolean ok;
  int code, month = 0;
  double min_saving = NAN;

  rx_export_filter_init (&filter, default_type);
  if (a->org_type != NULL)
    {
      if (!rx_org_type_from_string (a->org_type, &filter.org_type))
        {
          rx_cli_error ("--org-type is practice, pcn, sub-icb, icb, region or england: '%s'", a->org_type);
          return RX_EXIT_USAGE;
        }
      filter.org_type_set = TRUE;
    }
  filter.org_code = a->org;
  if (!month_arg ("from", a->from, &filter.from) || !month_arg ("to", a->to, &filter.to) ||
      !month_arg ("month", a->month, &month))
    return RX_EXIT_USAGE;
  if (a->min_saving != NULL)
    {
      char *end = NULL;
      min_saving = g_ascii_strtod (a->min_saving, &end);
      if (end == a->min_saving || *end != '\0' || min_saving < 0)
        {
          rx_cli_error ("--min-saving must be a number of pounds: '%s'", a->min_saving);
          return RX_EXIT_USAGE;
        }
    }
  if ((g_str_equal (what, "values") || g_str_equal (what, "deciles")) && a->measure == NULL)
    {
      rx_cli_error ("export %s needs --measure ID", what);
      return RX_EXIT_USAGE;
    }

  db = rx_cli_open_db (cli, RX_DB_OPEN_READ, &code);
  if (db == NULL)
    return code;
  if (g_str_equal (what, "values"))
    ok = rx_export_values (db, a->measure, &filter, out, &error);
  else if (g_str_equal (what, "deciles"))
    ok = rx_export_deciles (db, a->measure, &filter, out, &error);
  else if (g_str_equal (what, "spending"))
    {
      static const char *levels[] = { "chapter", "section", "paragraph", "subparagraph",
                                      "chemical", "product", "presentation", NULL };
      int level = RX_BNF_LEVEL_PRESENTATION;
      if (a->level != NULL)
        {
          for (level = 0; levels[level] != NULL && !g_str_equal (levels[level], a->level); level++)
            ;
          if (levels[level] == NULL)
            {
              rx_cli_error ("--level is chapter, section, paragraph, chemical, product or presentation");
              return RX_EXIT_USAGE;
            }
        }
      ok = rx_export_spending (db, &filter, a->bnf, level, out, &error);
    }
  else if (g_str_equal (what, "ppu"))
    ok = rx_export_ppu (db, &filter, month, min_saving, out, &error);
  else
    ok = rx_export_swaps (db, &filter, month, min_saving, out, &error);
  if (!ok)
    {
      rx_cli_error ("%s", error->message);
      return RX_EXIT_FAILED;
    }
  if (!rx_cli_write_output (a->output, out, &error))
    {
      rx_cli_error ("cannot write %s: %s", a->output ? a->output : "the output", error->message);
      return RX_EXIT_FAILED;
    }
  return RX_EXIT_OK;
}

int
rx_cli_cmd_export_impl (RxCli  *cli,
                        int     argc,
                        char  **argv)
{
  ExportArgs a = { 0 };
  GOptionEntry entries[] = {
    { "measure", 0, 0, G_OPTION_ARG_STRING, &a.measure, "Measure id (values, deciles)", "ID" },
    { "org-type", 0, 0, G_OPTION_ARG_STRING, &a.org_type, "practice, pcn, sub-icb, icb, region, england", "TYPE" },
    { "org", 0, 0, G_OPTION_ARG_STRING, &a.org, "One organisation (ODS code or england)", "ORG" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &a.from, "First month", "M" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &a.to, "Last month", "M" },
    { "month", 0, 0, G_OPTION_ARG_STRING, &a.month, "Month (ppu, swaps; default the latest)", "M" },
    { "bnf", 0, 0, G_OPTION_ARG_STRING, &a.bnf, "BNF code prefix (spending)", "PREFIX" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &a.level, "BNF level (spending)", "LEVEL" },
    { "min-saving", 0, 0, G_OPTION_ARG_STRING, &a.min_saving, "Minimum saving in pounds (ppu, swaps)", "POUNDS" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &a.output, "Write to FILE instead of standard output", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("values|deciles|spending|ppu|swaps - export CSV");
  const char *what;
  RxOrgType default_type;
  int code;

  g_option_context_add_main_entries (context, entries, NULL);
  if ((code = rx_cli_parse (context, &argc, &argv)) != RX_EXIT_OK)
    {
      export_args_clear (&a);
      return code;
    }
  if (argc != 2)
    {
      rx_cli_error ("export needs one of values, deciles, spending, ppu, swaps");
      export_args_clear (&a);
      return RX_EXIT_USAGE;
    }
  what = argv[1];
  if (g_str_equal (what, "values") || g_str_equal (what, "deciles") || g_str_equal (what, "ppu") ||
      g_str_equal (what, "swaps"))
    default_type = RX_ORG_PRACTICE;
  else if (g_str_equal (what, "spending"))
    default_type = RX_ORG_ENGLAND;
  else
    {
      rx_cli_error ("unknown export '%s': values, deciles, spending, ppu or swaps", what);
      export_args_clear (&a);
      return RX_EXIT_USAGE;
    }
  code = run_export (cli, what, &a, default_type);
  export_args_clear (&a);
  return code;
}
