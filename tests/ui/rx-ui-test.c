// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <glib/gstdio.h>

#include "rx-ui-test.h"

/* GTK must be initialised in the forked test child, never in Check's
 * parent: a GL context shared across fork hangs. */
void
rx_ui_test_init (void)
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_init ();
  adw_init ();
}

void
rx_ui_test_wait (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/**
 * rx_ui_test_render_png:
 *
 * Renders what @widget shows into NAME.png in the build folder, for a person
 * to look at; the file name is printed.
 */
gboolean
rx_ui_test_render_png (GtkWidget  *widget,
                       const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  const char *dir = g_getenv ("RX_TEST_BUILDDIR");
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer;

  if (width <= 0 || height <= 0)
    return FALSE;
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return FALSE;
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strdup_printf ("%s/%s.png", dir != NULL ? dir : ".", name);
  g_print ("rendered %s\n", file);
  return gdk_texture_save_to_png (texture, file);
}

char *
rx_ui_test_temp_db_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rxreview-ui-XXXXXX", NULL);

  return g_build_filename (dir, "test.db", NULL);
}
