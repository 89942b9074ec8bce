#!/bin/sh
# The installed tree (tests/install/install.sh) used as another project
# would, then the numbers checked:
#   consumers.sh PREFIX CC SOURCE_DIR WORK_DIR
# (skipped, exit 77, on a sanitizer build: tests/install/sanitized.sh)
# 1. pkg-config: effcomp.pc gives include folder and -leffcomp, and no
#    build flag of effcomp's own (no -D, no -std, no -f...);
# 2. docs/examples/fit_project.c compiled with `cc -std=c99 -pedantic
#    -Werror $(pkg-config --cflags --libs effcomp)`, and run;
# 3. docs/examples/CMakeLists.txt configured with CMAKE_PREFIX_PATH=PREFIX
#    (find_package(effcomp), effcomp::effcomp), built and run; the exported
#    target carries no compile definitions or options;
# 4. both outputs checked against Epoch AI's published fit (Besiroglu et al.
#    2024: E = 1.8172, A = 477.8, B = 2143, alpha = 0.34731, beta = 0.36717,
#    objective 1.018274e-3 with the Huber loss, as README.md reproduces), a
#    projection on that fit against the closed form of the compute-optimal
#    allocation (Hoffmann et al. 2022), and projections of Epoch's
#    maximum-likelihood law against the values docs/project.md and
#    tests/test_project.c quote (N* = 3.313e12, D* = 5.031e13, loss 1.8584 at
#    1e27 FLOP; 1.079e13, 1.545e14, 1.8444 at 1e28; 1.2e28 FLOP and 1.8436 for
#    10T at 20 tokens per parameter), each to a relative tolerance of half a
#    unit of its last published digit.
set -eu
P=$(cd "$1" && pwd) CC=$2 SRC=$(cd "$3" && pwd) W=$4
DATA=$SRC/data/epoch_chinchilla_svg_extracted_data.csv
rm -rf "$W" && mkdir -p "$W"
if rt=$(sh "$SRC/tests/install/sanitized.sh" "$P/lib/libeffcomp.so"); then
    echo "consumers: skipped: the library is a sanitizer build ($rt); a plain program cannot load it"
    exit 77
fi
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
status=0
bad() { echo "consumers: $*" >&2; status=1; }

flags=$(pkg-config --cflags --libs effcomp)
case " $flags " in *" -D"* | *" -std"* | *" -f"* | *" -W"*) bad "pkg-config passes build flags on: $flags" ;; esac
[ "$(pkg-config --modversion effcomp)" = "$(sed -n 's/^set(PACKAGE_VERSION "\([0-9.]*\)")$/\1/p' \
    "$P/lib/cmake/effcomp/effcompConfigVersion.cmake")" ] || bad "effcomp.pc and the CMake package disagree on the version"
# shellcheck disable=SC2086
"$CC" -std=c99 -pedantic -Wall -Wextra -Werror -o "$W/fit_project_pc" "$SRC/docs/examples/fit_project.c" $flags
LD_LIBRARY_PATH="$P/lib" "$W/fit_project_pc" "$DATA" > "$W/pc.out"
# GSL's CBLAS calls bind to OpenBLAS, never to gslcblas (which libgsl.so also pulls in), in a consumer too:
# libeffcomp.so lists OpenBLAS before libgsl's own dependencies come in the search order.
LD_DEBUG=bindings LD_DEBUG_OUTPUT="$W/bindings" LD_LIBRARY_PATH="$P/lib" "$W/fit_project_pc" "$DATA" >/dev/null
if grep -h "normal symbol .cblas_" "$W"/bindings.* | grep -q "to [^ ]*libgslcblas"; then
    bad "a CBLAS call of libgsl binds to gslcblas: $(grep -h "normal symbol .cblas_" "$W"/bindings.* | grep -m1 libgslcblas)"
fi
grep -qh "normal symbol .cblas_" "$W"/bindings.* || bad "no CBLAS binding seen (LD_DEBUG=bindings)"

if grep -q "INTERFACE_COMPILE_DEFINITIONS\|INTERFACE_COMPILE_OPTIONS" "$P/lib/cmake/effcomp/effcompTargets.cmake"; then
    bad "the exported target effcomp::effcomp passes compile definitions or options on"
fi
CC="$CC" cmake -S "$SRC/docs/examples" -B "$W/cmake" -DCMAKE_PREFIX_PATH="$P" -DCMAKE_BUILD_TYPE=Release >"$W/cmake.log" 2>&1 ||
    { cat "$W/cmake.log" >&2; exit 1; }
cmake --build "$W/cmake" >>"$W/cmake.log" 2>&1 || { cat "$W/cmake.log" >&2; exit 1; }
"$W/cmake/fit_project" "$DATA" > "$W/cmake.out"   # the build tree's RUNPATH finds PREFIX/lib
cmp -s "$W/pc.out" "$W/cmake.out" || bad "the pkg-config and the CMake builds print different numbers"

# check OUT NAME EXPECTED RTOL: the value of NAME in OUT within RTOL (relative) of EXPECTED.
check() {
    awk -v name="$2" -v want="$3" -v rtol="$4" -v file="$1" '
        $1 == name { got = $2; seen = 1 }
        END {
            if (!seen) { printf "consumers: %s: no %s\n", file, name > "/dev/stderr"; exit 1 }
            d = got - want; if (d < 0) d = -d; w = want < 0 ? -want : want
            if (d > rtol * w) { printf "consumers: %s: %s = %.10g, expected %.10g (rel. tol. %g)\n", file, name, got, want, rtol > "/dev/stderr"; exit 1 }
        }' "$1" || status=1
}
for out in "$W/pc.out" "$W/cmake.out"; do
    check "$out" fit.p.E 1.8172 3e-5
    check "$out" fit.p.A 477.8 1.1e-4
    check "$out" fit.p.B 2143 2.4e-4
    check "$out" fit.p.alpha 0.34731 1.5e-5
    check "$out" fit.p.beta 0.36717 1.4e-5
    check "$out" fit.objective 1.018274e-3 5e-7
    check "$out" mle.row.0.N 3.313e12 1.6e-4
    check "$out" mle.row.0.D 5.031e13 1e-4
    check "$out" mle.row.0.loss 1.8584 2.7e-5
    check "$out" mle.row.2.N 1.079e13 4.7e-4
    check "$out" mle.row.2.D 1.545e14 3.3e-4
    check "$out" mle.row.2.loss 1.8444 2.8e-5
    check "$out" mle.row.5.compute 1.2e28 1e-12
    check "$out" mle.row.5.loss 1.8436 2.8e-5
    # The projection on the fit: the closed form N* = G (C/6)^(b/(a+b)), G = (aA/(bB))^(1/(a+b)), D* = C/(6N*),
    # its loss E + A/N^a + B/D^b, from the parameters printed to 10 digits; the band around it.
    awk '{ v[$1] = $2 }
        END {
            E = v["fit.p.E"]; A = v["fit.p.A"]; B = v["fit.p.B"]; a = v["fit.p.alpha"]; b = v["fit.p.beta"]; C = 1e27
            N = exp(log(a * A / (b * B)) / (a + b) + b / (a + b) * log(C / 6)); D = C / (6 * N)
            L = E + A * exp(-a * log(N)) + B * exp(-b * log(D))
            printf "project.N %.10g 1e-7\nproject.D %.10g 1e-7\nproject.loss %.10g 1e-8\n", N, D, L
            if (!(v["project.loss_lo95"] < v["project.loss"] && v["project.loss"] < v["project.loss_hi95"])) print "band"
        }' "$out" > "$W/closed"
    if grep -qx band "$W/closed"; then bad "$out: the loss is not inside its 95% band"; fi
    while read -r name want rtol; do
        [ "$name" = band ] || check "$out" "$name" "$want" "$rtol"
    done < "$W/closed"
done
[ $status -eq 0 ] && echo "consumers: pkg-config and find_package builds agree with the published values"
exit $status
