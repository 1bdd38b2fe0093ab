// Sparse multiclass linear models over hashed features: the averaged
// perceptron trainer and the frozen, compact model used at run time.
//
// A feature is a 64-bit key (a hash of a template id and its values; see
// core/hash.h). Each feature has a short list of (class, weight) entries:
// the perceptron only ever touches the gold and the predicted class, so rows
// are sparse and the frozen model stays small.
//
// Thread-safety: a LinearModel is immutable after Load/Freeze and may be
// shared by any number of threads. The trainer is single-threaded.
#pragma once

#include <cstdint>
#include <vector>

#include "core/model_file.h"

namespace sitrep {

// Open-addressing map from a nonzero 64-bit key to a 32-bit value.
class FeatureIndex {
 public:
  static constexpr uint32_t kMissing = 0xFFFFFFFFu;
  static constexpr uint64_t kZeroKey = 0x8000000000000001ULL;  // stands in for key 0
  uint32_t Find(uint64_t key) const {
    if (keys_.empty()) return kMissing;
    if (key == 0) key = kZeroKey;  // 0 marks an empty slot
    size_t mask = keys_.size() - 1;
    for (size_t i = Slot(key) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return vals_[i];
      if (keys_[i] == 0) return kMissing;
    }
  }
  // Returns the value for key, inserting `value` when absent.
  uint32_t FindOrInsert(uint64_t key, uint32_t value);
  size_t size() const { return size_; }
  void Reserve(size_t n);
  // An index whose values are 0..n-1 (each once), in a model payload: the
  // keys in value order; the table is rebuilt on load, which fails (false) on
  // truncated data or a duplicate key, and sets *n.
  void Save(size_t n, model::Writer* w) const;
  bool Load(model::Reader* r, size_t* n);
  // Calls f(key) for every stored key (key 0 as kZeroKey), in table order.
  template <class F>
  void ForEachKey(F f) const {
    for (uint64_t k : keys_)
      if (k != 0) f(k);
  }

 private:
  static size_t Slot(uint64_t key) {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20);
  }
  void Rehash(size_t capacity);
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> vals_;
  size_t size_ = 0;
};

// The frozen model. At most 256 classes.
//
// Run-time layout, built for few cache misses: an open-addressing table of
// 16-byte slots {key, first entry, end entry} and one array of 8-byte
// entries {weight, class}. Score() first prefetches every feature's home slot,
// then resolves the slots and prefetches their entries, then adds: the ~100
// random memory accesses of one parser state overlap instead of queueing.
class LinearModel {
 public:
  int num_classes() const { return num_classes_; }
  size_t num_features() const { return num_features_; }
  size_t num_weights() const { return entries_.size(); }

  // scores[c] += weight(f, c) for every feature f in feats[0, n).
  void Score(const uint64_t* feats, size_t n, float* scores) const;

  void Save(model::Writer* w) const;
  bool Load(model::Reader* r);

 private:
  friend class PerceptronTrainer;
  struct Slot {
    uint64_t key = 0;  // 0: empty (key 0 itself is stored as FeatureIndex::kZeroKey)
    uint32_t begin = 0;
    uint16_t count = 0;  // entries_[begin, begin + count)
    uint16_t dense = 0;  // 0, or 1 + the row's index in dense_
  };
  struct Entry {
    float w;
    uint32_t cls;
  };
  static uint64_t StoredKey(uint64_t key) { return key == 0 ? FeatureIndex::kZeroKey : key; }
  size_t Home(uint64_t stored) const {
    return static_cast<size_t>((stored * 0x9E3779B97F4A7C15ULL) >> 20) & (slots_.size() - 1);
  }
  const Slot* FindSlot(uint64_t key) const {
    if (slots_.empty()) return nullptr;
    uint64_t stored = StoredKey(key);
    size_t mask = slots_.size() - 1;
    for (size_t i = Home(stored);; i = (i + 1) & mask) {
      if (slots_[i].key == stored) return &slots_[i];
      if (slots_[i].key == 0) return nullptr;
    }
  }
  // Starts an empty table with room for n features; Add() rows in order.
  void Reset(int num_classes, size_t n);
  bool AddRow(uint64_t key, uint32_t begin, uint32_t end);
  // Copies rows with many entries (frequent features such as "s0 is a noun")
  // into dense_, where adding them is a vector loop instead of a scatter.
  void Densify();

  int num_classes_ = 0;
  size_t num_features_ = 0;
  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  size_t dense_stride_ = 0;  // num_classes rounded up to a multiple of 8
  std::vector<float> dense_;
};

// Averaged perceptron with lazy averaging (each weight keeps its running
// total and the step it was last changed at).
class PerceptronTrainer {
 public:
  explicit PerceptronTrainer(int num_classes) : num_classes_(num_classes) {}
  int num_classes() const { return num_classes_; }

  // Current (not averaged) weights.
  void Score(const uint64_t* feats, size_t n, float* scores) const;
  // Moves weight `delta` toward `truth` and away from `guess` for each
  // feature (no-op when truth == guess).
  void Update(const uint64_t* feats, size_t n, int truth, int guess, float delta = 1.0f);
  // Adds `delta` to class c for each feature (used by structured updates).
  void Add(const uint64_t* feats, size_t n, int c, float delta);
  // One training example done.
  void Tick() { ++now_; }
  size_t num_features() const { return index_.size(); }

  // The averaged model; averaged weights with |w| < prune are dropped.
  LinearModel Freeze(float prune = 1e-3f) const;

 private:
  struct Entry {
    uint16_t cls;
    float w;
    double total;
    uint64_t ts;
  };
  int num_classes_;
  FeatureIndex index_;
  std::vector<std::vector<Entry>> rows_;
  std::vector<uint64_t> row_keys_;
  uint64_t now_ = 1;
};

}  // namespace sitrep
