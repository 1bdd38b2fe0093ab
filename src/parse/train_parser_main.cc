// Development driver: trains the parser (the CLI's `sitrep train parser` does
// the same through the same function).
#include <iostream>

#include "parse/parser.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: sitrep_train_parser TRAIN.conllu DEV.conllu OUT [EPOCHS]\n";
    return 2;
  }
  sitrep::parse::ParserTrainOptions o;
  o.train_path = argv[1];
  o.dev_path = argv[2];
  if (argc > 4) o.epochs = std::atoi(argv[4]);
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
