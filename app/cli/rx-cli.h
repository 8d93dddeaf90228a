// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

#include "rx-db.h"

G_BEGIN_DECLS

/* Exit codes of cli.md. */
typedef enum
{
  RX_EXIT_OK          = 0,
  RX_EXIT_FAILED      = 1,
  RX_EXIT_USAGE       = 2,
  RX_EXIT_DATABASE    = 3,
  RX_EXIT_INPUT       = 4,
  RX_EXIT_INTERRUPTED = 130,
} RxExit;

typedef struct
{
  const char *db_option;   /* --db as given, or NULL */
  const char *command;
} RxCli;

gboolean rx_cli_wants_command     (int          argc,
                                   char       **argv);
int      rx_cli_run               (int          argc,
                                   char       **argv);

/* Helpers for the command files. */
void     rx_cli_error             (const char  *format,
                                   ...) G_GNUC_PRINTF (1, 2);
int      rx_cli_exit_for_error    (const GError *error);
RxDb    *rx_cli_open_db           (RxCli       *cli,
                                   RxDbOpenFlags flags,
                                   int         *exit_code);
int      rx_cli_parse             (GOptionContext *context,
                                   int         *argc,
                                   char      ***argv);
gboolean rx_cli_parse_month       (const char  *text,
                                   int         *month);
gboolean rx_cli_write_output      (const char  *path,
                                   GString     *text,
                                   GError     **error);

typedef int (*RxCliCommandFunc) (RxCli  *cli,
                                 int     argc,
                                 char  **argv);

G_END_DECLS
