#!/usr/bin/env bash
# Sets everything up (idempotent) and runs sitrep's main job on the bundled
# sample articles: every stage (places, names and actors, events), one
# contract Document per article in out/samples.jsonl, then a summary of the
# events and places found.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p out
build/release/src/cli/sitrep extract samples/* -o out/samples.jsonl
echo "wrote out/samples.jsonl; per document:"
while IFS= read -r line; do
  echo "$line" | node -e '
    let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
      const d = JSON.parse(s);
      console.log(`  ${d.id}: ${d.sentences.length} sentences, ${d.events.length} events, ${d.places.length} places`);
      for (const e of d.events.slice(0, 8)) {
        const who = e.actor.map(a => a.country ? `${a.text} (${a.country})` : a.text).join(", ") || "?";
        const where = e.location ? ` at ${e.location.name}` : "";
        console.log(`    ${e.plover.type} "${e.trigger.text}" by ${who}${where}`);
      }
      if (d.events.length > 8) console.log(`    … ${d.events.length - 8} more`);
    });'
done < out/samples.jsonl
