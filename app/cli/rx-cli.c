// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "rx-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <gio/gio.h>

#include "rx-cli-commands.h"
#include "rx-format.h"
#include "rx-cli.h"

typedef struct
{
  const char       *name;
  RxCliCommandFunc  func;        /* NULL: not built yet */
  const char       *summary;
} RxCliCommand;

static const RxCliCommand commands[] = {
  { "import",   rx_cli_cmd_import,   "Import published prescribing, organisation and list-size files" },
  { "demo",     rx_cli_cmd_demo,     "Build the demonstration database" },
  { "generate", rx_cli_cmd_generate, "Write synthetic files in the published formats" },
  { "status",   rx_cli_cmd_status,   "Show what the database holds" },
  { "orgs",     rx_cli_cmd_orgs,     "Search and show organisations" },
  { "measures", rx_cli_cmd_measures, "List, add, show and remove measure definitions" },
  { "export",   rx_cli_cmd_export,   "Export computed values, deciles, spending and savings as CSV" },
  { "plan",     rx_cli_cmd_plan,     "Keep a practice's action plan" },
  { "pack",     rx_cli_cmd_pack,     "Build visit packs (workbook and PDF)" },
};

void
rx_cli_error (const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "rxreview: %s\n", message);
}

int
rx_cli_exit_for_error (const GError *error)
{
  if (error == NULL)
    return RX_EXIT_FAILED;
  if (error->domain == RX_DB_ERROR && error->code != RX_DB_ERROR_FAILED)
    return error->code == RX_DB_ERROR_NOT_FOUND ? RX_EXIT_FAILED : RX_EXIT_DATABASE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return RX_EXIT_INTERRUPTED;
  if (error->domain == G_OPTION_ERROR)
    return RX_EXIT_USAGE;
  return RX_EXIT_FAILED;
}

/**
 * rx_cli_open_db:
 *
 * Opens the database the command line points at.  A command that only
 * reads never creates one: it says there is none and how to make one.
 */
RxDb *
rx_cli_open_db (RxCli         *cli,
                RxDbOpenFlags  flags,
                int           *exit_code)
{
  g_autofree char *path = rx_db_resolve_path (cli->db_option);
  g_autoptr(GError) error = NULL;
  RxDb *db;

  db = rx_db_open (path, flags, &error);
  if (db == NULL)
    {
      rx_cli_error ("%s", error->message);
      if (g_error_matches (error, RX_DB_ERROR, RX_DB_ERROR_NOT_FOUND))
        fprintf (stderr, "hint: make one with 'rxreview import FILE…' or 'rxreview demo'\n");
      *exit_code = rx_cli_exit_for_error (error);
    }
  return db;
}

int
rx_cli_parse (GOptionContext   *context,
              int              *argc,
              char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      rx_cli_error ("%s", error->message);
      return RX_EXIT_USAGE;
    }
  return RX_EXIT_OK;
}

/* YYYY-MM or YYYYMM, year 2000–2099: the importer's own month parser. */
gboolean
rx_cli_parse_month (const char *text,
                    int        *month)
{
  return text != NULL && rx_parse_month (text, strlen (text), month);
}

gboolean
rx_cli_write_output (const char  *path,
                     GString     *text,
                     GError     **error)
{
  if (path == NULL || g_str_equal (path, "-"))
    {
      if (fwrite (text->str, 1, text->len, stdout) != text->len || fflush (stdout) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write to standard output");
          return FALSE;
        }
      return TRUE;
    }
  return g_file_set_contents (path, text->str, text->len, error);
}

static void
print_usage (FILE *out)
{
  fprintf (out,
           "Usage:\n"
           "  rxreview [--db PATH]                 open the window\n"
           "  rxreview [--db PATH] COMMAND [ARGS…] run a command (no display needed)\n"
           "  rxreview --version | --help | COMMAND --help\n\n"
           "Commands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fprintf (out,
           "\nThe database is --db PATH, else $RXREVIEW_DB, else\n"
           "$XDG_DATA_HOME/rxreview/rxreview.db.\n");
}

static const RxCliCommand *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

/**
 * rx_cli_wants_command:
 *
 * Whether the arguments ask for the command line rather than the window:
 * a command, --version or --help.
 */
gboolean
rx_cli_wants_command (int    argc,
                      char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--db"))
        {
          if (i + 1 >= argc)
            return TRUE;   /* let the command line report the missing path */
          i++;
          continue;
        }
      if (g_str_has_prefix (argv[i], "--db="))
        continue;
      return TRUE;
    }
  return FALSE;
}

int
rx_cli_run (int    argc,
            char **argv)
{
  RxCli cli = { 0 };
  const RxCliCommand *command;
  int first = 1;

  while (first < argc && argv[first][0] == '-')
    {
      const char *arg = argv[first];

      if (g_str_equal (arg, "--version"))
        {
          printf ("rxreview %s\n", PACKAGE_VERSION);
          return RX_EXIT_OK;
        }
      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_usage (stdout);
          return RX_EXIT_OK;
        }
      if (g_str_equal (arg, "--db"))
        {
          if (first + 1 >= argc)
            {
              rx_cli_error ("--db needs a path");
              return RX_EXIT_USAGE;
            }
          cli.db_option = argv[first + 1];
          first += 2;
          continue;
        }
      if (g_str_has_prefix (arg, "--db="))
        {
          cli.db_option = arg + strlen ("--db=");
          first++;
          continue;
        }
      rx_cli_error ("unknown option %s", arg);
      fprintf (stderr, "hint: rxreview --help lists the commands\n");
      return RX_EXIT_USAGE;
    }

  if (first >= argc)
    {
      print_usage (stderr);
      return RX_EXIT_USAGE;
    }

  command = find_command (argv[first]);
  if (command == NULL)
    {
      rx_cli_error ("unknown command '%s'", argv[first]);
      fprintf (stderr, "hint: rxreview --help lists the commands\n");
      return RX_EXIT_USAGE;
    }
  if (command->func == NULL)
    {
      rx_cli_error ("'%s' is not built yet in this version", command->name);
      return RX_EXIT_FAILED;
    }
  cli.command = command->name;
  return command->func (&cli, argc - first, argv + first);
}
