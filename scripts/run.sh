#!/usr/bin/env bash
# Sets everything up (idempotent) and runs sitrep on the bundled sample
# articles: tokenize, tag and parse each one (CoNLL-U in out/samples.conllu),
# then find and resolve their places (one JSON document per line in
# out/samples.places.jsonl).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p out
build/release/src/cli/sitrep parse samples/* -o out/samples.conllu
echo "wrote out/samples.conllu; the first sentence:"
awk 'BEGIN{RS=""} NR==1{print; exit}' out/samples.conllu
build/release/src/cli/sitrep geoparse samples/* > out/samples.places.jsonl
echo "wrote out/samples.places.jsonl; places per document:"
while IFS= read -r line; do
  echo "$line" | node -e '
    let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
      const d = JSON.parse(s);
      const names = d.places.filter(p => !p.demonym)
        .map(p => p.lat === null ? `${p.text} (unresolved)` : `${p.text} → ${p.name}, ${p.country} (${p.lat}, ${p.lon})`);
      console.log(`  ${d.id}: ${names.join("; ")}`);
    });'
done < out/samples.places.jsonl
