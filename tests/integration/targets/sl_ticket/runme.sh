#!/usr/bin/env bash
# sl_ticket against the SoftLayer API emulator, configured by tests/integration/integration_config.yml
# (ansible-test copies it two levels up from a script target's directory; scripts/test writes it).
#   main.yml        every scenario: check mode, real run, re-run; state and call log asserted
#   concurrent.yml  5 forks, then 5 ansible-playbook processes at once: one ticket, one update
#   bad_key.yml     a wrong API key at -vvvv: a clear error, and no key anywhere in the output
set -euo pipefail

output_dir=${OUTPUT_DIR:-$(mktemp -d)}
config=${SL_INTEGRATION_CONFIG:-../../integration_config.yml}
[ -f "$config" ] || { echo "no integration config at $config (run: bash scripts/test integration)" >&2; exit 1; }
set -- -e "@$config" "$@"

ansible-playbook -i "$INVENTORY_PATH" main.yml "$@"

ansible-playbook -i "$INVENTORY_PATH" concurrent_setup.yml "$@"
ansible-playbook -i inventory_forks.yml -f 5 concurrent.yml "$@"
pids=()
for n in 1 2 3 4 5; do
    ansible-playbook -i "$INVENTORY_PATH" concurrent.yml -e sl_concurrent_hosts=testhost "$@" \
        > "$output_dir/concurrent-$n.log" 2>&1 &
    pids+=($!)
done
for n in 1 2 3 4 5; do
    if ! wait "${pids[$((n - 1))]}"; then
        cat "$output_dir/concurrent-$n.log"
        echo "concurrent run $n failed" >&2
        exit 1
    fi
done
ansible-playbook -i "$INVENTORY_PATH" concurrent_check.yml "$@"

log="$output_dir/bad_key.log"
ansible-playbook -i "$INVENTORY_PATH" bad_key.yml -vvvv "$@" > "$log" 2>&1 || { cat "$log"; exit 1; }
keys=("$(printf 'badc0ffee0ddf00d%.0s' 1 2 3 4)" "$(sed -n 's/^sl_api_key: *//p' "$config")")
for key in "${keys[@]}"; do
    if [ -n "$key" ] && grep -qF "$key" "$log"; then
        echo "an API key appears in the -vvvv output of bad_key.yml ($log)" >&2
        exit 1
    fi
done
grep -q 'authentication failed' "$log"
echo "bad_key.yml: clear errors, no API key in $(wc -l < "$log") lines of -vvvv output (${#keys[@]} keys checked)"
