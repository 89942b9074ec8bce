# effcomp: the two commands a newcomer runs are `make demo` and `make test`.
# Both install missing Debian packages (scripts/install-deps.sh), configure
# with CMake into build/, and build. Nothing here is needed after that:
# plain `cmake --build build` and `ctest --test-dir build` work too.

BUILD      ?= build
BUILD_TYPE ?= Release
JOBS       ?= 2
OUT        ?= out

.PHONY: all deps configure build demo test bench clean

all: build

deps:
	@sh scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DBUILD_TESTING=ON >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@sh scripts/demo.sh $(BUILD)/effcomp $(OUT)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@sh bench/chinchilla.sh $(BUILD)/effcomp
	@sh bench/compare.sh $(BUILD)/effcomp

clean:
	rm -rf $(BUILD)
