#!/usr/bin/env bash
# `npm test`: typecheck, lint, then every test (unit, integration, browser) in one node:test run,
# so the closing summary counts them all. Integration tests run on each engine named in
# HAVEN_TEST_ENGINES (default: the embedded engine, plus the PostgreSQL server when one answers on
# 127.0.0.1:5432; CI names both).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${HAVEN_TEST_ENGINES:-}" ]; then
  if node -e "const s=require('net').connect(5432,'127.0.0.1');s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1))" 2>/dev/null; then
    export HAVEN_TEST_ENGINES=pglite,postgres
  else
    export HAVEN_TEST_ENGINES=pglite
    echo "No PostgreSQL server on 127.0.0.1:5432: integration tests run on the embedded engine only."
  fi
fi
echo "Engines: $HAVEN_TEST_ENGINES"

echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx eslint . --max-warnings 0

mapfile -t files < <(find src e2e -type f \( -name '*.test.ts' -o -name '*.spec.ts' \) 2>/dev/null | sort)
echo "== tests (${#files[@]} files)"
exec node --import tsx --test --test-concurrency="${HAVEN_TEST_CONCURRENCY:-2}" --test-timeout=300000 "${files[@]}"
