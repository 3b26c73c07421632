// Connected objects and object selection: twins of dsl.components, dsl.select_object, dsl.count_feature.
#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include "image.hpp"

namespace core {

std::vector<Object> components(const Img& g, int conn, bool multicolor, int bg) {
    // label the cells by flood fill (objects numbered in row-major order of their first cell), then collect
    // each object's cells in one row-major pass: sorted as dsl.components sorts them, each vector sized once
    static const int steps8[8][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
    const int nsteps = conn == 4 ? 4 : 8;
    const int n = g.h * g.w;
    std::vector<int> label(n, -1), stack, sizes;
    stack.reserve(n);
    for (int q0 = 0; q0 < n; ++q0) {
        if (label[q0] >= 0 || g.p[q0] == bg) continue;
        const int id = static_cast<int>(sizes.size());
        const int color = g.p[q0];
        int size = 0;
        label[q0] = id;
        stack.assign(1, q0);
        while (!stack.empty()) {
            const int q = stack.back();
            stack.pop_back();
            ++size;
            const int y = q / g.w, x = q % g.w;
            for (int s = 0; s < nsteps; ++s) {
                const int ny = y + steps8[s][0], nx = x + steps8[s][1];
                if (ny < 0 || ny >= g.h || nx < 0 || nx >= g.w) continue;
                const int nq = ny * g.w + nx;
                if (label[nq] >= 0) continue;
                const int v = g.p[nq];
                if (v != bg && (multicolor || v == color)) {
                    label[nq] = id;
                    stack.push_back(nq);
                }
            }
        }
        sizes.push_back(size);
    }
    std::vector<Object> objects(sizes.size());
    for (size_t i = 0; i < sizes.size(); ++i) objects[i].cells.reserve(sizes[i]);
    for (int q = 0; q < n; ++q) {
        if (label[q] < 0) continue;
        Object& o = objects[label[q]];
        if (o.cells.empty()) o.color = multicolor ? -1 : g.p[q];
        o.cells.push_back({q / g.w, q % g.w});
    }
    return objects;
}

namespace {
struct CacheKey {
    std::string bytes;
    bool operator==(const CacheKey& o) const { return bytes == o.bytes; }
};
struct CacheHash {
    size_t operator()(const CacheKey& k) const { return std::hash<std::string>()(k.bytes); }
};
std::unordered_map<CacheKey, std::vector<Object>, CacheHash>& component_cache() {
    static std::unordered_map<CacheKey, std::vector<Object>, CacheHash> cache;
    return cache;
}
}  // namespace

namespace {
// the last few images asked about: the search asks about the same few images many times in a row
struct RecentEntry {
    Img img;
    int conn = 0;
    bool multicolor = false;
    const std::vector<Object>* objects = nullptr;
};
constexpr int RECENT = 16;
std::array<RecentEntry, RECENT>& recent() {
    static std::array<RecentEntry, RECENT> entries;
    return entries;
}
int& recent_next() {
    static int next = 0;
    return next;
}
}  // namespace

const std::vector<Object>& components_cached_slow(const Img& g, int conn, bool multicolor);

void clear_component_cache() {
    for (auto& e : recent()) e.objects = nullptr;
    component_cache().clear();
}

const std::vector<Object>& components_cached(const Img& g, int conn, bool multicolor) {
    for (auto& e : recent())
        if (e.objects && e.conn == conn && e.multicolor == multicolor && e.img == g) return *e.objects;
    const std::vector<Object>& objects = components_cached_slow(g, conn, multicolor);
    RecentEntry& slot = recent()[recent_next()];
    recent_next() = (recent_next() + 1) % RECENT;
    slot.img = g;
    slot.conn = conn;
    slot.multicolor = multicolor;
    slot.objects = &objects;
    return objects;
}

const std::vector<Object>& components_cached_slow(const Img& g, int conn, bool multicolor) {
    auto& cache = component_cache();
    CacheKey key;
    key.bytes.reserve(g.p.size() + 4);
    key.bytes.push_back(static_cast<char>(g.h));
    key.bytes.push_back(static_cast<char>(g.w));
    key.bytes.push_back(static_cast<char>(conn));
    key.bytes.push_back(static_cast<char>(multicolor));
    key.bytes.append(reinterpret_cast<const char*>(g.p.data()), g.p.size());
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    if (cache.size() > 20000) {
        for (auto& e : recent()) e.objects = nullptr;  // they point into the cache
        cache.clear();
    }
    return cache.emplace(std::move(key), components(g, conn, multicolor, 0)).first->second;
}

namespace {

struct Box {
    int top, left, bottom, right;
};

Box bbox(const Object& o) {
    int lo = o.cells[0].second, hi = lo;
    for (auto& c : o.cells) {
        lo = std::min(lo, c.second);
        hi = std::max(hi, c.second);
    }
    return {o.cells.front().first, lo, o.cells.back().first, hi};
}

int count_holes(const Object& o, const Box& b) {
    const int h = b.bottom - b.top + 1, w = b.right - b.left + 1;
    std::vector<uint8_t> filled(h * w, 0), seen(h * w, 0);
    for (auto& [y, x] : o.cells) filled[(y - b.top) * w + (x - b.left)] = 1;
    int holes = 0;
    std::vector<std::pair<int, int>> stack;
    for (int r = 0; r < h; ++r)
        for (int c = 0; c < w; ++c) {
            if (filled[r * w + c] || seen[r * w + c]) continue;
            seen[r * w + c] = 1;
            stack.assign(1, {r, c});
            bool edge = false;
            while (!stack.empty()) {
                auto [y, x] = stack.back();
                stack.pop_back();
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1) edge = true;
                const int nb[4][2] = {{y + 1, x}, {y - 1, x}, {y, x + 1}, {y, x - 1}};
                for (auto& n : nb) {
                    const int ny = n[0], nx = n[1];
                    if (ny >= 0 && ny < h && nx >= 0 && nx < w && !filled[ny * w + nx] && !seen[ny * w + nx]) {
                        seen[ny * w + nx] = 1;
                        stack.push_back({ny, nx});
                    }
                }
            }
            if (!edge) ++holes;
        }
    return holes;
}

int object_color(const Img& g, const Object& o) { return o.color < 0 ? g.at(o.cells[0].first, o.cells[0].second) : o.color; }

int n_colors(const Img& g, const Object& o) {
    int mask = 0;
    for (auto& [y, x] : o.cells) mask |= 1 << g.at(y, x);
    return __builtin_popcount(mask);
}

}  // namespace

std::vector<std::pair<int, int>> shape_key(const Object& o) {
    const Box b = bbox(o);
    std::vector<std::pair<int, int>> key;
    key.reserve(o.cells.size());
    for (auto& [y, x] : o.cells) key.push_back({y - b.top, x - b.left});
    return key;  // already sorted: the cells are sorted and the offset is the same for all
}

// dsl.object_property 'symmetric': the object's box (cells outside the object -1) equals its lr or its ud mirror
int is_symmetric(const Img& g, const Object& o, const Box& b) {
    const int h = b.bottom - b.top + 1, w = b.right - b.left + 1;
    std::vector<int> box(static_cast<size_t>(h) * w, -1);
    for (auto& [y, x] : o.cells) box[(y - b.top) * w + (x - b.left)] = g.at(y, x);
    bool lr = true, ud = true;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            lr = lr && box[y * w + x] == box[y * w + (w - 1 - x)];
            ud = ud && box[y * w + x] == box[(h - 1 - y) * w + x];
        }
    return lr || ud;
}

// selectors: 0 largest 1 smallest 2 largest_box 3 smallest_box 4 most_colors 5 unique_color 6 unique_shape
// 7 topmost 8 bottommost 9 leftmost 10 rightmost 11 most_holes 12 symmetric
const Object* select_object(const Img& g, int conn, bool multicolor, int selector) {
    const auto& objects = components_cached(g, conn, multicolor);
    if (objects.empty()) return nullptr;
    const size_t n = objects.size();
    if (selector == 5 || selector == 6) {
        std::vector<int> picked;
        if (selector == 5) {
            std::map<int, int> counts;
            std::vector<int> values(n);
            for (size_t i = 0; i < n; ++i) counts[values[i] = object_color(g, objects[i])]++;
            for (size_t i = 0; i < n; ++i)
                if (counts[values[i]] == 1) picked.push_back(static_cast<int>(i));
        } else {
            std::map<std::vector<std::pair<int, int>>, int> counts;
            std::vector<std::vector<std::pair<int, int>>> values(n);
            for (size_t i = 0; i < n; ++i) counts[values[i] = shape_key(objects[i])]++;
            for (size_t i = 0; i < n; ++i)
                if (counts[values[i]] == 1) picked.push_back(static_cast<int>(i));
        }
        if (picked.size() != 1 || n < 3) return nullptr;
        return &objects[picked[0]];
    }
    std::vector<long> values(n);
    for (size_t i = 0; i < n; ++i) {
        const Object& o = objects[i];
        const Box b = bbox(o);
        long v = 0;
        switch (selector) {
            case 0: v = static_cast<long>(o.cells.size()); break;
            case 1: v = -static_cast<long>(o.cells.size()); break;
            case 2: v = static_cast<long>(b.bottom - b.top + 1) * (b.right - b.left + 1); break;
            case 3: v = -static_cast<long>(b.bottom - b.top + 1) * (b.right - b.left + 1); break;
            case 4: v = n_colors(g, o); break;
            case 7: v = -b.top; break;
            case 8: v = b.bottom; break;
            case 9: v = -b.left; break;
            case 10: v = b.right; break;
            case 11: v = count_holes(o, b); break;
            case 12: v = is_symmetric(g, o, b); break;
            default: return nullptr;
        }
        values[i] = v;
    }
    const long best = *std::max_element(values.begin(), values.end());
    int picked = -1, count = 0;
    for (size_t i = 0; i < n; ++i)
        if (values[i] == best) {
            picked = static_cast<int>(i);
            ++count;
        }
    if (count != 1) return nullptr;
    return &objects[picked];
}

// feature: (0, c) cells of color c (-1: non-0 cells); (1) distinct non-0 colors; (2, conn, c, min_size)
// single-color objects
int count_feature(const Img& g, const std::vector<int>& f) {
    if (f[0] == 0) {
        int n = 0;
        for (uint8_t v : g.p) n += f[1] == -1 ? v != 0 : v == f[1];
        return n;
    }
    if (f[0] == 1) {
        int mask = 0;
        for (uint8_t v : g.p) mask |= 1 << v;
        return __builtin_popcount(mask & ~1);
    }
    int n = 0;
    for (const Object& o : components_cached(g, f[1], false))
        if ((f[2] == -1 || o.color == f[2]) && static_cast<int>(o.cells.size()) >= f[3]) ++n;
    return n;
}

// dsl.count_places: the flat indexes of the n cells; empty when they do not fit
std::vector<int> count_places(int rows, int cols, int n, int layout) {
    std::vector<int> places;
    if (layout == 2) {
        if (n > std::min(rows, cols)) return places;
        for (int q = 0; q < n; ++q) places.push_back(q * (cols + 1));
        return places;
    }
    const int stride = layout == 1 ? 2 : 1;
    if (stride * (n - 1) >= rows * cols) return places;
    for (int q = 0; q < n; ++q) places.push_back(stride * q);
    return places;
}

}  // namespace core
