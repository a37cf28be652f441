# fairkiosk: one Makefile, pkg-config for every library.
#   make                  build/libfair.a, build/fairsync, build/fairkiosk
#   make test             unit tests, fuzz corpora, end-to-end tests
#   make SANITIZE=address,undefined test
#   make run              provision the demo event and open the kiosk
#   make bench            benchmarks, each beside its baseline
#   make install          PREFIX=/usr/local DESTDIR=

VERSION  := 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/fairkiosk
LOCALEDIR ?= $(PREFIX)/share/locale
B        := build

CC       ?= cc
# Cross builds (scripts/build-arm64.sh, dpkg-buildpackage -a) name their own.
PKG_CONFIG ?= pkg-config
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Iinclude \
	    -DFAIR_VERSION='"$(VERSION)"' -DFAIR_DATADIR='"$(DATADIR)"' \
	    -DFAIR_LOCALEDIR='"$(LOCALEDIR)"'
LDFLAGS  ?=
CFLAGS   += $(CPPFLAGS)
MANDIR   ?= $(PREFIX)/share/man

# C++ only in src/brain/zxing_wrap.cpp (ZXing-C++ behind a C interface).
CXX      ?= c++
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++17 -D_GNU_SOURCE -Wall -Wextra -Werror -Iinclude

ifneq ($(SANITIZE),)
CFLAGS   += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
CXXFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=$(SANITIZE)
B        := build-san
endif

CORE_PKGS   := sqlite3 libsodium inih libqrencode zbar xlsxwriter libpng minizip expat libpq \
               anthy zinnia
# Japanese line breaking (linebreak.c)
CORE_PKGS   += libunibreak
SYNC_PKGS   := cairo xlsxwriter fontconfig libmicrohttpd minizip
KIOSK_PKGS  := sdl2 SDL2_ttf SDL2_image fontconfig libevdev libsystemd x11 \
	       libudev
TEST_PKGS   := cmocka
# ZXing-C++: its headers only for src/brain/zxing_wrap.cpp (some of their
# names, Error.h, Result.h, would shadow ours elsewhere).
ZXING_PKGS  := zxing
ALL_PKGS    := $(sort $(CORE_PKGS) $(ZXING_PKGS) $(SYNC_PKGS) $(KIOSK_PKGS) $(TEST_PKGS))

# Missing libraries are installed by the project's own script, never by hand;
# what only the tests use (LibreOffice, the tools e2e scripts call) only for
# `make test`. NO_DEPS=1 (package builds) never installs anything. A failed
# install stops the build: a test that then finds a tool missing would only
# fail later, and less clearly.
DEPS_FOR := $(if $(filter test deb,$(MAKECMDGOALS)),--with-tests)
DEPS_TOOLS := zbarimg Xvfb sqlite3 msgfmt mecab-config
TEST_TOOLS := soffice curl unzip man systemd-analyze pdftotext pdftoppm sox \
	      zbarimg xvfb-run psql lpadmin python3 open_jtalk
PY_MODULES := /usr/bin/python3 -c 'import openpyxl; import zxingcpp; import PIL'
# the kiosk's voice (tests/e2e/kiosk_voice.sh), from Debian's contrib
TEST_FILES := /usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice
have_tools = $(foreach t,$(1),command -v $(t) >/dev/null &&)
DEPS_OK := $(if $(NO_DEPS),yes,$(shell $(PKG_CONFIG) --exists $(ALL_PKGS) && \
	$(call have_tools,$(DEPS_TOOLS)) test -x /usr/sbin/cupsd && \
	$(if $(DEPS_FOR),$(call have_tools,$(TEST_TOOLS)) \
	  $(PY_MODULES) && test -r $(TEST_FILES) &&) \
	echo yes))
ifneq ($(DEPS_OK),yes)
$(info fairkiosk: installing missing packages with scripts/install-deps.sh $(DEPS_FOR))
DEPS_RC := $(shell ./scripts/install-deps.sh $(DEPS_FOR) >&2; echo $$?)
ifneq ($(DEPS_RC),0)
$(error scripts/install-deps.sh $(DEPS_FOR) failed (exit $(DEPS_RC)); see its messages above)
endif
endif

pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1))
pc_libs   = $(shell $(PKG_CONFIG) --libs $(1))

CORE_CFLAGS := $(call pc_cflags,$(CORE_PKGS))
# MeCab (linebreak.c's word and phrase boundaries) has no .pc file, and
# mecab-config names the build machine's folders (wrong when cross-building):
# its header is in /usr/include, so -lmecab is all it takes
MECAB_LIBS  := -lmecab
CORE_LIBS   := $(call pc_libs,$(CORE_PKGS) $(ZXING_PKGS)) $(MECAB_LIBS) \
	       -lstdc++ -lpthread -lm
SYNC_CFLAGS := $(call pc_cflags,$(SYNC_PKGS))
SYNC_LIBS   := $(call pc_libs,$(SYNC_PKGS))
KIOSK_CFLAGS:= $(call pc_cflags,$(KIOSK_PKGS))
KIOSK_LIBS  := $(call pc_libs,$(KIOSK_PKGS)) -lcups
TEST_CFLAGS := $(call pc_cflags,$(TEST_PKGS))
TEST_LIBS   := $(call pc_libs,$(TEST_PKGS))

# libfair.a: the shared base (core), the kiosk's pure logic and input
# decoders (brain), the organizer's import/merge/export (organizer).
CORE_DIRS := src/core src/brain src/organizer src/privacy src/central \
	     src/tours
CORE_SRC  := $(foreach d,$(CORE_DIRS),$(wildcard $(d)/*.c))
SYNC_SRC  := $(wildcard src/fairsync/*.c src/fairsync/serve/*.c)
KIOSK_SRC := $(wildcard src/kiosk/*.c)
TEST_SRC  := $(wildcard tests/test_*.c)
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz_*.c)
BENCH_SRC := $(wildcard bench/bench_*.c)

CORE_CXX  := $(foreach d,$(CORE_DIRS),$(wildcard $(d)/*.cpp))
CORE_OBJ  := $(CORE_SRC:%.c=$(B)/%.o) $(CORE_CXX:%.cpp=$(B)/%.o)
SYNC_OBJ  := $(SYNC_SRC:%.c=$(B)/%.o)
KIOSK_OBJ := $(KIOSK_SRC:%.c=$(B)/%.o)
TESTS     := $(TEST_SRC:tests/%.c=$(B)/tests/%)
FUZZERS   := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)
BENCHES   := $(BENCH_SRC:bench/%.c=$(B)/bench/%)
# Rules that compile several sources into one program depend on every
# header; the others on exactly the headers they include (DEPFLAGS: the
# compiler writes a .d file beside each object, read below).
HEADERS   := $(wildcard include/fair/*.h src/*/*.h src/*/*/*.h tests/*.h tests/fuzz/*.h)
DEPFLAGS  := -MMD -MP

# Translations (po/): the catalogs `all` compiles, see `make po` below.
LANGS     := ja
MO        := $(LANGS:%=$(B)/locale/%/LC_MESSAGES/fairkiosk.mo)

.PHONY: approve-screens FORCE all test test-unit test-vm unit fuzz e2e run bench install install-man uninstall clean check deps deb deb-arm64
all: $(B)/libfair.a $(B)/fairsync $(B)/fairkiosk $(MO)

deps:
	./scripts/install-deps.sh --with-tests

$(CORE_SRC:%.c=$(B)/%.o): $(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(DEPFLAGS) $(CORE_CFLAGS) -c $< -o $@
$(CORE_CXX:%.cpp=$(B)/%.o): $(B)/%.o: %.cpp
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) $(DEPFLAGS) $(call pc_cflags,$(ZXING_PKGS)) -c $< -o $@
$(B)/src/fairsync/%.o: src/fairsync/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(DEPFLAGS) $(CORE_CFLAGS) $(SYNC_CFLAGS) -c $< -o $@
# The kiosk finds its sounds in DATADIR: rebuild when PREFIX changes, so
# `make install PREFIX=/usr` installs a kiosk that looks in /usr/share.
$(B)/datadir.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(DATADIR) $(LOCALEDIR)' | cmp -s - $@ || \
		echo '$(DATADIR) $(LOCALEDIR)' > $@
FORCE:
# fairsync finds its message catalogs in LOCALEDIR (main.c) the same way.
$(B)/src/fairsync/main.o: $(B)/datadir.stamp

$(B)/src/kiosk/%.o: src/kiosk/%.c $(B)/datadir.stamp
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(DEPFLAGS) $(CORE_CFLAGS) $(KIOSK_CFLAGS) -c $< -o $@

$(B)/libfair.a: $(CORE_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/fairsync: $(SYNC_OBJ) $(B)/libfair.a
	$(CC) $(LDFLAGS) -o $@ $(SYNC_OBJ) $(B)/libfair.a $(SYNC_LIBS) $(CORE_LIBS)
$(B)/fairkiosk: $(KIOSK_OBJ) $(B)/libfair.a
	$(CC) $(LDFLAGS) -o $@ $(KIOSK_OBJ) $(B)/libfair.a $(KIOSK_LIBS) $(CORE_LIBS)

# Re-approve the screens after a change to the look (commit them with it):
# the real kiosks of tests/e2e/kiosk_gallery.sh, screenshot by script.
approve-screens: $(B)/fairkiosk $(B)/fairsync
	tests/e2e/lib/screens.sh approve $(B)

$(B)/tests/%: tests/%.c $(B)/libfair.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(DEPFLAGS) $(CORE_CFLAGS) $(TEST_CFLAGS) -Itests -o $@ $< \
		$(B)/libfair.a $(TEST_LIBS) $(CORE_LIBS) $(LDFLAGS)

# Preloaded into the kiosk by tests/e2e/kiosk_durable.sh to count fsyncs;
# never sanitized (a preloaded library cannot bring ASan's runtime).
$(B)/tests/fsync_shim.so: tests/fsync_shim.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -shared -fPIC \
		-o $@ $< -ldl

# Fuzz targets: built with a replay main (tests/fuzz/replay.c) so `make test`
# runs each corpus; `make fuzz-libfuzzer` builds them for clang's libFuzzer.
$(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(B)/libfair.a $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(CORE_CFLAGS) -o $@ $< tests/fuzz/replay.c \
		$(B)/libfair.a $(CORE_LIBS) $(LDFLAGS)

# fuzz_console compiles the console's hand-written parsing in (not in
# libfair.a): rebuilt when those files change.
$(B)/fuzz/fuzz_console: src/fairsync/serve/json.c src/fairsync/serve/reply.c

$(B)/bench/%: bench/%.c $(B)/libfair.a $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(CORE_CFLAGS) -o $@ $< $(B)/libfair.a $(CORE_LIBS) $(LDFLAGS)

# T='e2e_kiosk_cage test_store' runs only those (names as the runner
# prints them); CI=true fails on any skipped test (scripts/run-tests.sh).
test: all $(TESTS) $(FUZZERS) $(B)/tests/fsync_shim.so
	@B=$(B) T='$(T)' ./scripts/run-tests.sh

# Only `make check`, the unit tests and the fuzz replays: what CI runs again
# under `make SANITIZE=address,undefined test-unit`.
test-unit: all $(TESTS) $(FUZZERS)
	@B=$(B) T='$(T)' SUITE=unit ./scripts/run-tests.sh

# The kiosk on Debian's own kernel under QEMU: KMSDRM, touch, scanner, USB
# stick, the arm64 package in an arm64 guest (tests/vm/, minutes; builds
# the arm64 package with scripts/build-arm64.sh when missing or stale;
# docs/deploy.md).
test-vm: all
	./scripts/install-deps.sh --with-vm
	@B=$(B) sh tests/vm/run.sh

fuzz-libfuzzer:
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  clang -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -Iinclude $(CORE_CFLAGS) \
	    -D_GNU_SOURCE -o $(B)/$$n-libfuzzer $$f $(CORE_SRC) $(CORE_CXX) \
	    $(call pc_cflags,$(ZXING_PKGS)) $(CORE_LIBS) || exit 1; \
	  echo "built $(B)/$$n-libfuzzer (corpus: tests/fuzz/corpus/$${n#fuzz_})"; done

run: all
	./scripts/run-demo.sh

bench: all $(BENCHES)
	@B=$(B) ./scripts/run-bench.sh

# Every source the Makefile compiles (src/fairsync/serve/ too), and every
# header.
CHECK_SRC := $(CORE_SRC) $(CORE_CXX) $(SYNC_SRC) $(KIOSK_SRC) $(TEST_SRC) \
	     $(FUZZ_SRC) $(BENCH_SRC) tests/fuzz/replay.c \
	     tests/fsync_shim.c $(HEADERS)
check:
	@! grep -nE '\b(strcpy|strcat|sprintf|vsprintf|atoi|strtok|gets)\s*\(' \
		$(CHECK_SRC) || (echo "banned function"; exit 1)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/assets
	install -m 755 $(B)/fairsync $(B)/fairkiosk $(DESTDIR)$(BINDIR)
	install -m 644 assets/* $(DESTDIR)$(DATADIR)/assets
	for l in $(LANGS); do \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 644 $(B)/locale/$$l/LC_MESSAGES/fairkiosk.mo \
	    $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES || exit 1; done

install-man:
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 644 docs/man/fairkiosk.1 docs/man/fairsync.1 \
		$(DESTDIR)$(MANDIR)/man1
	install -m 644 docs/man/kiosk.ini.5 $(DESTDIR)$(MANDIR)/man5

# Messages in the user's language (gettext; include/fair/i18n.h): English
# in the sources, po/LANG.po their translations, compiled (and checked:
# formats must match) into build/locale/. `make po` extracts the catalog
# again after messages change and merges it into each po/LANG.po.
XGETTEXT_KEYS := --keyword=_ --keyword=N_ --keyword=P_:1,2 \
	--keyword=cli_error:1 --keyword=cli_note:1 \
	--keyword=cli_usage_error:2 --keyword=fair_fail:3 \
	--keyword=reply_error:3 --keyword=send_error:3 \
	--keyword=row_fail:3 --keyword=xr_fail:3 --keyword=tours_refuse:4 \
	--keyword=row_refuse:4 --keyword=report_warn:2 \
	--flag=cli_error:1:c-format --flag=cli_usage_error:2:c-format \
	--flag=cli_note:1:c-format \
	--flag=fair_fail:3:c-format --flag=row_fail:3:c-format \
	--flag=xr_fail:3:c-format --flag=tours_refuse:4:c-format \
	--flag=row_refuse:4:c-format --flag=report_warn:2:c-format
$(B)/locale/%/LC_MESSAGES/fairkiosk.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

.PHONY: po
po:
	xgettext --from-code=UTF-8 --language=C $(XGETTEXT_KEYS) \
		--package-name=fairkiosk --package-version=$(VERSION) \
		--msgid-bugs-address=dev@fairkiosk.invalid \
		--add-comments=TRANSLATORS: \
		--sort-by-file -o po/fairkiosk.pot $(sort $(CORE_SRC) $(SYNC_SRC))
	for l in $(LANGS); do \
	  msgmerge --quiet --update --backup=none po/$$l.po po/fairkiosk.pot \
	    || exit 1; done

# The Debian package, built by debhelper from a copy of the tree in
# $(B)/deb (dpkg-buildpackage writes beside its source folder), then
# checked by lintian. See debian/ and docs/deploy.md.
DEB_SRC := $(B)/deb/fairkiosk-$(VERSION)
deb:
	rm -rf $(B)/deb
	mkdir -p $(DEB_SRC)
	tar -c --exclude=./build --exclude=./build-san --exclude=./.git . | \
		tar -x -C $(DEB_SRC)
	cd $(DEB_SRC) && DEB_BUILD_OPTIONS="parallel=$$(nproc)" \
		dpkg-buildpackage -b -us -uc >../build.log 2>&1 || \
		{ tail -40 ../build.log; exit 1; }
	lintian --fail-on error $(B)/deb/fairkiosk_$(VERSION)_*.deb
	@ls $(B)/deb/*.deb

# The arm64 (Raspberry Pi) package, cross-built on an amd64 machine against
# an arm64 sysroot, its binaries and unit tests run under qemu. Not part of
# `make test` (minutes); see scripts/build-arm64.sh and docs/deploy.md.
deb-arm64:
	./scripts/build-arm64.sh

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fairsync $(DESTDIR)$(BINDIR)/fairkiosk
	rm -f $(DESTDIR)$(MANDIR)/man1/fairkiosk.1 $(DESTDIR)$(MANDIR)/man1/fairsync.1
	rm -f $(DESTDIR)$(MANDIR)/man5/kiosk.ini.5
	rm -rf $(DESTDIR)$(DATADIR)
	for l in $(LANGS); do \
	  rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/fairkiosk.mo; done

clean:
	rm -rf build build-san

# Tests that compile a kiosk worker into themselves (no SDL in those).
$(B)/tests/test_serial: src/kiosk/input_serial.c
$(B)/tests/test_inputs: src/kiosk/inputs.c src/kiosk/input_camera.c \
	src/kiosk/input_serial.c
$(B)/tests/test_evdev: src/kiosk/input_evdev.c
$(B)/tests/test_dispatch: src/kiosk/dispatch.c
$(B)/tests/test_voice: src/kiosk/voice.c src/kiosk/voice.h
$(B)/tests/test_evdev: TEST_CFLAGS += $(call pc_cflags,libevdev)
$(B)/tests/test_evdev: TEST_LIBS += $(call pc_libs,libevdev)

# The console's pages are built into fairsync (src/fairsync/serve/assets.c).
$(B)/src/fairsync/serve/assets.o: $(wildcard src/fairsync/serve/assets/*)
$(B)/tests/test_console_json: src/fairsync/serve/json.c src/fairsync/serve/json.h
# The PDFs' text (src/fairsync/paper.c) is drawn by cairo in a real font.
$(B)/tests/test_paper: src/fairsync/paper.c src/fairsync/paper.h
$(B)/tests/test_paper: TEST_CFLAGS += $(SYNC_CFLAGS)
$(B)/tests/test_paper: TEST_LIBS += $(call pc_libs,cairo fontconfig)

# What each object and test includes (DEPFLAGS), once built.
-include $(CORE_OBJ:.o=.d) $(SYNC_OBJ:.o=.d) $(KIOSK_OBJ:.o=.d) \
	 $(TESTS:=.d)
