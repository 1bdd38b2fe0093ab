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

void FeatureIndex::Save(size_t n, model::Writer* w) const {
  std::vector<uint64_t> keys(n, 0);
  for (size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] != 0 && vals_[i] < n) keys[vals_[i]] = keys_[i];
  w->PutVector(keys);
}

bool FeatureIndex::Load(model::Reader* r, size_t* n) {
  std::vector<uint64_t> keys;
  if (!r->GetVector(&keys)) return false;
  *this = FeatureIndex();
  Reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i)
    if (FindOrInsert(keys[i], static_cast<uint32_t>(i)) != i) return false;
  *n = keys.size();
  return true;
}

void LinearModel::Reset(int num_classes, size_t n) {
  num_classes_ = num_classes;
  num_features_ = 0;
  // Load factor up to 0.75: a smaller table keeps more of it in cache, which
  // matters more than the slightly longer probe runs (4 slots per cache line).
  size_t cap = 16;
  while (cap * 3 < n * 4) cap *= 2;
  slots_.assign(cap, Slot());
  entries_.clear();
}

bool LinearModel::AddRow(uint64_t key, uint32_t begin, uint32_t end) {
  uint64_t stored = StoredKey(key);
  size_t mask = slots_.size() - 1;
  for (size_t i = Home(stored);; i = (i + 1) & mask) {
    if (slots_[i].key == stored) return false;  // duplicate feature
    if (slots_[i].key == 0) {
      slots_[i] = Slot{stored, begin, static_cast<uint16_t>(end - begin), 0};
      ++num_features_;
      return true;
    }
  }
}

void LinearModel::Densify() {
  const size_t min_entries = std::max<size_t>(16, static_cast<size_t>(num_classes_) / 3);
  dense_stride_ = (static_cast<size_t>(num_classes_) + 7) / 8 * 8;
  dense_.clear();
  size_t rows = 0;
  for (Slot& s : slots_) {
    s.dense = 0;
    if (s.key == 0 || s.count < min_entries || rows >= 0xFFFE) continue;
    s.dense = static_cast<uint16_t>(++rows);
    dense_.resize(rows * dense_stride_, 0.0f);
    float* row = dense_.data() + (rows - 1) * dense_stride_;
    for (uint32_t e = s.begin; e < s.begin + s.count; ++e) row[entries_[e].cls] += entries_[e].w;
  }
}

// Dense rows are summed in blocks of 8 floats, which the compiler turns into
// vector adds; the AVX2 clone is picked at load time where the CPU has it.
__attribute__((target_clones("avx2", "default"))) void LinearModel::Score(const uint64_t* feats,
                                                                          size_t n,
                                                                          float* scores) const {
  if (slots_.empty()) return;
  constexpr size_t kChunk = 128;
  const Slot* found[kChunk];
  alignas(32) float acc[264];
  const size_t stride = dense_stride_;
  bool any_dense = false;
  for (size_t base = 0; base < n; base += kChunk) {
    size_t m = std::min(kChunk, n - base);
    for (size_t k = 0; k < m; ++k) __builtin_prefetch(&slots_[Home(StoredKey(feats[base + k]))]);
    size_t hits = 0;
    for (size_t k = 0; k < m; ++k) {
      const Slot* s = FindSlot(feats[base + k]);
      if (!s) continue;
      if (s->dense)
        __builtin_prefetch(&dense_[(s->dense - 1u) * stride]);
      else
        __builtin_prefetch(&entries_[s->begin]);
      found[hits++] = s;
    }
    for (size_t h = 0; h < hits; ++h) {
      const Slot* s = found[h];
      if (s->dense) {
        if (!any_dense) {
          std::fill(acc, acc + stride, 0.0f);
          any_dense = true;
        }
        const float* row = &dense_[(s->dense - 1u) * stride];
        for (size_t b = 0; b < stride; b += 8)
          for (size_t j = 0; j < 8; ++j) acc[b + j] += row[b + j];
      } else {
        for (uint32_t e = s->begin, end = s->begin + s->count; e < end; ++e)
          scores[entries_[e].cls] += entries_[e].w;
      }
    }
  }
  if (any_dense)
    for (int c = 0; c < num_classes_; ++c) scores[c] += acc[c];
}

// On disk a model is compact: the feature keys in row order (the hash table
// is rebuilt on load), one entry count per row, one class byte per entry and
// weights quantized to 16 bits with one scale for the whole model.
void LinearModel::Save(model::Writer* w) const {
  std::vector<const Slot*> rows;
  rows.reserve(num_features_);
  for (const Slot& s : slots_)
    if (s.key != 0) rows.push_back(&s);
  std::sort(rows.begin(), rows.end(),
            [](const Slot* a, const Slot* b) { return a->begin < b->begin; });
  std::vector<uint64_t> keys(rows.size());
  std::vector<uint8_t> counts(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    keys[r] = rows[r]->key;
    counts[r] = static_cast<uint8_t>(rows[r]->count - 1);
  }
  w->PutU32(static_cast<uint32_t>(num_classes_));
  w->PutVector(keys);
  w->PutVector(counts);
  std::vector<uint8_t> cls(entries_.size());
  float max_abs = 0;
  for (size_t i = 0; i < entries_.size(); ++i) {
    cls[i] = static_cast<uint8_t>(entries_[i].cls);
    max_abs = std::max(max_abs, std::fabs(entries_[i].w));
  }
  w->PutVector(cls);
  float scale = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  w->PutF32(scale);
  std::vector<int16_t> q(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i)
    q[i] = static_cast<int16_t>(std::lround(entries_[i].w / scale));
  w->PutVector(q);
}

bool LinearModel::Load(model::Reader* r) {
  uint32_t nc;
  std::vector<uint64_t> keys;
  std::vector<uint8_t> counts, cls;
  std::vector<int16_t> q;
  float scale;
  if (!r->GetU32(&nc) || !r->GetVector(&keys) || !r->GetVector(&counts) || !r->GetVector(&cls) ||
      !r->GetF32(&scale) || !r->GetVector(&q))
    return false;
  // Validate every index so a damaged model cannot read out of bounds.
  if (nc == 0 || nc > 256 || keys.size() != counts.size() || cls.size() != q.size() ||
      !std::isfinite(scale))
    return false;
  size_t total = 0;
  for (uint8_t c : counts) total += size_t{c} + 1;  // rows are never empty: stored minus one
  if (total != cls.size()) return false;
  for (uint8_t c : cls)
    if (c >= nc) return false;
  Reset(static_cast<int>(nc), keys.size());
  entries_.resize(cls.size());
  for (size_t i = 0; i < cls.size(); ++i)
    entries_[i] = Entry{static_cast<float>(q[i]) * scale, cls[i]};
  uint32_t begin = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    uint32_t end = begin + counts[i] + 1u;
    if (!AddRow(keys[i], begin, end)) return false;
    begin = end;
  }
  Densify();
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
  std::vector<LinearModel::Entry> entries;
  std::vector<LinearModel::Slot> rows;
  for (uint32_t row = 0; row < rows_.size(); ++row) {
    auto begin = static_cast<uint32_t>(entries.size());
    for (const Entry& e : rows_[row]) {
      double total = e.total + static_cast<double>(now_ - e.ts) * e.w;
      auto avg = static_cast<float>(total / static_cast<double>(now_));
      if (std::fabs(avg) < prune) continue;
      entries.push_back(LinearModel::Entry{avg, e.cls});
    }
    auto end = static_cast<uint32_t>(entries.size());
    if (end > begin)
      rows.push_back(
          LinearModel::Slot{row_keys_[row], begin, static_cast<uint16_t>(end - begin), 0});
  }
  LinearModel m;
  m.Reset(num_classes_, rows.size());  // sized for the features kept, not all seen
  m.entries_ = std::move(entries);
  for (const auto& r : rows) m.AddRow(r.key, r.begin, r.begin + r.count);
  m.Densify();
  return m;
}

}  // namespace sitrep
