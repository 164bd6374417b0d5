# Parity: the two commands a new user runs are `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
VENV := .venv
export PARITY_PYTHON ?= $(CURDIR)/$(VENV)

.PHONY: setup build release demo test clean

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release -Xswiftc -Xcc -Xswiftc -D_GNU_SOURCE

demo: release
	.build/release/parity export-check resnet18 --from torch

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2

clean:
	rm -rf .build
