#!/usr/bin/env bash
# One entry point for a fresh Debian/Ubuntu machine:
#   bash packaging/workstation.sh run    install what is missing, open the demo workspace
#   bash packaging/workstation.sh test   install what is missing, run every check headless
# It installs system packages (apt), makes .venv, installs the project into it,
# then runs. Re-running it is cheap: each step is skipped when already done.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mode="${1:-run}"
shift || true

# Debian packages the workstation needs at run time and in tests:
# libvlc for the VLC player back end, the Qt xcb platform libraries, Xvfb for
# headless GUI tests, ffmpeg and espeak-ng for media and the demo workspace,
# Hunspell dictionaries for spell checking.
system_packages=(
    python3 python3-venv python3-dev
    ffmpeg espeak-ng
    hunspell-en-us hunspell-fr
    libvlc5 vlc-plugin-base vlc-plugin-video-output
    xvfb xauth
    libgl1 libegl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-image0
    libxcb-render-util0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 libxcb-sync1
    libpulse0 libasound2
    fonts-dejavu-core
)

install_system_packages() {
    local missing=()
    for pkg in "${system_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        return
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    echo "Installing system packages: ${missing[*]}"
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

pick_python() {
    # Prefer a python3 that is 3.11 or newer; fall back to Debian's.
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
    echo "Review Workstation needs Python 3.11 or newer." >&2
    exit 1
}

prepare_venv() {
    local stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
    if [ ! -x .venv/bin/python ]; then
        "$(pick_python)" -m venv .venv
    fi
    if [ ! -f "$stamp" ]; then
        .venv/bin/python -m pip install -q --upgrade pip
        .venv/bin/python -m pip install -q -e ".[test]"
        rm -f .venv/.installed-*
        touch "$stamp"
    fi
}

start_xvfb() {
    # A real X display for the libvlc and screenshot tests; offscreen Qt
    # needs none, but a display lets the VLC back end embed its window.
    local display=":$((90 + RANDOM % 400))"
    Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
    export DISPLAY="$display"
    for _ in $(seq 50); do
        [ -e "/tmp/.X11-unix/X${display#:}" ] && return
        sleep 0.1
    done
}

install_system_packages
prepare_venv

case "$mode" in
    run)
        if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
            echo "No display found: starting a virtual one (Xvfb)."
            start_xvfb
        fi
        exec .venv/bin/review-workstation "$@"
        ;;
    test)
        start_xvfb
        export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
        echo "== ruff"
        .venv/bin/ruff check app ui sync tests
        echo "== mypy"
        .venv/bin/mypy
        echo "== import contracts"
        .venv/bin/lint-imports
        echo "== pytest"
        .venv/bin/python -m pytest "$@"
        ;;
    *)
        echo "usage: bash packaging/workstation.sh run|test [args]" >&2
        exit 2
        ;;
esac
