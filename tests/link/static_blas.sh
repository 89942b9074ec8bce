#!/bin/sh
# The effcomp program links Debian's static OpenBLAS and CHOLMOD (EFFCOMP_STATIC_BLAS, CMakeLists.txt): it must
# load none of their shared libraries, define the CBLAS functions itself, and GSL's cblas_* calls must bind to
# those (not to GSL's reference gslcblas, which libgsl.so still names as a dependency).
# Usage: static_blas.sh PATH/TO/effcomp 1|0 (the build's EFFCOMP_STATIC_BLAS as a boolean). Exit 77 (skipped)
# when 0, or when binutils' readelf and nm are missing.
set -eu
prog=$1
if [ "$2" != 1 ]; then
    echo "static_blas: skipped: this build links the shared OpenBLAS and CHOLMOD (EFFCOMP_STATIC_BLAS=OFF)"
    exit 77
fi
for tool in readelf nm; do
    command -v $tool >/dev/null 2>&1 || { echo "static_blas: skipped: $tool (binutils) is missing"; exit 77; }
done
fail=0
needed=$(readelf -d "$prog" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
for lib in libopenblas libblas liblapack libcholmod libamd libcolamd libsuitesparseconfig; do
    if printf '%s\n' "$needed" | grep -q "^$lib\."; then
        echo "static_blas: $prog needs the shared $lib"; fail=1
    fi
done
# The program's own OpenBLAS (its initialiser, which selects the kernels for the CPU).
nm "$prog" | grep -q ' T gotoblas_init$' || { echo "static_blas: no OpenBLAS in $prog"; fail=1; }
# Exported, so that libgsl.so's references resolve to them; and bound so at run time (every binding at start).
for f in cblas_ddot cblas_dtrmv cblas_dgemm; do
    nm -D --defined-only "$prog" | grep -q " T $f\$" || { echo "static_blas: $prog does not export $f"; fail=1; }
    binding=$(LD_BIND_NOW=1 LD_DEBUG=bindings "$prog" --version 2>&1 >/dev/null | grep "libgsl.*normal symbol \`$f'" || true)
    case $binding in
        *"to $prog "*) ;;
        *) echo "static_blas: GSL's $f does not bind to the program: ${binding:-no binding printed}"; fail=1 ;;
    esac
done
[ $fail = 0 ] && echo "static_blas: OpenBLAS and CHOLMOD are linked into $prog; GSL's CBLAS binds to them"
exit $fail
