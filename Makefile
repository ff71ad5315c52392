# Throughline. Two commands on a fresh machine: `make demo` and `make check`.
GO       ?= go
BIN      := bin/throughline
VENDOR   := internal/web/static/vendor
NPM_DIST := node_modules/nhsuk-frontend/dist/nhsuk
GOBIN    := $(shell $(GO) env GOPATH)/bin
STATICCHECK_VERSION := v0.7.0

.PHONY: all build demo check test lint deps assets bench bench-http fuzz clean safety

all: build

## build: the single binary, with front-end assets embedded
build: assets
	$(GO) build -o $(BIN) ./cmd/throughline

## assets: install nhsuk-frontend, htmx and echarts from npm and copy what the binary embeds
assets: $(VENDOR)/.stamp

$(VENDOR)/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/nhsuk
	cp $(NPM_DIST)/nhsuk-frontend.min.css $(NPM_DIST)/nhsuk-frontend.min.js $(VENDOR)/nhsuk/
	cp -r $(NPM_DIST)/assets $(VENDOR)/nhsuk/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	touch $@

## demo: a fresh demo region on embedded SQLite, served on http://127.0.0.1:8080
demo: build
	./$(BIN) demo --fresh --db ./throughline-demo.db

## deps: system packages for the full test suite (PostgreSQL, Chromium)
deps:
	./scripts/deps.sh

$(GOBIN)/staticcheck:
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

## lint: gofmt, go vet, staticcheck
lint: assets $(GOBIN)/staticcheck
	@out=$$(gofmt -l cmd internal); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GOBIN)/staticcheck ./...

## test: unit and SQLite tests only (fast, no system packages)
test: assets
	$(GO) test ./...

## check: everything CI runs: lint, unit, SQLite, real PostgreSQL and headless Chromium
## The suite runs once, its results feed the clinical safety case report
## (build/safety), which fails when a hazard's control has no passing test.
check: deps assets lint build
	THROUGHLINE_REQUIRE_POSTGRES=1 THROUGHLINE_REQUIRE_BROWSER=1 ./scripts/with-postgres.sh ./scripts/test-and-safety-case.sh

## safety: run only the tests the hazard log names and write the clinical safety case to build/safety
safety: build
	./$(BIN) safety report --out build/safety

## bench: benchmarks, reported as ratios within one run
bench: assets
	$(GO) test -run '^$$' -bench . -benchmem ./...

## bench-http: load benchmark: `throughline serve` on a fresh demo region and a
## hello-world ceiling, driven by the same signed-in clients; PG names an EMPTY
## PostgreSQL database to measure as well (or set THROUGHLINE_BENCH_POSTGRES)
CLIENTS  ?= 8
DURATION ?= 10s
SCALE    ?= 1
PG       ?=
bench-http: build
	$(GO) run ./cmd/benchhttp -bin $(BIN) -clients $(CLIENTS) -duration $(DURATION) -scale $(SCALE) $(if $(PG),-pg '$(PG)')

## fuzz: run each fuzz target briefly
fuzz:
	GO=$(GO) ./scripts/fuzz.sh

clean:
	rm -rf bin build $(VENDOR) node_modules
