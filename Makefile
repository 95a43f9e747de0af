# funnel: build, test, demo, bench, lint, fuzz.
GO      ?= go
BIN     := bin/funnel
PKGS    := ./...
FUZZTIME ?= 10s
# The runtime hands memory it holds free back with MADV_FREE, which leaves
# it backed, instead of MADV_DONTNEED, so that what the commands back in one
# call before reading stays backed (cmd/funnel/prefault.go; bench/RESULTS.md,
# run 14). A default of the binary: GODEBUG overrides it, and a binary built
# with `go install` gets it with GODEBUG=madvdontneed=0. //go:debug does not
# accept this setting.
LDFLAGS := -X=runtime.godebugDefault=madvdontneed=0

.PHONY: all build install test demo bench bench-peers lint fuzz clean

all: lint test build

build:
	$(GO) build -ldflags='$(LDFLAGS)' -o $(BIN) ./cmd/funnel

# funnel on the PATH: into $(go env GOBIN), else $(go env GOPATH)/bin,
# with the same build setting as build.
install:
	$(GO) install -ldflags='$(LDFLAGS)' ./cmd/funnel

# The test command of the README and of CI: go test under pgrun, which
# starts one throwaway PostgreSQL server for every test binary of the run
# (internal/pgtest; without PostgreSQL the database tests skip). Without
# go test's own vet pass: make lint runs go vet, whose checks include
# it, and on a fresh checkout the pass is an eighth of the test build
# (bench/RESULTS.md, run 19).
test:
	$(GO) run ./internal/pgtest/pgrun $(GO) test -count=1 -vet=off $(PKGS)

demo: build
	./$(BIN) demo

bench: build
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

# End-to-end benchmarks next to the R and pandas peers (15-20 minutes;
# needs hyperfine, R data.table, pandas, statsmodels): bench/README.md.
bench-peers: build
	bash bench/run.sh

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

# A short run of every fuzz target (FUZZTIME each); CI runs it as a smoke test.
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) bash .ci/fuzz

clean:
	rm -rf bin
