/* SPDX-License-Identifier: 0BSD */
/* lsns's own columns and rows (lsns_rows.c), for lsns.c and lsns_tree.c. */
#ifndef NSBOX_LSNS_ROWS_H
#define NSBOX_LSNS_ROWS_H

#include "lsns.h"

enum { C_NS, C_TYPE, C_PATH, C_NPROCS, C_PID, C_PPID, C_COMMAND, C_UID, C_USER, C_NETNSID,
       C_NSFS, C_PNS, C_ONS, C_ID, C_HOLDER, C_CONTAINER, C_CNAME, NCOLUMNS };

bool column_needed(const struct lsns *ls, size_t col);
int add_row(struct lsns *ls, struct table *t, int parent, int nsidx, int procidx);

#endif
