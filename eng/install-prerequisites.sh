#!/usr/bin/env bash
# Installs what Drover's tests need from Debian's packages when it is missing. Needs root for apt-get.
set -euo pipefail

missing=()
command -v dotnet >/dev/null 2>&1 || { echo "install-prerequisites: the .NET 10 SDK is needed; 'dotnet' is not on PATH." >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || missing+=(postgresql-15)
# The sandbox provider (bwrap) and what the sandbox tests run inside it.
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# The CLI tests drive `drover chat` on a pseudo-terminal with script(1).
command -v script >/dev/null 2>&1 || missing+=(bsdutils)
# Repository resources are cloned with git (and the tests serve them with git http-backend).
command -v git >/dev/null 2>&1 || missing+=(git)
# The web console's browser tests drive Debian's Chromium with Playwright (tests/console).
[[ -x /usr/bin/chromium ]] || missing+=(chromium)

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-prerequisites: missing ${missing[*]}; run as root or install them with apt-get." >&2
    exit 1
  fi
  echo "install-prerequisites: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
