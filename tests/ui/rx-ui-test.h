// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void      rx_ui_test_init          (void);
void      rx_ui_test_wait          (guint       milliseconds);
gboolean  rx_ui_test_render_png    (GtkWidget  *widget,
                                    const char *name);
char     *rx_ui_test_temp_db_path  (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
