#include "core/linear.h"

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

bool FeatureIndex::AllValuesBelow(uint32_t limit) const {
  for (size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] != 0 && vals_[i] >= limit) return false;
  return true;
}

void FeatureIndex::Save(model::Writer* w) const {
  w->PutU64(size_);
  w->PutVector(keys_);
  w->PutVector(vals_);
}

bool FeatureIndex::Load(model::Reader* r) {
  uint64_t size;
  if (!r->GetU64(&size) || !r->GetVector(&keys_) || !r->GetVector(&vals_)) return false;
  size_ = size;
  // The table must be a power of two with room to spare, or Find() would not terminate.
  if (keys_.empty()) return size_ == 0;
  return keys_.size() == vals_.size() && (keys_.size() & (keys_.size() - 1)) == 0 &&
         size_ < keys_.size();
}

void LinearModel::Save(model::Writer* w) const {
  w->PutU32(static_cast<uint32_t>(num_classes_));
  index_.Save(w);
  w->PutVector(row_begin_);
  w->PutVector(cls_);
  w->PutVector(w_);
}

bool LinearModel::Load(model::Reader* r) {
  uint32_t nc;
  if (!r->GetU32(&nc) || !index_.Load(r) || !r->GetVector(&row_begin_) || !r->GetVector(&cls_) ||
      !r->GetVector(&w_))
    return false;
  num_classes_ = static_cast<int>(nc);
  // Validate every index so a damaged model cannot read out of bounds.
  if (row_begin_.empty() || row_begin_.back() != cls_.size() || cls_.size() != w_.size())
    return false;
  for (size_t i = 1; i < row_begin_.size(); ++i)
    if (row_begin_[i] < row_begin_[i - 1]) return false;
  for (uint16_t c : cls_)
    if (c >= num_classes_) return false;
  return index_.AllValuesBelow(static_cast<uint32_t>(row_begin_.size() - 1));
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

void PerceptronTrainer::Update(const uint64_t* feats, size_t n, int truth, int guess,
                               float delta) {
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
      m.cls_.push_back(e.cls);
      m.w_.push_back(avg);
    }
    if (m.cls_.size() == before) continue;
    m.index_.FindOrInsert(row_keys_[row], kept++);
    m.row_begin_.push_back(static_cast<uint32_t>(m.cls_.size()));
  }
  return m;
}

}  // namespace sitrep
