#!/usr/bin/env bash
# Sets everything up (idempotent) and runs sitrep on the bundled sample
# articles: tokenize, tag and parse each one, writing CoNLL-U to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p out
build/release/src/cli/sitrep parse samples/* -o out/samples.conllu
echo "wrote out/samples.conllu; the first sentence:"
awk 'BEGIN{RS=""} NR==1{print; exit}' out/samples.conllu
