#!/bin/sh
# Installs the build into a fresh prefix (the fixture of the install tests):
#   install.sh BUILD_DIR PREFIX VERSION SOVERSION
# and checks the layout that docs/library.md describes: the shared library
# with its SONAME links, the headers, the program, the man page, effcomp.pc
# and the CMake package. Exit 1 naming what is missing.
set -eu
BUILD=$1 P=$2 VERSION=$3 SOVERSION=$4
rm -rf "$P"
cmake --install "$BUILD" --prefix "$P" >/dev/null
status=0
for f in lib/libeffcomp.so lib/libeffcomp.so.$SOVERSION lib/libeffcomp.so.$VERSION include/effcomp/effcomp.h \
         include/effcomp/ec_export.h bin/effcomp share/man/man1/effcomp.1 lib/pkgconfig/effcomp.pc \
         lib/cmake/effcomp/effcompConfig.cmake lib/cmake/effcomp/effcompConfigVersion.cmake \
         lib/cmake/effcomp/effcompTargets.cmake; do
    [ -e "$P/$f" ] || { echo "install: $P/$f is missing" >&2; status=1; }
done
# Only the public headers: effcomp.h and what it includes, nothing internal.
for h in ec_csv.h ec_random.h ec_rng.h ec_step_impl.h; do
    [ ! -e "$P/include/effcomp/$h" ] || { echo "install: internal header $h installed" >&2; status=1; }
done
# The program runs from the installed tree.
"$P/bin/effcomp" --version | grep -qx "effcomp $VERSION" || { echo "install: bin/effcomp --version" >&2; status=1; }
exit $status
