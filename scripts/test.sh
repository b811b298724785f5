#!/usr/bin/env bash
# The README's test command (`npm test`): static checks, the build, then every test — unit, contract,
# integration (real SQLite files, a real Secret Service) and e2e (Debian's Chromium against `npm run web`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
echo "== typecheck";   npm run -s typecheck
echo "== lint";        npm run -s lint
echo "== format";      npm run -s format:check
echo "== build";       npx electron-vite build >/dev/null
echo "== tests"
mkdir -p test-results
status=0
bash scripts/with-keyring.sh npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
# One plain closing line for CI: "N passed, N failed, N skipped".
node -e '
  const r = require("./test-results/vitest.json")
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`)
' || true
exit "$status"
