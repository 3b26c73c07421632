// Small dense images (<= 30x30 cells, colors 0..9, row-major) and the operations on them.
// Every operation here has its twin in synth/dsl.py, the reference; tests/test_core_differential.py
// requires byte-identical results. An operation that "does not apply" (dsl.py raises ValueError)
// returns std::nullopt.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace core {

constexpr int MAX_SIDE = 30;

struct Img {
    int h = 0, w = 0;
    std::vector<uint8_t> p;  // h * w cells, row-major
    Img() = default;
    Img(int h_, int w_, uint8_t fill = 0) : h(h_), w(w_), p(static_cast<size_t>(h_) * w_, fill) {}
    uint8_t at(int y, int x) const { return p[static_cast<size_t>(y) * w + x]; }
    uint8_t& at(int y, int x) { return p[static_cast<size_t>(y) * w + x]; }
    bool operator==(const Img& o) const { return h == o.h && w == o.w && p == o.p; }
    bool operator!=(const Img& o) const { return !(*this == o); }
};

using OptImg = std::optional<Img>;

// One connected object: its color (-1 for multicolor objects) and its cells sorted row-major.
struct Object {
    int color;
    std::vector<std::pair<int, int>> cells;
};

// ---- helpers (twins of dsl.py helpers)
int resolve_color(const Img& g, int color);  // 10 = 'most', 11 = 'least'; -1 on tie / no colors
int most_common_color(const Img& g);
std::vector<Object> components(const Img& g, int conn, bool multicolor, int bg);
const std::vector<Object>& components_cached(const Img& g, int conn, bool multicolor);  // bg 0, memoised
void clear_component_cache();
std::vector<std::pair<int, int>> shape_key(const Object& o);  // dsl.object_shape_key without colors
Img rot90(const Img& g, int k);
std::optional<Img> dihedral(const Img& g, int name);  // 0 id 1 lr 2 ud 3 r180 4 t 5 at 6 r90 7 r270

// ---- the operation table
// An operation is a code and integer arguments (see synth/compiled.py for the encoding of dsl.py steps).
struct Op {
    int code = 0;
    std::vector<int> args;
};

std::vector<std::string> op_names();
int op_code(const std::string& name);  // -1 when unknown
OptImg apply(const Op& op, const Img& g, const Img& original);

// object selection (objects.cpp)
const Object* select_object(const Img& g, int conn, bool multicolor, int selector);  // null: none / tie
int count_feature(const Img& g, const std::vector<int>& feature);  // (kind, a, b, c): see dsl.count_feature
std::vector<int> count_places(int rows, int cols, int n, int layout);  // see dsl.count_places; empty: no fit

}  // namespace core
