// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RX_BNF_ERROR (rx_bnf_error_quark ())

typedef enum
{
  RX_BNF_ERROR_LENGTH,          /* not 15 or 11 characters (or empty) */
  RX_BNF_ERROR_LEADING_ZERO,    /* 14 or 10 characters */
  RX_BNF_ERROR_CHARACTER,       /* a character other than 0-9 A-Z */
  RX_BNF_ERROR_CHAPTER,         /* no chapter 01-23 (20-23 for 11 characters) */
  RX_BNF_ERROR_PATTERN,         /* a filter pattern that cannot be read */
} RxBnfError;

typedef enum
{
  RX_BNF_LEVEL_CHAPTER,
  RX_BNF_LEVEL_SECTION,
  RX_BNF_LEVEL_PARAGRAPH,
  RX_BNF_LEVEL_SUBPARAGRAPH,
  RX_BNF_LEVEL_CHEMICAL,
  RX_BNF_LEVEL_PRODUCT,
  RX_BNF_LEVEL_PRESENTATION,
} RxBnfLevel;

/* The longest code plus its NUL. */
#define RX_BNF_CODE_SIZE 16

GQuark   rx_bnf_error_quark          (void);

gboolean rx_bnf_code_parse           (const char *s,
                                      gsize       len,
                                      char        out[16],
                                      GError    **error);
gboolean rx_bnf_is_device_chapter    (const char *code);
gsize    rx_bnf_level_length         (const char *code,
                                      RxBnfLevel  level);
gboolean rx_bnf_generic_equivalent   (const char *code,
                                      char        out[16]);
gboolean rx_bnf_is_generic           (const char *code);

typedef struct _RxBnfFilter RxBnfFilter;

RxBnfFilter *rx_bnf_filter_new       (const char * const *patterns,
                                      gsize               n_patterns,
                                      GError            **error) G_GNUC_WARN_UNUSED_RESULT;
void         rx_bnf_filter_free      (RxBnfFilter        *filter);
gboolean     rx_bnf_filter_is_empty  (const RxBnfFilter  *filter);
gboolean     rx_bnf_filter_matches   (const RxBnfFilter  *filter,
                                      const char         *code);
void         rx_bnf_filter_mark      (const RxBnfFilter  *filter,
                                      const char * const *codes,
                                      gsize               n_codes,
                                      guint8             *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RxBnfFilter, rx_bnf_filter_free)

G_END_DECLS
