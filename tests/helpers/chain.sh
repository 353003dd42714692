#!/bin/sh
# SPDX-License-Identifier: 0BSD
# chain.sh N READY [PREFIX...]: N nested processes, each the parent of the
# next, each started through PREFIX (e.g. "unshare -u": a new namespace per
# level); the innermost creates READY and sleeps.
n=$1 ready=$2
shift 2
if [ "$n" -le 0 ]; then
	touch "$ready"
	exec sleep 300
fi
"$@" sh "$0" $((n - 1)) "$ready" "$@"
