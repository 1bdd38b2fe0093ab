#include "sitrep/pipeline.h"

#include <cstdlib>

#include "parse/parser.h"
#include "tag/tagger.h"
#include "text/tokenizer.h"

#ifndef SITREP_DEFAULT_MODEL_DIR
#define SITREP_DEFAULT_MODEL_DIR "models"
#endif

namespace sitrep {

struct Pipeline::Impl {
  PipelineOptions options;
  std::unique_ptr<tag::Tagger> tagger;
  std::unique_ptr<parse::Parser> parser;
};

class Pipeline::Worker {
 public:
  std::unique_ptr<tag::Workspace> tag_ws;
  parse::WorkspacePtr parse_ws;
};

void Pipeline::WorkerDeleter::operator()(Worker* w) const { delete w; }

std::string DefaultModelDir() {
  const char* env = std::getenv("SITREP_MODELS");
  if (env && *env) return env;
  return SITREP_DEFAULT_MODEL_DIR;
}

Pipeline::Pipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pipeline::~Pipeline() = default;

Result<std::unique_ptr<Pipeline>> Pipeline::Load(const PipelineOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (impl->options.model_dir.empty()) impl->options.model_dir = DefaultModelDir();
  if (impl->options.parse) impl->options.tag = true;
  const std::string& dir = impl->options.model_dir;
  if (impl->options.tag) {
    auto t = tag::Tagger::Load(dir + "/en_ewt.tagger");
    if (!t.ok()) return t.status();
    impl->tagger = std::make_unique<tag::Tagger>(std::move(t.value()));
  }
  if (impl->options.parse) {
    auto p = parse::Parser::Load(dir + "/en_ewt.parser");
    if (!p.ok()) return p.status();
    impl->parser = std::make_unique<parse::Parser>(std::move(p.value()));
  }
  return std::unique_ptr<Pipeline>(new Pipeline(std::move(impl)));
}

Pipeline::WorkerPtr Pipeline::NewWorker() const {
  WorkerPtr w(new Worker());
  if (impl_->tagger) w->tag_ws = impl_->tagger->NewWorkspace();
  if (impl_->parser) w->parse_ws = impl_->parser->NewWorkspace();
  return w;
}

void Pipeline::Process(Doc* doc, Worker* worker) const {
  text::Tokenize(doc);
  Annotate(doc, worker);
}

void Pipeline::Annotate(Doc* doc, Worker* worker) const {
  if (impl_->tagger) impl_->tagger->Tag(doc, worker->tag_ws.get());
  if (impl_->parser) impl_->parser->Parse(doc, worker->parse_ws.get());
}

const std::string& Pipeline::model_dir() const { return impl_->options.model_dir; }

}  // namespace sitrep
