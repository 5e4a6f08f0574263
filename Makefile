# reel: the two commands a new machine needs are `make demo` and `make test`.
# Everything else (bench, golden, asan, fuzz) builds on the same steps.

BUILD      ?= build
ASAN_BUILD ?= build-asan
MESON_ARGS ?=
ifeq ($(WERROR),1)
MESON_ARGS += --werror
endif

REEL := $(BUILD)/src/reel

.PHONY: all deps build demo test test-asan golden bench docs fuzz clean

all: build

deps:
	@sh scripts/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_ARGS)

build: deps $(BUILD)/build.ninja
	@meson configure $(BUILD) $(if $(filter 1,$(WERROR)),-Dwerror=true,) >/dev/null
	ninja -C $(BUILD)

demo: build
	@mkdir -p out
	$(REEL) render examples/hello.json -o out/hello.mp4
	@echo "demo video: $(CURDIR)/out/hello.mp4"

test: build
	python3 tests/run.py $(BUILD)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized $(MESON_ARGS)

test-asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:malloc_fill_byte=90:max_malloc_fill_size=1073741824 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		python3 tests/run.py $(ASAN_BUILD)

# Regenerates the golden PNGs of tests/golden/ from their scenes. Look at every
# changed image before committing it.
golden: build
	python3 tests/golden.py $(BUILD) --update

# Runs each libFuzzer target for FUZZ_SECONDS (default 60) with clang.
fuzz: deps
	sh scripts/fuzz.sh $(FUZZ_SECONDS)

bench: build
	python3 bench/run.py $(BUILD)

docs: build
	$(REEL) props --markdown > docs/properties.md

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) out
