// Predicted tags for parser training. A parser trained on gold tags meets
// tagger errors only at run time; trained on jackknifed tags (each fold tagged
// by a tagger that never saw it) it learns to cope with them.
#pragma once

#include <iosfwd>
#include <string>

#include "sitrep/status.h"
#include "tag/tagger.h"

namespace sitrep::tag {

// Splits base.train_path into `folds` contiguous folds, trains a tagger on
// the other folds (tuned on base.dev_path) for each, tags the held-out fold,
// and writes the whole training file with predicted UPOS/XPOS/lemmas (gold
// heads and labels kept) to out_path. Temporary fold files go to tmp_dir.
Status JackknifeTags(const TaggerTrainOptions& base, int folds, const std::string& tmp_dir,
                     const std::string& out_path, std::ostream& log);

// Writes in_path with the tagger's UPOS/XPOS/lemmas in place of the gold ones.
Status TagConllu(const Tagger& tagger, const std::string& in_path, const std::string& out_path);

}  // namespace sitrep::tag
