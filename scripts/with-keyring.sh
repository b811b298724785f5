#!/usr/bin/env bash
# Run a command with a real, throw-away OS keychain: a private D-Bus session with GNOME Keyring's Secret Service,
# in a temporary HOME. Used by the integration, e2e and bench commands. Without dbus-run-session or
# gnome-keyring-daemon the command runs as is, and keychain tests report the keychain as unavailable.
set -euo pipefail
if [ "${KASSA_IN_KEYRING:-}" = 1 ] || ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  exec "$@"
fi
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
mkdir -p "$keyring_home/.local/share/keyrings"
export KASSA_REAL_HOME="$HOME" HOME="$keyring_home" KASSA_IN_KEYRING=1
# npm and the browser keep their caches under the real home.
export npm_config_cache="${npm_config_cache:-$KASSA_REAL_HOME/.npm}"
dbus-run-session -- bash -c 'eval "$(printf "kassa-test" | gnome-keyring-daemon --unlock --components=secrets)"; export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK; exec "$@"' keyring "$@"
