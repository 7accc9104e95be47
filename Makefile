# Yinling: two commands. `make run` serves the demo university; `make test` runs every test.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test browser-deps check clean-data bench

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PY)）"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.installed-test: requirements/test.txt requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/test.txt
	touch $@ $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

install-test: $(VENV)/.installed-test node_modules/.installed browser-deps

# Debian's chromium and CJK fonts for the browser tests (installed once, as root).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || [ ! -x /usr/bin/pdftotext ]; then \
		echo "installing chromium, fonts-noto-cjk and poppler-utils (apt)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null; \
	fi

run: install
	$(BIN)/python manage.py ensure_keys
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py demo --if-empty
	@echo ""
	@echo "银龄已启动： http://$(HOST):$(PORT)/"
	@echo "演示账号：admin（管理员，首次登录需用手机身份验证器绑定动态口令）、staff、unit、secretary、liaison、volunteer、retiree、auditor，密码均为 Yinling#2026"
	@echo "按 Ctrl+C 停止。"
	@trap 'kill 0' EXIT INT TERM; \
	while true; do $(BIN)/python manage.py db_worker --queue-name default --no-reload; echo "后台任务进程已退出，正在重启"; sleep 1; done & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT) --noreload

test: install-test
	$(BIN)/ruff check yinling tests scripts
	$(BIN)/python manage.py makemigrations --check --dry-run -v 1
	@status=0; $(BIN)/python -m pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "no tests collected: failing"; exit 1; fi; exit $$status

check: install
	DJANGO_ENV=production DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) YINLING_FIELD_KEY=$$(head -c 32 /dev/urandom | base64 | tr '+/' '-_') DJANGO_ALLOWED_HOSTS=yinling.example.edu.cn \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

clean-data:
	rm -rf data

PEOPLE ?= 100000
$(VENV)/.installed-bench: requirements/bench.txt requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/bench.txt
	touch $@

# Speed at scale, as ratios against floors and peers measured in the same run (README: Performance).
bench: install $(VENV)/.installed-bench
	$(BIN)/python manage.py ensure_keys
	DJANGO_SETTINGS_MODULE=yinling.settings_bench $(BIN)/python manage.py bench --people $(PEOPLE) $(BENCH_ARGS)
