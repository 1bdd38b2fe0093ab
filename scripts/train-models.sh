#!/usr/bin/env bash
# Rebuilds the committed models from ../shared/data/ud-ewt (needs the release
# build: scripts/setup.sh). Writes models/en_ewt.tagger, models/en_ewt.parser
# and models/SHA256SUMS. Deterministic: the same inputs give the same files.
#   scripts/train-models.sh            # tagger, jackknifed tags, parser
#   scripts/train-models.sh parser     # parser only (reuses the tagger and tags)
set -euo pipefail
cd "$(dirname "$0")/.."
UD=${SITREP_SHARED:-../shared}/data/ud-ewt
SITREP=build/release/src/cli/sitrep
WORK=build/train
mkdir -p "$WORK" models
what=${1:-all}
if [ "$what" = all ]; then
  $SITREP train tagger --train "$UD/en_ewt-ud-train.conllu" --dev "$UD/en_ewt-ud-dev.conllu" \
    --out models/en_ewt.tagger
  # The parser learns from the tags it will see at run time: 10-fold jackknifed
  # tags on train, the final tagger's tags on dev.
  $SITREP train jackknife --train "$UD/en_ewt-ud-train.conllu" --dev "$UD/en_ewt-ud-dev.conllu" \
    --folds 10 --tmp "$WORK" --out "$WORK/train.tagged.conllu" \
    --tagger models/en_ewt.tagger --dev-out "$WORK/dev.tagged.conllu"
fi
$SITREP train parser --train "$UD/en_ewt-ud-train.conllu" --dev "$UD/en_ewt-ud-dev.conllu" \
  --train-tags "$WORK/train.tagged.conllu" --dev-tags "$WORK/dev.tagged.conllu" \
  --epochs 10 --out models/en_ewt.parser
(cd models && sha256sum en_ewt.tagger en_ewt.parser > SHA256SUMS)
