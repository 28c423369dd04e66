#!/usr/bin/env bash
# sl_ticket against the SoftLayer API emulator, configured by tests/integration/integration_config.yml
# (ansible-test copies it two levels up from a script target's directory; scripts/test writes it).
#   main.yml        every scenario: check mode, real run, re-run; state and call log asserted
#   check_then_apply.yml  every sl_ticket case in check mode, then for real: the two results compared
#   variants.yml    identity, re-run, lost response and Assigned tickets under every title policy the
#                   real API may have, over XML-RPC ('' nulls) and over REST (null), strict default first
#   concurrent.yml  5 forks, then 5 ansible-playbook processes at once: one ticket, one update
#                   (under every title policy; the default one over REST too)
#   bad_key.yml     a wrong API key at -vvvv: a clear error, and no key anywhere in the output
set -euo pipefail

output_dir=${OUTPUT_DIR:-$(mktemp -d)}
config=${SL_INTEGRATION_CONFIG:-../../integration_config.yml}
[ -f "$config" ] || { echo "no integration config at $config (run: bash scripts/test integration)" >&2; exit 1; }
set -- -e "@$config" "$@"

# Each playbook starts as a fresh controller would: with an empty look-up cache of its own (the
# plays' call counts assume it), which its own runs then fill.
ansible-playbook() {
    SL_CACHE_DIR=$(mktemp -d "$output_dir/lookups.XXXXXX") command ansible-playbook "$@"
}

ansible-playbook -i "$INVENTORY_PATH" main.yml "$@"
# sl_check_then_apply: false in the integration config skips it (scripts/test's newest-core leg).
if [ "$(sed -n 's/^sl_check_then_apply: *//p' "$config")" != false ]; then
    ansible-playbook -i "$INVENTORY_PATH" check_then_apply.yml "$@"
fi

xmlrpc_endpoint='{{ sl_endpoint_url }}'
rest_endpoint='{{ sl_rest_endpoint_url }}'
# sl_title_policies in the integration config narrows the title policies (scripts/test's floor leg runs the
# strict default, the newest-core leg the others); ansible-test passes no environment variables through.
policies=$(sed -n 's/^sl_title_policies: *//p' "$config")
policies=${policies:-prefixed subject keep}
for policy in $policies; do
    for endpoint in "$xmlrpc_endpoint" "$rest_endpoint"; do
        echo "variants.yml: title_policy=$policy endpoint=$endpoint"
        ansible-playbook -i "$INVENTORY_PATH" variants.yml -e "sl_title_policy=$policy" \
            -e "sl_variant_endpoint=$endpoint" "$@"
    done
done

# concurrency POLICY ENDPOINT: 5 forks, then 5 processes, for one ticket identity.
concurrency() {
    local variant=(-e "sl_title_policy=$1" -e "sl_variant_endpoint=$2") n pids=()
    echo "concurrency: title_policy=$1 endpoint=$2"
    shift 2
    ansible-playbook -i "$INVENTORY_PATH" concurrent_setup.yml "${variant[@]}" "$@"
    ansible-playbook -i inventory_forks.yml -f 5 concurrent.yml "${variant[@]}" "$@"
    for n in 1 2 3 4 5; do
        ansible-playbook -i "$INVENTORY_PATH" concurrent.yml -e sl_concurrent_hosts=testhost "${variant[@]}" "$@" \
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
}
for policy in $policies; do
    concurrency "$policy" "$xmlrpc_endpoint" "$@"
done
# Over REST under the strict default, on the leg that runs it.
case " $policies " in
    *" prefixed "*) concurrency prefixed "$rest_endpoint" "$@" ;;
esac

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
