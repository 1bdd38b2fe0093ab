#!/usr/bin/env bash
# Rebuilds the committed models from ../shared/data/ud-ewt (release build
# required: scripts/setup.sh). Writes models/en_ewt.tagger, models/en_ewt.parser
# and models/SHA256SUMS.
#   scripts/train-models.sh            # tagger + parser
#   scripts/train-models.sh parser     # parser only (reuses the tagger)
set -euo pipefail
cd "$(dirname "$0")/.."
UD=${SITREP_SHARED:-../shared}/data/ud-ewt
SITREP=build/release/src/cli/sitrep
what=${1:-all}
if [ "$what" = all ] || [ "$what" = tagger ]; then
  $SITREP train tagger --train "$UD/en_ewt-ud-train.conllu" --dev "$UD/en_ewt-ud-dev.conllu" \
    --out models/en_ewt.tagger
fi
if [ "$what" = all ] || [ "$what" = parser ]; then
  $SITREP train parser --train "$UD/en_ewt-ud-train.conllu" --dev "$UD/en_ewt-ud-dev.conllu" \
    --out models/en_ewt.parser
fi
(cd models && sha256sum en_ewt.tagger en_ewt.parser > SHA256SUMS)
