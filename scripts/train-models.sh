#!/usr/bin/env bash
# Rebuilds the committed models from ../shared/data/ud-ewt (needs the release
# build: scripts/setup.sh). Writes models/en_ewt.tagger, models/en_ewt.parser
# and models/SHA256SUMS. Deterministic: the same inputs give the same files.
#   scripts/train-models.sh            # tagger, jackknifed tags, parser
#   scripts/train-models.sh parser     # parser only (reuses the tagger and tags)
#   scripts/train-models.sh ner        # named-entity recognizer only (reuses the tagger)
set -euo pipefail
cd "$(dirname "$0")/.."
UD=${SITREP_SHARED:-../shared}/data/ud-ewt
SITREP=build/release/src/cli/sitrep
WORK=build/train
mkdir -p "$WORK" models
what=${1:-all}

# The named-entity recognizer (models/en_uner.ner): trained on UNER
# English-EWT dev (every 10th sentence held out to choose epochs and pruning)
# with the tagger's tags, and a lexicon of names built from the npm word lists
# pinned in scripts/ner-lexicon/package-lock.json. Needs npm (scripts/setup.sh).
ner_sums() {
  (cd models && { grep -v ' en_uner.ner$' SHA256SUMS || true; sha256sum en_uner.ner; } > SHA256SUMS.new &&
    mv SHA256SUMS.new SHA256SUMS)
}
train_ner() {
  UNER=${SITREP_SHARED:-../shared}/data/uner-ewt
  mkdir -p "$WORK/ner-lexicon"
  cp scripts/ner-lexicon/package.json scripts/ner-lexicon/package-lock.json "$WORK/ner-lexicon/"
  npm ci --prefix "$WORK/ner-lexicon" --no-audit --no-fund --loglevel=error
  node scripts/ner-lexicon/build.mjs "$WORK/ner-lexicon/node_modules" > "$WORK/ner-lexicon.tsv"
  $SITREP train ner --train "$UNER/en_ewt-ud-dev.iob2" \
    --lexicon "$WORK/ner-lexicon.tsv" --models models --out models/en_uner.ner
  ner_sums
}
if [ "$what" = ner ]; then
  train_ner
  exit 0
fi
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
# The recognizer reads the tagger's tags: retrain it with a new tagger; the
# line above rewrote SHA256SUMS, so add its checksum back in any case.
if [ "$what" = all ]; then train_ner; else ner_sums; fi
