# shellcheck shell=bash
# Shared steps of scripts/demo, scripts/test and .ci/run: a pinned tool venv,
# the collection on ANSIBLE_COLLECTIONS_PATH, and the SoftLayer API emulator.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# SL_SUPPORT_BUILD_DIR moves the staged collection, venv links and emulator state elsewhere
# (for example to run several test commands from one checkout at once).
BUILD="${SL_SUPPORT_BUILD_DIR:-$ROOT/.build}"
VENV="$ROOT/.venv"
PYENV_ROOT_GUESS=${PYENV_ROOT:-$HOME/.pyenv}

log() { printf '\n==> %s\n' "$*"; }

# The Pythons the tool chain runs on, newest first, and the pinned requirements of each
# (ansible-core 2.19 is the newest for 3.11; 3.12 and 3.13 get the newest core, 2.21).
SUPPORTED_PYTHONS="3.13 3.12 3.11"
requirements_for() {
    case $1 in
        3.11) echo "$ROOT/requirements-dev.txt" ;;
        *) echo "$ROOT/requirements-dev-py312.txt" ;;
    esac
}

# python_version PATH: X.Y of an interpreter that runs and can build a venv (with pip), or nothing.
python_version() {
    "$1" -c 'import ensurepip, sys, venv; print("%d.%d" % sys.version_info[:2])' 2>/dev/null
}

# find_python X.Y: a real interpreter of that version (never a pyenv shim, which may refuse to run
# or run another version): pyenv's installed versions, /usr/bin, /usr/local/bin, then PATH.
find_python() {
    local v=$1 candidate
    for candidate in "$PYENV_ROOT_GUESS"/versions/"$v".*/bin/python"$v" /usr/local/bin/python"$v" /usr/bin/python"$v" \
        $(type -ap python"$v" 2>/dev/null); do
        case $candidate in */shims/*) continue ;; esac
        if [ -x "$candidate" ] && [ "$(python_version "$candidate")" = "$v" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# pick_python: $PYTHON when set (it must be 3.11, 3.12 or 3.13), else the newest supported one found.
# Sets PY (the interpreter) and PY_VERSION (X.Y).
pick_python() {
    local v
    if [ -n "${PYTHON:-}" ]; then
        PY=$(command -v "$PYTHON") || { echo "PYTHON=$PYTHON: no such interpreter" >&2; return 1; }
        PY_VERSION=$(python_version "$PY")
        case " $SUPPORTED_PYTHONS " in
            *" ${PY_VERSION:-none} "*) return 0 ;;
        esac
        echo "PYTHON=$PYTHON is Python ${PY_VERSION:-(does not run or lacks venv/ensurepip)}; use 3.11, 3.12 or 3.13" >&2
        return 1
    fi
    for v in $SUPPORTED_PYTHONS; do
        if PY=$(find_python "$v"); then
            PY_VERSION=$v
            return 0
        fi
    done
    echo "Python 3.13, 3.12 or 3.11 is required (pyenv, /usr/bin or PATH; PYTHON=/path/to/python picks one)" >&2
    return 1
}

# quiet_pip VENV ARGS...: pip in VENV without the machine's "Location ... is ignored" index warnings;
# the status is pip's own (grep's, which is 1 when pip printed nothing else, is dropped).
quiet_pip() {
    local dir=$1
    shift
    "$dir/bin/pip" --quiet --disable-pip-version-check "$@" 2>&1 | { grep -v "is ignored" || true; }
    return "${PIPESTATUS[0]}"
}

# make_venv DIR REQUIREMENTS PYTHON [MODULES]: create or refresh a venv when its requirements changed;
# MODULES (default: ansible, SoftLayer) must import in it afterwards.
make_venv() {
    local dir=$1 req=$2 py=$3 modules=${4:-ansible, SoftLayer} stamp
    stamp=$(cat "$req" "$ROOT/requirements.txt" | sha256sum | cut -c1-16)
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
        return 0
    fi
    log "installing the pinned tool chain into ${dir#"$ROOT"/} ($("$py" --version))"
    rm -rf "$dir"
    "$py" -m venv "$dir" || return 1
    quiet_pip "$dir" install --upgrade pip==25.3 || { echo "pip could not upgrade itself in $dir" >&2; return 1; }
    quiet_pip "$dir" install -r "$req" || { echo "pip could not install $req into $dir" >&2; return 1; }
    "$dir/bin/python" -c "import $modules" || { echo "tool venv $dir is broken" >&2; return 1; }
    echo "$stamp" > "$dir/.stamp"
}

bootstrap() {
    pick_python || return 1
    # 3.11 keeps .venv (as before); another Python gets a venv of its own, so switching needs no rebuild.
    [ "$PY_VERSION" = 3.11 ] || VENV="$ROOT/.venv-py$PY_VERSION"
    make_venv "$VENV" "$(requirements_for "$PY_VERSION")" "$PY"
    export PY_VERSION
    export PATH="$VENV/bin:$PATH"
    # ansible-playbook finds the collection through this tree, which points at the work tree itself.
    mkdir -p "$BUILD/collections/ansible_collections/softlayer"
    ln -sfn "$ROOT" "$BUILD/collections/ansible_collections/softlayer/support"
    export ANSIBLE_COLLECTIONS_PATH="$BUILD/collections"
    export PYTHONPATH="$ROOT/tests/emulator${PYTHONPATH:+:$PYTHONPATH}"
    export_demo_credentials
}

# export_demo_credentials: SL_USERNAME, SL_API_KEY and SL_IBM_CLOUD_API_KEY (the same user's IBM Cloud
# API key, for logins with the username "apikey") of the emulator's seeded demo account, read from
# the seed (tests/emulator/sl_emulator/data/seed.json), the one place they are written.
export_demo_credentials() {
    local assignments
    assignments=$(PYTHONPATH="$ROOT/tests/emulator" "${PY:-python3}" -c '
import shlex
from sl_emulator import seed_credentials
demo = seed_credentials()[0]
for name, key in (("SL_USERNAME", "username"), ("SL_API_KEY", "api_key"), ("SL_IBM_CLOUD_API_KEY", "ibm_cloud_api_key")):
    print("%s=%s" % (name, shlex.quote(demo[key])))
') || { echo "cannot read the demo credentials from the emulator seed" >&2; return 1; }
    eval "$assignments"
    export SL_USERNAME SL_API_KEY SL_IBM_CLOUD_API_KEY
}

# start_emulator NAME [extra serve args...]: start a fresh emulator; sets EMULATOR_URL and SL_ENDPOINT_URL
# (to the newest one). With SL_EMULATOR_TLS=1 it serves https, as the real endpoint, with a CA it writes at
# start, and SL_CA_BUNDLE (which the modules read) points at that CA. Every emulator a shell starts is remembered in EMULATOR_PIDS (as
# "shell pid:emulator pid") and stopped when that shell exits (or by stop_emulator), so a second
# start_emulator leaks nothing, and a subshell stops only its own.
EMULATOR_PIDS=()
start_emulator() {
    local name=$1 dir pid scheme=http tls=()
    shift
    dir="$BUILD/emulator-$name"
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "${SL_EMULATOR_TLS:-0}" = 1 ]; then
        scheme=https
        tls=(--tls-dir "$dir/tls")
    fi
    trap stop_emulator EXIT
    python -m sl_emulator serve --port 0 --port-file "$dir/port" --state-file "$dir/state.json" "${tls[@]}" "$@" \
        > "$dir/log" 2>&1 &
    pid=$!
    EMULATOR_PIDS+=("$BASHPID:$pid")
    for _ in $(seq 1 100); do
        [ -s "$dir/port" ] && break
        kill -0 "$pid" 2>/dev/null || { cat "$dir/log" >&2; return 1; }
        sleep 0.1
    done
    [ -s "$dir/port" ] || { echo "the emulator did not start" >&2; cat "$dir/log" >&2; return 1; }
    EMULATOR_URL="$scheme://127.0.0.1:$(cat "$dir/port")"
    export EMULATOR_URL SL_ENDPOINT_URL="$EMULATOR_URL/xmlrpc/v3.1/"
    if [ "$scheme" = https ]; then
        export SL_CA_BUNDLE="$dir/tls/ca.pem"
    fi
}

# stop_emulator: stop every emulator this shell started (the EXIT trap calls it too).
stop_emulator() {
    local entry kept=()
    for entry in "${EMULATOR_PIDS[@]}"; do
        if [ "${entry%%:*}" != "$BASHPID" ]; then
            kept+=("$entry")
            continue
        fi
        kill "${entry#*:}" 2>/dev/null || true
        wait "${entry#*:}" 2>/dev/null || true
    done
    EMULATOR_PIDS=("${kept[@]}")
}
