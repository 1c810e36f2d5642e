#!/usr/bin/env bash
# Runs every test of Drover. Installs what is missing (as root, with apt-get), starts a throwaway
# PostgreSQL cluster for the storage tests, runs the whole solution's tests, and stops the cluster.
# Results (TRX) go to artifacts/test-results. Extra arguments go to 'dotnet test'.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
results="$root/artifacts/test-results"

"$root/eng/install-prerequisites.sh"
(cd "$root/tests/sdk-ts" && npm ci --no-audit --no-fund --loglevel=error)
(cd "$root/tests/console" && npm ci --no-audit --no-fund --loglevel=error)

pgdir="$(mktemp -d /tmp/drover-pg-XXXXXX)"
cleanup() { "$root/eng/postgres-test-cluster.sh" stop "$pgdir" >/dev/null 2>&1 || true; }
trap cleanup EXIT
"$root/eng/postgres-test-cluster.sh" start "$pgdir" >/dev/null
DROVER_TEST_POSTGRES="$(cat "$pgdir/connection-string")"
export DROVER_TEST_POSTGRES

rm -rf "$results"
mkdir -p "$results"
dotnet build Drover.slnx --nologo -v quiet
dotnet test --solution Drover.slnx --no-build --results-directory "$results" --report-xunit-trx "$@"
