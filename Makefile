# effcomp: the two commands a newcomer runs are `make demo` and `make test`.
# Both install missing Debian packages (scripts/install-deps.sh), configure
# with CMake into build/, and build. Nothing here is needed after that:
# plain `cmake --build build` and `ctest --test-dir build` work too.
# `make test-clang` runs the same suite built by clang in build-clang/, with
# every warning an error (CI runs it after `make test`). `make test-asan` runs
# the whole suite under AddressSanitizer and UndefinedBehaviorSanitizer in
# build-asan/ (CI runs it last); `make fuzz FUZZ_TIME=60` fuzzes each reader
# for that many seconds (clang, build-fuzz/); `make valgrind-demo` runs the
# demo's every command under valgrind.

BUILD      ?= build
BUILD_TYPE ?= Release
JOBS       ?= 2
OUT        ?= out
# Extra package groups for install-deps.sh (e.g. clang) and extra cmake -D options.
DEPS       ?=
CMAKE_ARGS ?=
# Seconds per fuzz target (make fuzz).
FUZZ_TIME  ?= 60

# `make install PREFIX=/usr/local`: the library, headers, program, man page, pkg-config file, CMake package
# and Python module (cmake --install; docs/library.md).
PREFIX     ?= /usr/local

.PHONY: all deps configure build demo test test-clang test-asan fuzz valgrind-demo bench install clean

all: build

deps:
	@sh scripts/install-deps.sh $(DEPS)

configure: deps
	@CC="$(CC)" cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DBUILD_TESTING=ON $(CMAKE_ARGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@sh scripts/demo.sh $(BUILD)/effcomp $(OUT)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The second compiler: clang in build-clang/, warnings as errors (CMake >= 3.24).
test-clang:
	@$(MAKE) --no-print-directory test BUILD=build-clang CC=clang DEPS=clang \
		CMAKE_ARGS=-DCMAKE_COMPILE_WARNING_AS_ERROR=ON

# The whole suite (unit tests, CLI cases, the external program, the fuzz smoke)
# built by the default compiler with ASan and UBSan; any report, leaks included,
# fails the test it happens in.
test-asan:
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(MAKE) --no-print-directory test BUILD=build-asan BUILD_TYPE=ASanUBSan

# libFuzzer over every reader, FUZZ_TIME seconds each, one at a time (fuzz/run.sh).
fuzz:
	@sh scripts/install-deps.sh clang
	@JOBS=$(JOBS) sh fuzz/run.sh fuzz $(FUZZ_TIME)

# The demo under valgrind (memcheck, leaks included): installs valgrind, not part of make test.
valgrind-demo: build
	@sh scripts/install-deps.sh valgrind
	@sh scripts/valgrind-demo.sh $(BUILD)/effcomp $(OUT)-valgrind

install: build
	@cmake --install $(BUILD) --prefix "$(PREFIX)"

bench: build
	@sh bench/chinchilla.sh $(BUILD)/effcomp
	@sh bench/compare.sh $(BUILD)/effcomp

clean:
	rm -rf $(BUILD)
