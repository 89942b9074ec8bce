#!/bin/sh
# Runs tests/install/test_python.py on the installed tree with the python3
# given (Debian's), as a notebook user would: only PYTHONPATH set, no
# EFFCOMP_LIBRARY. Skipped (exit 77, with a note) on a sanitizer build
# (tests/install/sanitized.sh).   python.sh PYTHON3 PREFIX DATA.csv
set -eu
PY=$1 P=$2 DATA=$3
here=$(cd "$(dirname "$0")" && pwd)
if rt=$(sh "$here/sanitized.sh" "$P/lib/libeffcomp.so"); then
    echo "python_module: skipped: the library is a sanitizer build ($rt), which python3 cannot load without it"
    exit 77
fi
unset EFFCOMP_LIBRARY
PYTHONPATH="$P/lib/python3/dist-packages" exec "$PY" "$here/test_python.py" "$P" "$DATA"
