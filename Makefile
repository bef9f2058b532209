# vinhdanh — quick start: `make demo` (SQLite demo at http://127.0.0.1:8000/) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 chromium gettext \
	softhsm2 poppler-utils libnss3-tools zbar-tools
DEMO_PASSWORD ?= vinhdanh-demo
TEST_DATABASE_URL ?= postgres://root@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: help system venv install messages demo test lint check-services bench bench-smoke prod-check

help:
	@echo "make demo   – cài đặt, tạo dữ liệu minh họa, chạy http://127.0.0.1:8000/ (SQLite)"
	@echo "make test   – cài đặt, ruff, makemigrations --check, toàn bộ pytest trên PostgreSQL và Redis"
	@echo "make bench  – đo hiệu năng (python -m benchmarks)"
	@echo "make prod-check – kiểm tra bản phát hành: wheel, môi trường sạch, gunicorn + Celery, qua HTTP"

# Debian packages: WeasyPrint's Pango/HarfBuzz, Liberation Serif 2 (Times-metric, full Vietnamese),
# Chromium for the browser tests, gettext for the translations; SoftHSM2 (a real PKCS#11 token) and
# poppler's pdfsig/pdftoppm with NSS's certutil for the signing tests.
system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Cài gói hệ thống / installing: $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Cần Python 3.11 ($(PYTHON))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# Compiled catalogues are build output: made from the .po sources on every install.
messages: $(STAMP)
	cd web && DJANGO_DEBUG=true ../$(BIN)/django-admin compilemessages -v0

venv: $(BIN)/python
install: system $(STAMP) messages

demo: install
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --noinput
	@echo "Mật khẩu của mọi người dùng minh họa / demo password: $(DEMO_PASSWORD)"
	DJANGO_DEBUG=true $(BIN)/python manage.py seed_demo --password "$(DEMO_PASSWORD)"
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check-services:
	@DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" $(BIN)/python scripts/check_services.py

# One pytest worker per core, at most four, each running its share in the suite's order (database tests first,
# browser tests last). tests/parallel_services.py gives each worker its own Redis databases and port,
# pytest-django its own PostgreSQL database. TEST_WORKERS=0 runs serially.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$(( n > 4 ? 4 : n )))

test: install lint check-services
	DJANGO_DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=true DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" VINHDANH_SERVICE_TESTS=1 \
		DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest --create-db -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

BENCH_DATABASE_URL ?= postgres://root@127.0.0.1:5432/vd_bench
# A Redis database of its own: the relay case runs a Celery worker that must not take the tests' tasks.
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/9

bench: install
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python scripts/create_database.py
	DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" $(BIN)/python -m benchmarks $(BENCH_ARGS)

# CI proves the benchmarks still run; it asserts nothing about speed.
bench-smoke:
	$(MAKE) bench BENCH_ARGS="--size smoke"

# The release as an operator installs it: wheel, clean virtualenv without extras, outside the source tree,
# debug off, PostgreSQL and Redis (fails without them), gunicorn + Celery worker + beat driven over HTTP.
PRODCHECK_DATABASE_URL ?= postgres://root@127.0.0.1:5432/vd_prodcheck
PRODCHECK_REDIS_URL ?= redis://127.0.0.1:6379/5
prod-check:
	PYTHON="$(PYTHON)" PRODCHECK_DATABASE_URL="$(PRODCHECK_DATABASE_URL)" PRODCHECK_REDIS_URL="$(PRODCHECK_REDIS_URL)" \
		scripts/prod_check.sh
