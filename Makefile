# effcomp: the two commands a newcomer runs are `make demo` and `make test`.
# Both install missing Debian packages (scripts/install-deps.sh), configure
# with CMake into build/, and build. Nothing here is needed after that:
# plain `cmake --build build` and `ctest --test-dir build` work too.
# `make test-clang` runs the same suite built by clang in build-clang/, with
# every warning an error (CI runs it after `make test`).

BUILD      ?= build
BUILD_TYPE ?= Release
JOBS       ?= 2
OUT        ?= out
# Extra package groups for install-deps.sh (e.g. clang) and extra cmake -D options.
DEPS       ?=
CMAKE_ARGS ?=

# `make install PREFIX=/usr/local`: the library, headers, program, man page, pkg-config file, CMake package
# and Python module (cmake --install; docs/library.md).
PREFIX     ?= /usr/local

.PHONY: all deps configure build demo test test-clang bench install clean

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

install: build
	@cmake --install $(BUILD) --prefix "$(PREFIX)"

bench: build
	@sh bench/chinchilla.sh $(BUILD)/effcomp
	@sh bench/compare.sh $(BUILD)/effcomp

clean:
	rm -rf $(BUILD)
