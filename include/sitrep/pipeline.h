// The Pipeline: every annotation stage over a Doc, loaded once and shared.
//
// A Pipeline is immutable after Load() and safe to share between threads.
// Each thread processes documents with its own Worker (scratch space reused
// across documents, so steady-state processing does not allocate per token).
//
//   auto p = sitrep::Pipeline::Load({});          // models from the default dir
//   auto w = (*p)->NewWorker();
//   doc.SetText(...); (*p)->Process(&doc, w.get());
#pragma once

#include <memory>
#include <string>

#include "sitrep/doc.h"
#include "sitrep/status.h"

namespace sitrep {

struct PipelineOptions {
  // Folder holding en_ewt.tagger and en_ewt.parser. Empty: $SITREP_MODELS if
  // set, else the models/ folder of the source tree this binary was built from.
  std::string model_dir;
  bool tag = true;    // POS tags and lemmas
  bool parse = true;  // dependency parse (implies tag)
};

class Pipeline {
 public:
  class Worker;
  struct WorkerDeleter {
    void operator()(Worker* w) const;
  };
  using WorkerPtr = std::unique_ptr<Worker, WorkerDeleter>;

  // Loads the models; errors name the model file and say how to rebuild it.
  static Result<std::unique_ptr<Pipeline>> Load(const PipelineOptions& options);
  ~Pipeline();

  WorkerPtr NewWorker() const;

  // Tokenizes doc->text() into sentences and tokens, then tags and parses.
  void Process(Doc* doc, Worker* worker) const;
  // Tags and parses a Doc that already has tokens and sentences.
  void Annotate(Doc* doc, Worker* worker) const;

  const std::string& model_dir() const;

 private:
  struct Impl;
  explicit Pipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The model folder PipelineOptions{} resolves to.
std::string DefaultModelDir();

}  // namespace sitrep
