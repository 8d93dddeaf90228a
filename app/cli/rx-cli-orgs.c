// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-cli"

#include "config.h"

#include <stdio.h>

#include "rx-cli-commands.h"
#include "rx-directory.h"
#include "rx-format.h"

static int
cmd_search (RxCli  *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *type_text = NULL;
  gboolean closed = FALSE;
  GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_text, "practice, pcn, sub-icb, icb or region", "TYPE" },
    { "closed", 0, 0, G_OPTION_ARG_NONE, &closed, "Include closed organisations", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("TEXT - find organisations");
  g_autoptr(RxDb) db = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new ("org_type,org_code,org_name,postcode,parent_code,status\n");
  g_autofree char *text = NULL;
  RxOrgType type;
  int code;

  g_option_context_add_main_entries (context, entries, NULL);
  if ((code = rx_cli_parse (context, &argc, &argv)) != RX_EXIT_OK)
    return code;
  if (argc < 2)
    {
      rx_cli_error ("orgs search needs TEXT");
      return RX_EXIT_USAGE;
    }
  if (type_text != NULL && (!rx_org_type_from_string (type_text, &type) || type == RX_ORG_ENGLAND))
    {
      rx_cli_error ("--type is practice, pcn, sub-icb, icb or region");
      return RX_EXIT_USAGE;
    }
  text = g_strjoinv (" ", argv + 1);
  db = rx_cli_open_db (cli, RX_DB_OPEN_READ, &code);
  if (db == NULL)
    return code;
  found = rx_directory_search (db, text, type_text ? (int) type : -1, closed, 0, &error);
  if (found == NULL)
    {
      rx_cli_error ("%s", error->message);
      return RX_EXIT_FAILED;
    }
  for (guint i = 0; i < found->len; i++)
    {
      RxOrgEntry *e = g_ptr_array_index (found, i);
      const char *cells[] = { rx_org_type_to_string (e->type), e->code, e->name, e->postcode,
                              e->parent_code, e->closed ? "closed" : "open" };
      for (gsize c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          rx_csv_append_field (out, cells[c]);
        }
      g_string_append_c (out, '\n');
    }
  fputs (out->str, stdout);
  return found->len > 0 ? RX_EXIT_OK : RX_EXIT_FAILED;
}

static int
cmd_show (RxCli  *cli,
          int     argc,
          char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("ORG - show an organisation");
  g_autoptr(RxDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int code;

  if ((code = rx_cli_parse (context, &argc, &argv)) != RX_EXIT_OK)
    return code;
  if (argc != 2)
    {
      rx_cli_error ("orgs show needs one ORG");
      return RX_EXIT_USAGE;
    }
  db = rx_cli_open_db (cli, RX_DB_OPEN_READ, &code);
  if (db == NULL)
    return code;
  text = rx_directory_describe (db, argv[1], &error);
  if (text == NULL)
    {
      rx_cli_error ("%s", error->message);
      return RX_EXIT_FAILED;
    }
  fputs (text, stdout);
  return RX_EXIT_OK;
}

int
rx_cli_cmd_orgs_impl (RxCli  *cli,
                      int     argc,
                      char  **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "search"))
    return cmd_search (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "show"))
    return cmd_show (cli, argc - 1, argv + 1);
  fprintf (stderr, "Usage: rxreview orgs search TEXT [--type TYPE] [--closed] | orgs show ORG\n");
  return argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    ? RX_EXIT_OK : RX_EXIT_USAGE;
}
