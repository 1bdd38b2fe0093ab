#include "core/linear.h"

#include <algorithm>
#include <cmath>

namespace sitrep {

void FeatureIndex::Rehash(size_t capacity) {
  std::vector<uint64_t> keys(capacity, 0);
  std::vector<uint32_t> vals(capacity, 0);
  size_t mask = capacity - 1;
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == 0) continue;
    size_t j = Slot(keys_[i]) & mask;
    while (keys[j] != 0) j = (j + 1) & mask;
    keys[j] = keys_[i];
    vals[j] = vals_[i];
  }
  keys_.swap(keys);
  vals_.swap(vals);
}

void FeatureIndex::Reserve(size_t n) {
  size_t cap = 16;
  while (cap < n * 2) cap *= 2;
  if (cap > keys_.size()) Rehash(cap);
}

uint32_t FeatureIndex::FindOrInsert(uint64_t key, uint32_t value) {
  if ((size_ + 1) * 2 > keys_.size()) Rehash(keys_.empty() ? 1024 : keys_.size() * 2);
  if (key == 0) key = kZeroKey;
  size_t mask = keys_.size() - 1;
  for (size_t i = Slot(key) & mask;; i = (i + 1) & mask) {
    if (keys_[i] == key) return vals_[i];
    if (keys_[i] == 0) {
      keys_[i] = key;
      vals_[i] = value;
      ++size_;
      return value;
    }
  }
}

std::vector<uint64_t> FeatureIndex::KeysByValue(size_t n) const {
  std::vector<uint64_t> keys(n, 0);
  for (size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] != 0 && vals_[i] < n) keys[vals_[i]] = keys_[i];
  return keys;
}

// On disk a model is compact: the feature keys in row order (the hash table
// is rebuilt on load), one entry count per row, one class byte per entry and
// weights quantized to 16 bits with one scale for the whole model.
void LinearModel::Save(model::Writer* w) const {
  size_t rows = row_begin_.size() - 1;
  w->PutU32(static_cast<uint32_t>(num_classes_));
  w->PutVector(index_.KeysByValue(rows));
  std::vector<uint8_t> counts(rows);
  for (size_t r = 0; r < rows; ++r)
    counts[r] = static_cast<uint8_t>(row_begin_[r + 1] - row_begin_[r] - 1);
  w->PutVector(counts);
  w->PutVector(cls_);
  float max_abs = 0;
  for (float x : w_) max_abs = std::max(max_abs, std::fabs(x));
  float scale = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  w->PutF32(scale);
  std::vector<int16_t> q(w_.size());
  for (size_t i = 0; i < w_.size(); ++i) q[i] = static_cast<int16_t>(std::lround(w_[i] / scale));
  w->PutVector(q);
}

bool LinearModel::Load(model::Reader* r) {
  uint32_t nc;
  std::vector<uint64_t> keys;
  std::vector<uint8_t> counts;
  std::vector<int16_t> q;
  float scale;
  if (!r->GetU32(&nc) || !r->GetVector(&keys) || !r->GetVector(&counts) || !r->GetVector(&cls_) ||
      !r->GetF32(&scale) || !r->GetVector(&q))
    return false;
  // Validate every index so a damaged model cannot read out of bounds.
  if (nc == 0 || nc > 256 || keys.size() != counts.size() || cls_.size() != q.size() ||
      !std::isfinite(scale))
    return false;
  num_classes_ = static_cast<int>(nc);
  row_begin_.assign(1, 0);
  row_begin_.reserve(keys.size() + 1);
  size_t total = 0;
  for (uint8_t c : counts) {
    total += size_t{c} + 1;  // rows are never empty: the count is stored minus one
    row_begin_.push_back(static_cast<uint32_t>(total));
  }
  if (total != cls_.size()) return false;
  for (uint8_t c : cls_)
    if (c >= nc) return false;
  w_.resize(q.size());
  for (size_t i = 0; i < q.size(); ++i) w_[i] = static_cast<float>(q[i]) * scale;
  index_ = FeatureIndex();
  index_.Reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i)
    if (index_.FindOrInsert(keys[i], static_cast<uint32_t>(i)) != i) return false;  // duplicate
  return true;
}

void PerceptronTrainer::Score(const uint64_t* feats, size_t n, float* scores) const {
  for (size_t k = 0; k < n; ++k) {
    uint32_t row = index_.Find(feats[k]);
    if (row == FeatureIndex::kMissing) continue;
    for (const Entry& e : rows_[row]) scores[e.cls] += e.w;
  }
}

void PerceptronTrainer::Add(const uint64_t* feats, size_t n, int c, float delta) {
  for (size_t k = 0; k < n; ++k) {
    uint32_t row = index_.FindOrInsert(feats[k], static_cast<uint32_t>(rows_.size()));
    if (row == rows_.size()) {
      rows_.emplace_back();
      row_keys_.push_back(feats[k]);
    }
    auto& entries = rows_[row];
    Entry* e = nullptr;
    for (Entry& x : entries)
      if (x.cls == c) {
        e = &x;
        break;
      }
    if (!e) {
      entries.push_back(Entry{static_cast<uint16_t>(c), 0.0f, 0.0, now_});
      e = &entries.back();
    }
    e->total += static_cast<double>(now_ - e->ts) * e->w;
    e->ts = now_;
    e->w += delta;
  }
}

void PerceptronTrainer::Update(const uint64_t* feats, size_t n, int truth, int guess, float delta) {
  if (truth == guess) return;
  Add(feats, n, truth, delta);
  Add(feats, n, guess, -delta);
}

LinearModel PerceptronTrainer::Freeze(float prune) const {
  LinearModel m;
  m.num_classes_ = num_classes_;
  m.row_begin_.push_back(0);
  m.index_.Reserve(rows_.size());
  uint32_t kept = 0;
  for (uint32_t row = 0; row < rows_.size(); ++row) {
    size_t before = m.cls_.size();
    for (const Entry& e : rows_[row]) {
      double total = e.total + static_cast<double>(now_ - e.ts) * e.w;
      auto avg = static_cast<float>(total / static_cast<double>(now_));
      if (std::fabs(avg) < prune) continue;
      m.cls_.push_back(static_cast<uint8_t>(e.cls));
      m.w_.push_back(avg);
    }
    if (m.cls_.size() == before) continue;
    m.index_.FindOrInsert(row_keys_[row], kept++);
    m.row_begin_.push_back(static_cast<uint32_t>(m.cls_.size()));
  }
  return m;
}

}  // namespace sitrep
