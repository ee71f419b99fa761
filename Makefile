# The two commands a fresh machine needs: `make report` and `make test`.
# Both install the system libraries first when pkg-config cannot find them.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libcairo2-dev libpng-dev fonts-dejavu-core pkg-config

.PHONY: report test deps browser build bench lint clean

report: deps
	$(SWIFT) build -c release --product report
	./.build/release/report $(ARGS)

test: deps browser
	$(SWIFT) test --disable-swift-testing

deps:
	@if ! pkg-config --exists cairo cairo-ft libpng 2>/dev/null \
	  || ! [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  echo "Installing system packages: $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES); \
	fi

# The browser tests render every page in Debian's chromium. When it cannot be installed
# (no apt, no network, no sudo) the tests go on and those checks skip with a message.
browser:
	@if ! command -v chromium >/dev/null 2>&1 && ! [ -x /usr/lib/chromium/chromium ]; then \
	  echo "Installing chromium for the browser tests"; \
	  { $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; } \
	  || echo "chromium could not be installed: the browser tests will be skipped"; \
	fi

lint:
	$(SWIFT) format lint -r --strict Sources Tests

bench: deps
	scripts/bench

clean:
	rm -rf .build
