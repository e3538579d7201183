#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one after the other, starting from
# the committed seeds and the corpus earlier runs grew (fuzz/corpus, not committed). A crash
# stops that target and leaves the input in fuzz/artifacts/<target>/: copy it to
# fuzz/regressions/<target>/, fix the bug, and `cargo test --test fuzz_regressions` replays it.
#
#   fuzz/run-all.sh [SECONDS] [TARGET...]
#
# Needs the nightly toolchain and cargo-fuzz (cargo install cargo-fuzz).
set -uo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pdf certificate seal_image batch_csv)
status=0
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    echo "== $t: ${seconds} s" >&2
    # -rss_limit_mb: an input that needs more than 2 GiB is a finding (unbounded memory);
    # -timeout: one that takes more than 10 s is a hang.
    cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=262144 \
        -print_final_stats=1 || status=1
done
exit $status
