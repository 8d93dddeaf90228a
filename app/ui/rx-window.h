// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RX_TYPE_WINDOW (rx_window_get_type ())

G_DECLARE_FINAL_TYPE (RxWindow, rx_window, RX, WINDOW, AdwApplicationWindow)

RxWindow   *rx_window_new          (GtkApplication *application,
                                    const char     *db_path) G_GNUC_WARN_UNUSED_RESULT;
void        rx_window_import_files (RxWindow       *self,
                                    GList          *files);
void        rx_window_show_toast   (RxWindow       *self,
                                    const char     *message);
const char *rx_window_get_visible_page (RxWindow   *self);

G_END_DECLS
