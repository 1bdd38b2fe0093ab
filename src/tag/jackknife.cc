#include "tag/jackknife.h"

#include <fstream>
#include <ostream>

#include "conllu/conllu.h"

namespace sitrep::tag {
namespace {

// Replaces the tags and lemmas of sents[begin, end) with the tagger's.
void Retag(const Tagger& tagger, Workspace* ws, size_t begin, size_t end,
           std::vector<conllu::Sentence>* sents) {
  Doc doc;
  conllu::ToDoc(*sents, begin, end, false, &doc);
  tagger.Tag(&doc, ws);
  size_t k = 0;
  for (size_t s = begin; s < end; ++s) {
    for (conllu::Word& w : (*sents)[s].words) {
      w.upos = UposName(doc.upos(k));
      w.xpos = XposName(doc.xpos(k));
      w.lemma = doc.lemma(k);
      ++k;
    }
  }
}

Status WriteFile(const std::string& path, const std::vector<conllu::Sentence>& sents,
                 size_t skip_begin, size_t skip_end) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IoError(path + ": cannot create file");
  conllu::WriteSentences(sents, 0, skip_begin, out);
  conllu::WriteSentences(sents, skip_end, sents.size(), out);
  out.flush();
  if (!out) return Status::IoError(path + ": write failed");
  return Status::Ok();
}

}  // namespace

Status JackknifeTags(const TaggerTrainOptions& base, int folds, const std::string& tmp_dir,
                     const std::string& out_path, std::ostream& log) {
  if (folds < 2) return Status::InvalidArgument("jackknifing needs at least 2 folds");
  auto gold = conllu::ReadFile(base.train_path);
  if (!gold.ok()) return gold.status();
  std::vector<conllu::Sentence> sents = gold.value();
  size_t n = sents.size();
  for (int f = 0; f < folds; ++f) {
    size_t begin = n * static_cast<size_t>(f) / static_cast<size_t>(folds);
    size_t end = n * static_cast<size_t>(f + 1) / static_cast<size_t>(folds);
    std::string fold_path = tmp_dir + "/jackknife-fold" + std::to_string(f) + ".conllu";
    SITREP_RETURN_IF_ERROR(WriteFile(fold_path, gold.value(), begin, end));
    TaggerTrainOptions o = base;
    o.train_path = fold_path;
    log << "jackknife fold " << f + 1 << "/" << folds << ": sentences " << begin << ".." << end
        << std::endl;
    auto tagger = TrainTagger(o, log);
    if (!tagger.ok()) return tagger.status();
    auto ws = tagger->NewWorkspace();
    Retag(*tagger, ws.get(), begin, end, &sents);
  }
  return WriteFile(out_path, sents, 0, 0);
}

Status TagConllu(const Tagger& tagger, const std::string& in_path, const std::string& out_path) {
  auto gold = conllu::ReadFile(in_path);
  if (!gold.ok()) return gold.status();
  auto ws = tagger.NewWorkspace();
  Retag(tagger, ws.get(), 0, gold->size(), &gold.value());
  return WriteFile(out_path, gold.value(), 0, 0);
}

}  // namespace sitrep::tag
