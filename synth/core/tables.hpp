// Open-addressing hash tables of the search (no allocation per entry: a big search frees in milliseconds).
#pragma once

#include <cstdint>
#include <vector>

namespace core {

inline uint64_t mix64(uint64_t x) {  // splitmix64 finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

inline uint64_t hash_bytes(const void* data, size_t n, uint64_t seed) {
    const auto* p = static_cast<const uint8_t*>(data);
    uint64_t h = mix64(seed ^ n);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w = 0;
        for (int b = 0; b < 8; ++b) w |= static_cast<uint64_t>(p[i + b]) << (8 * b);
        h = mix64(h ^ w);
    }
    uint64_t tail = 0;
    for (int b = 0; i < n; ++i, ++b) tail |= static_cast<uint64_t>(p[i]) << (8 * b);
    return mix64(h ^ tail);
}

// uint64 key -> int32 value; the key ~0 is reserved (empty slot)
class MemoTable {
  public:
    static constexpr uint64_t EMPTY = ~0ULL;
    MemoTable() { reset(1 << 16); }
    void reset(size_t capacity) {
        keys_.assign(capacity, EMPTY);
        values_.assign(capacity, 0);
        count_ = 0;
    }
    const int32_t* find(uint64_t key) const {
        for (size_t h = mix64(key) & (keys_.size() - 1);; h = (h + 1) & (keys_.size() - 1)) {
            if (keys_[h] == key) return &values_[h];
            if (keys_[h] == EMPTY) return nullptr;
        }
    }
    void insert(uint64_t key, int32_t value) {  // the key must be absent
        if (2 * (count_ + 1) > keys_.size()) grow();
        size_t h = mix64(key) & (keys_.size() - 1);
        while (keys_[h] != EMPTY) h = (h + 1) & (keys_.size() - 1);
        keys_[h] = key;
        values_[h] = value;
        ++count_;
    }
    size_t bytes() const { return keys_.size() * (sizeof(uint64_t) + sizeof(int32_t)); }

  private:
    void grow() {
        std::vector<uint64_t> keys;
        std::vector<int32_t> values;
        keys.swap(keys_);
        values.swap(values_);
        reset(keys.size() * 2);
        for (size_t i = 0; i < keys.size(); ++i)
            if (keys[i] != EMPTY) insert(keys[i], values[i]);
    }
    std::vector<uint64_t> keys_;
    std::vector<int32_t> values_;
    size_t count_ = 0;
};

// a set of ids (>= 0) whose content lives elsewhere: the caller gives each id's hash and an equality test
class IdTable {
  public:
    IdTable() { reset(1 << 14); }
    void reset(size_t capacity) {
        ids_.assign(capacity, -1);
        hashes_.assign(capacity, 0);
        count_ = 0;
    }
    // the id equal to the candidate (same hash and equal(id) true), or -1 after inserting `candidate`
    template <class Equal>
    int find_or_insert(uint64_t hash, int candidate, Equal equal) {
        if (2 * (count_ + 1) > ids_.size()) grow();
        size_t h = hash & (ids_.size() - 1);
        for (; ids_[h] >= 0; h = (h + 1) & (ids_.size() - 1))
            if (hashes_[h] == hash && equal(ids_[h])) return ids_[h];
        ids_[h] = candidate;
        hashes_[h] = hash;
        ++count_;
        return -1;
    }
    size_t bytes() const { return ids_.size() * (sizeof(int32_t) + sizeof(uint64_t)); }

  private:
    void grow() {
        std::vector<int32_t> ids;
        std::vector<uint64_t> hashes;
        ids.swap(ids_);
        hashes.swap(hashes_);
        reset(ids.size() * 2);
        for (size_t i = 0; i < ids.size(); ++i) {
            if (ids[i] < 0) continue;
            size_t h = hashes[i] & (ids_.size() - 1);
            while (ids_[h] >= 0) h = (h + 1) & (ids_.size() - 1);
            ids_[h] = ids[i];
            hashes_[h] = hashes[i];
            ++count_;
        }
    }
    std::vector<int32_t> ids_;
    std::vector<uint64_t> hashes_;
    size_t count_ = 0;
};

}  // namespace core
