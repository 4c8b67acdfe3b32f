# The two commands a new user needs: `make run` and `make test`. `make test` starts Redis and installs
# Chromium and axe-core (apt, npm) when they are missing, since the suite drives a real browser.
GO      ?= go
PKGS    ?= ./...
BENCHTIME ?= 2s
FUZZTIME ?= 20s

.PHONY: i18n-add run test test-short generate lint bench fuzz build clean

run: ## run the checkout with its embedded test gateway on :8080
	$(GO) run .

test: ## every test with the race detector; starts/installs Redis, Chromium and axe-core when missing (what CI runs)
	bash .ci/test $(PKGS)

test-short: ## the fast subset, for quick local loops (browser tests are skipped outside CI)
	CI= $(GO) test -short -count=1 $(PKGS)

generate: ## regenerate templ components (the generated files are committed)
	$(GO) tool templ generate

lint: ## formatting, vet, tidy go.mod, staticcheck, and generated code up to date
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	$(GO) vet $(PKGS)
	$(GO) mod tidy -diff
	$(GO) tool staticcheck $(PKGS)
	$(GO) tool templ generate && git diff --exit-code -- '*_templ.go'

bench: ## benchmarks; BENCHMARKS.md says which figures come from which command
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) $(PKGS)

fuzz: ## a fuzzing pass over every fuzz target (FuzzParseAmount, FuzzDecodePaymentRequest, FuzzValidateAddress, FuzzBodySurvivesWordPress, FuzzPayerQuery, …), FUZZTIME each
	FUZZTIME=$(FUZZTIME) bash .ci/fuzz

build: ## a static binary in ./bin
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '-s -w' -o bin/checkout .

clean:
	rm -rf bin

i18n-add: ## add a payer-visible message: make i18n-add KEY=pay.note TEXT="…" [ONE="…" for a counted one]; the other languages get a TODO the tests report until translated
	@test -n "$$I18N_KEY" && test -n "$$I18N_TEXT" || { echo 'usage: make i18n-add KEY=pay.note TEXT="English text" [ONE="singular"]'; exit 2; }
	$(GO) run ./locales/cmd/addkey

# Passed through the environment, so quotes and $ in the texts need no shell escaping.
i18n-add: export I18N_KEY := $(value KEY)
i18n-add: export I18N_TEXT := $(value TEXT)
i18n-add: export I18N_ONE := $(value ONE)
