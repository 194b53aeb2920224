#!/usr/bin/env bash
# The figures of BENCHMARKS.md in one command (options go to examples/bench_report.rs):
#
#   benches/run.sh                                   # 100 MB, 10,000 claims, scaling to 10/30/100 MB and 1k/3k/10k
#   benches/run.sh --size 10MB --claims 1000 --no-scaling --runs 1   # a quick look
#   benches/run.sh --from /work/shared/corpora/sotu --claims 2000 --runs 3   # real text: the 233 speeches as they are
#
# Installs what the side-by-side comparison needs when it is missing (ripgrep, RapidFuzz, GNU time), builds the
# release binary and the report, and runs it. Generated corpora are cached under $TMPDIR/factcheck-bench (--dir).
# With --from DIR the corpus is the .txt files of DIR, unchanged (copied under --dir as real-<name>-...), the
# claims are drawn from them, and the scaling runs (generated corpora) are skipped, as with --no-scaling.
# `benches/run.sh --help` lists every option.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v rg >/dev/null || [ ! -x /usr/bin/time ]; then
  (apt-get update -qq && apt-get install -y -qq ripgrep time >/dev/null) || echo "warning: could not install ripgrep/time" >&2
fi
python3 -c "import rapidfuzz" 2>/dev/null || pip install -q rapidfuzz || echo "warning: could not install rapidfuzz" >&2

cargo build --release --bin factcheck --example bench_report
exec "${CARGO_TARGET_DIR:-target}/release/examples/bench_report" "$@"
