# The two commands a fresh machine needs: `make report` and `make test`.
# Both install the system libraries first when pkg-config cannot find them.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libcairo2-dev libpng-dev fonts-dejavu-core pkg-config

.PHONY: report test deps build bench lint clean

report: deps
	$(SWIFT) build -c release --product report
	./.build/release/report $(ARGS)

test: deps
	$(SWIFT) test --disable-swift-testing

deps:
	@if ! pkg-config --exists cairo cairo-ft libpng 2>/dev/null \
	  || ! [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  echo "Installing system packages: $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES); \
	fi

lint:
	$(SWIFT) format lint -r --strict Sources Tests

bench: deps
	scripts/bench

clean:
	rm -rf .build
