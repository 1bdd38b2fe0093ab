// Development driver for the parser (the CLI's `sitrep train parser` trains
// through the same function).
//   sitrep_train_parser TRAIN.conllu DEV.conllu OUT [EPOCHS [TRAIN_TAGS DEV_TAGS]]
//   sitrep_train_parser --eval MODEL GOLD.conllu TAGGED.conllu
//     parses TAGGED (same words as GOLD, predicted tags) and scores against GOLD
#include <cstring>
#include <iostream>

#include "parse/parser.h"

int main(int argc, char** argv) {
  if (argc == 5 && std::strcmp(argv[1], "--eval") == 0) {
    auto p = sitrep::parse::Parser::Load(argv[2]);
    auto gold = sitrep::conllu::ReadFile(argv[3]);
    auto tagged = sitrep::conllu::ReadFile(argv[4]);
    if (!p.ok() || !gold.ok() || !tagged.ok()) {
      std::cerr << "cannot read model or data\n";
      return 1;
    }
    sitrep::Doc doc;
    sitrep::conllu::ToDoc(*tagged, 0, tagged->size(), true, &doc);
    auto ws = p->NewWorkspace();
    p->Parse(&doc, ws.get());
    auto sc = sitrep::parse::ScoreParse(doc, *gold);
    std::cout << "UAS " << sc.uas << " LAS " << sc.las << " LAS(universal) " << sc.las_universal
              << " words " << sc.words << "\n";
    return 0;
  }
  if (argc < 4) {
    std::cerr << "usage: sitrep_train_parser TRAIN.conllu DEV.conllu OUT [EPOCHS [TRAIN_TAGS "
                 "DEV_TAGS]]\n       sitrep_train_parser --eval MODEL GOLD TAGGED\n";
    return 2;
  }
  sitrep::parse::ParserTrainOptions o;
  o.train_path = argv[1];
  o.dev_path = argv[2];
  if (argc > 4) o.epochs = std::atoi(argv[4]);
  if (argc > 6) {
    o.train_tags_path = argv[5];
    o.dev_tags_path = argv[6];
  }
  auto p = sitrep::parse::TrainParser(o, std::cerr);
  if (!p.ok()) {
    std::cerr << p.status().ToString() << "\n";
    return 1;
  }
  auto st = p->Save(argv[3]);
  if (!st.ok()) {
    std::cerr << st.ToString() << "\n";
    return 1;
  }
  return 0;
}
