#!/usr/bin/env bash
# Debian packages the tests need: Chromium (e2e), GNOME Keyring + D-Bus (a real Secret Service for the keychain
# tests), libsecret-tools (secret-tool, for looking at the keyring by hand), poppler-utils (pdftotext, to read PDF
# receipts back). Installs what is missing when run as
# root on Debian; otherwise says what to install.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v gnome-keyring-daemon >/dev/null || missing+=(gnome-keyring)
command -v dbus-run-session >/dev/null || missing+=(dbus dbus-daemon)
command -v secret-tool >/dev/null || missing+=(libsecret-tools)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
