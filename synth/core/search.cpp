// The compiled search: states are tuples of interned images, deduplicated by content; the images an
// operation makes of an image are memoised; cheap final-step fitters (twins of synth/search.py's
// fit_color_map, fit_tile, fit_upscale, fit_downscale, fit_cellwise_with_input, fit_count_bar) run on
// every new state. A deadline and a memory cap stop the expansion; what was found is kept. The flags that tell
// the Python-side fitters where they may fit are computed on demand (Search::flags / flagged), after the
// enumeration and only for the states those fitters visit.
#include "search.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <cstdio>
#include <optional>

#include <unistd.h>

namespace core {

namespace {

int color_mask(const Img& g) {
    int m = 0;
    for (uint8_t v : g.p) m |= 1 << v;
    return m;
}

int step_cost_recolor(int changes) { return 1 + changes / 2; }

constexpr long IMAGE_OVERHEAD = 160;  // Img + key string + hash node, bytes
constexpr long STATE_OVERHEAD = 160;  // State + key string + hash node
constexpr long MEMO_ENTRY = 48;

using Imgs = std::vector<const Img*>;

// ---- cheap fitters: each returns the step, or nothing

std::optional<Op> fit_color_map(const Imgs& demo, const Imgs& outs, const Imgs& demo_roots, int& cost) {
    std::array<int, 10> mapping;
    mapping.fill(-1);
    std::vector<std::array<int, 10>> per_demo;
    bool consistent = true;
    for (size_t i = 0; i < demo.size(); ++i) {
        const Img& s = *demo[i];
        const Img& o = *outs[i];
        if (s.h != o.h || s.w != o.w) return std::nullopt;
        std::array<int, 10> local;
        local.fill(-1);
        for (size_t q = 0; q < s.p.size(); ++q) {
            const int a = s.p[q], b = o.p[q];
            if (local[a] < 0) local[a] = b;
            else if (local[a] != b) return std::nullopt;
        }
        for (int a = 0; a < 10 && consistent; ++a) {
            if (local[a] < 0) continue;
            if (mapping[a] < 0) mapping[a] = local[a];
            else if (mapping[a] != local[a]) consistent = false;
        }
        per_demo.push_back(local);
    }
    if (consistent) {
        int changes = 0;
        std::vector<int> table(10);
        for (int c = 0; c < 10; ++c) {
            table[c] = mapping[c] >= 0 ? mapping[c] : c;
            changes += mapping[c] >= 0 && mapping[c] != c;
        }
        if (changes == 0) {
            cost = 0;
            return Op{49, {}};  // identity
        }
        cost = step_cost_recolor(changes);
        return Op{12, table};
    }
    // role map: targets may be the most / least common non-0 color of each demo's input
    std::vector<int> table(10);
    int changes = 0;
    bool any_role = false;
    for (int src = 0; src < 10; ++src) {
        table[src] = src;
        std::vector<int> options;
        bool first = true;
        bool present = false;
        for (size_t i = 0; i < per_demo.size(); ++i) {
            const int dst = per_demo[i][src];
            if (dst < 0) continue;
            present = true;
            std::vector<int> fits{dst};
            for (int role : {10, 11})
                if (resolve_color(*demo_roots[i], role) == dst) fits.push_back(role);
            if (first) {
                options = fits;
                first = false;
            } else {
                std::vector<int> kept;
                for (int f : options)
                    if (std::find(fits.begin(), fits.end(), f) != fits.end()) kept.push_back(f);
                options = kept;
            }
        }
        if (!present) continue;
        if (options.empty()) return std::nullopt;
        table[src] = options[0];
        if (options[0] != src) {
            ++changes;
            any_role = any_role || options[0] >= 10;
        }
    }
    if (!any_role) return std::nullopt;
    cost = step_cost_recolor(changes);
    return Op{47, table};
}

bool common_ratio(const Imgs& bigs, const Imgs& smalls, int& fy, int& fx) {
    fy = fx = -1;
    for (size_t i = 0; i < bigs.size(); ++i) {
        const Img& b = *bigs[i];
        const Img& s = *smalls[i];
        if (b.h % s.h || b.w % s.w) return false;
        const int y = b.h / s.h, x = b.w / s.w;
        if (fy < 0) fy = y, fx = x;
        else if (fy != y || fx != x) return false;
    }
    return fy > 0 && !(fy == 1 && fx == 1);
}

std::optional<Op> fit_tile(const Imgs& demo, const Imgs& outs, int& cost) {
    int fy, fx;
    if (!common_ratio(outs, demo, fy, fx) || fy * fx > 64) return std::nullopt;
    std::vector<int> args{fy, fx};
    int non_id = 0;
    for (int ty = 0; ty < fy; ++ty)
        for (int tx = 0; tx < fx; ++tx) {
            int found = -1;
            for (int name = 0; name < 8 && found < 0; ++name) {
                bool ok = true;
                for (size_t i = 0; i < demo.size() && ok; ++i) {
                    const Img& s = *demo[i];
                    const Img& o = *outs[i];
                    auto image = dihedral(s, name);
                    if (image->h != s.h || image->w != s.w) { ok = false; break; }
                    for (int y = 0; y < s.h && ok; ++y)
                        for (int x = 0; x < s.w; ++x)
                            if (image->at(y, x) != o.at(ty * s.h + y, tx * s.w + x)) { ok = false; break; }
                }
                if (ok) found = name;
            }
            if (found < 0) return std::nullopt;
            args.push_back(found);
            non_id += found != 0;
        }
    cost = 1 + non_id / 2;
    return Op{37, args};
}

std::optional<Op> fit_upscale(const Imgs& demo, const Imgs& outs, int& cost) {
    int fy, fx;
    if (!common_ratio(outs, demo, fy, fx)) return std::nullopt;
    cost = 1;
    return Op{34, {fy, fx}};
}

std::optional<Op> fit_downscale(const Imgs& demo, const Imgs& outs, int& cost) {
    int fy, fx;
    if (!common_ratio(demo, outs, fy, fx)) return std::nullopt;
    for (int mode : {0, 1}) {
        Op step{35, {fy, fx, mode}};
        bool ok = true;
        for (size_t i = 0; i < demo.size() && ok; ++i) {
            auto out = apply(step, *demo[i], *demo[i]);
            ok = out && *out == *outs[i];
        }
        if (ok) {
            cost = 1;
            return step;
        }
    }
    return std::nullopt;
}

std::optional<Op> fit_cellwise_with_input(const Imgs& demo, const Imgs& outs, const Imgs& tests,
                                          const Imgs& demo_roots, const Imgs& test_roots, int& cost) {
    for (size_t i = 0; i < demo.size(); ++i) {
        const Img& s = *demo[i];
        if (s.h != outs[i]->h || s.w != outs[i]->w || s.h != demo_roots[i]->h || s.w != demo_roots[i]->w)
            return std::nullopt;
    }
    for (size_t i = 0; i < demo.size(); ++i)
        if (*demo[i] == *demo_roots[i]) return std::nullopt;
    std::vector<int> table(100, -1);
    for (size_t i = 0; i < demo.size(); ++i) {
        const Img& s = *demo[i];
        for (size_t q = 0; q < s.p.size(); ++q) {
            const int k = demo_roots[i]->p[q] * 10 + s.p[q], c = outs[i]->p[q];
            if (table[k] < 0) table[k] = c;
            else if (table[k] != c) return std::nullopt;
        }
    }
    for (size_t i = 0; i < tests.size(); ++i) {
        const Img& t = *tests[i];
        const Img& r = *test_roots[i];
        if (t.h != r.h || t.w != r.w) return std::nullopt;
        for (size_t q = 0; q < t.p.size(); ++q)
            if (table[r.p[q] * 10 + t.p[q]] < 0) return std::nullopt;
    }
    int changes = 0;
    for (int k = 0; k < 100; ++k) {
        if (table[k] >= 0 && table[k] == k % 10) table[k] = -1;  // unchanged cells are not in the step
        changes += table[k] >= 0;
    }
    if (!changes) return std::nullopt;
    cost = 1;
    return Op{48, table};
}

std::optional<Op> fit_count_bar(const Imgs& demo, const Imgs& outs, const Imgs& tests, int& cost) {
    std::vector<int> out_colors;  // each output's one non-0 color
    for (auto* o : outs) {
        const int mask = color_mask(*o) & ~1;
        if (__builtin_popcount(mask) != 1) return std::nullopt;
        out_colors.push_back(__builtin_ctz(mask));
    }
    int color = out_colors[0];
    for (size_t i = 0; i < outs.size(); ++i)
        if (out_colors[i] != out_colors[0]) color = 10;  // then each demo's own most common non-0 color
    if (color == 10) {
        for (size_t i = 0; i < demo.size(); ++i)
            if (resolve_color(*demo[i], 10) != out_colors[i]) return std::nullopt;
        for (auto* t : tests)
            if (resolve_color(*t, 10) < 0) return std::nullopt;
    }
    std::vector<int> counts;
    bool distinct = false;
    for (auto* o : outs) {
        int n = 0;
        for (uint8_t v : o->p) n += v != 0;
        if (n == 0) return std::nullopt;
        counts.push_back(n);
        distinct = distinct || n != counts[0];
    }
    if (!distinct) return std::nullopt;  // a count seen at one value only is a guess (as in search.fit_count_bar)
    bool one_shape = true;
    for (auto* o : outs) one_shape = one_shape && o->h == outs[0]->h && o->w == outs[0]->w;
    std::vector<std::pair<int, int>> sizes;
    if (one_shape) sizes.push_back({outs[0]->h, outs[0]->w});
    for (auto [h, w] : {std::pair{1, -1}, std::pair{-1, 1}, std::pair{-1, -1}}) {
        bool fits = true;
        for (size_t i = 0; i < outs.size(); ++i)
            fits = fits && outs[i]->h == (h == -1 ? counts[i] : 1) && outs[i]->w == (w == -1 ? counts[i] : 1);
        if (fits) sizes.push_back({h, w});
    }
    int demo_colors = 0;
    for (auto* s : demo) demo_colors |= color_mask(*s);
    std::vector<int> colors;
    for (int c = 1; c < 10; ++c)
        if (demo_colors >> c & 1) colors.push_back(c);
    std::vector<std::vector<int>> features;
    for (int k : {1, 2})
        for (int conn : {4, 8}) {
            features.push_back({2, conn, -1, k});
            for (int c : colors) features.push_back({2, conn, c, k});
        }
    for (int c : colors) features.push_back({0, c, 0, 0});
    features.push_back({0, -1, 0, 0});
    features.push_back({1, 0, 0, 0});
    for (auto [h, w] : sizes)
        for (int layout = 0; layout < 3; ++layout) {
            bool drawn = true;  // each output is its own count drawn in this size and layout
            for (size_t i = 0; i < outs.size() && drawn; ++i) {
                const int n = counts[i], rows = h == -1 ? n : h, cols = w == -1 ? n : w;
                const std::vector<int> places = count_places(rows, cols, n, layout);
                drawn = !places.empty();
                for (size_t q = 0; q < places.size() && drawn; ++q) drawn = outs[i]->p[places[q]] != 0;
            }
            if (!drawn) continue;
            for (auto& f : features) {
                bool ok = true;
                for (size_t i = 0; i < demo.size() && ok; ++i) ok = count_feature(*demo[i], f) == counts[i];
                if (!ok) continue;
                const Op op{46, {f[0], f[1], f[2], f[3], color, h, w, layout}};
                for (auto* t : tests) ok = ok && apply(op, *t, *t).has_value();
                if (ok) {
                    cost = 1;
                    return op;
                }
            }
        }
    return std::nullopt;
}

// The positional dsl.neighborhood kinds 'mod' P Q corner, as synth.search.LOCAL_KINDS lists them after the first 3:
// {P, Q, rows counted from the bottom, columns counted from the right}
struct PositionKind { int p, q; bool bottom, right; };
const std::vector<PositionKind> POSITION_KINDS = [] {
    std::vector<PositionKind> kinds;
    const int sizes[][2] = {{1, 2}, {2, 1}, {2, 2}, {1, 3}, {3, 1}, {2, 3}, {3, 2}, {3, 3}};
    for (auto& pq : sizes)
        for (int bottom = 0; bottom < (pq[0] == 1 ? 1 : 2); ++bottom)
            for (int right = 0; right < (pq[1] == 1 ? 1 : 2); ++right)
                kinds.push_back({pq[0], pq[1], bottom == 1, right == 1});
    return kinds;
}();
const int LOCAL_KIND_COUNT = 3 + static_cast<int>(POSITION_KINDS.size());

// dsl.neighborhood as one integer: kind 0 'counts', 1 'cross', 2 'square' (10 = off the grid, base 11), then the
// positional kinds (synth.search._position_key)
long neighborhood_code(const Img& g, int y, int x, int kind) {
    if (kind >= 3) {
        const PositionKind& k = POSITION_KINDS[kind - 3];
        const int row = k.bottom ? g.h - 1 - y : y, col = k.right ? g.w - 1 - x : x;
        return (g.at(y, x) * 3L + row % k.p) * 3 + col % k.q;
    }
    auto at = [&](int r, int c) -> int { return r >= 0 && r < g.h && c >= 0 && c < g.w ? g.at(r, c) : 10; };
    if (kind == 1) return (((at(y, x) * 11L + at(y - 1, x)) * 11 + at(y + 1, x)) * 11 + at(y, x - 1)) * 11 + at(y, x + 1);
    if (kind == 2) {
        long code = 0;
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) code = code * 11 + at(y + dy, x + dx);
        return code;
    }
    auto on = [&](int r, int c) { const int v = at(r, c); return v != 0 && v != 10; };
    const int ortho = on(y - 1, x) + on(y + 1, x) + on(y, x - 1) + on(y, x + 1);
    const int diag = on(y - 1, x - 1) + on(y - 1, x + 1) + on(y + 1, x - 1) + on(y + 1, x + 1);
    return (at(y, x) * 5L + ortho) * 5 + diag;
}

// The 'square' kind's codes (up to 11^9) -> output color: open addressing, cleared by a version stamp, kept
// under half full (it doubles).
class SquareTable {
  public:
    void clear() {
        used_ = 0;
        if (++version_ == 0) {  // the stamp wrapped: stale slots would look current
            std::fill(slots_.begin(), slots_.end(), Slot{});
            version_ = 1;
        }
    }
    bool put(long code, int c) {  // false when `code` already maps to another color
        Slot& slot = find(code);
        if (slot.version == version_) return slot.color == c;
        slot = {version_, code, static_cast<int8_t>(c)};
        if (++used_ * 2 > slots_.size()) grow();
        return true;
    }
    bool has(long code) { return find(code).version == version_; }

  private:
    struct Slot {
        uint32_t version = 0;
        long code = 0;
        int8_t color = 0;
    };
    Slot& find(long code) {
        const size_t mask = slots_.size() - 1;
        size_t q = (static_cast<uint64_t>(code) * 0x9E3779B97F4A7C15ULL >> 32) & mask;
        while (slots_[q].version == version_ && slots_[q].code != code) q = (q + 1) & mask;
        return slots_[q];
    }
    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        for (const Slot& slot : old)
            if (slot.version == version_) find(slot.code) = slot;
    }
    std::vector<Slot> slots_ = std::vector<Slot>(1 << 14);
    uint32_t version_ = 1;
    size_t used_ = 0;
};

bool objects_explain_change(const Img& s, const Img& o, int conn) {
    // the 0 cells are no object's: one that changes decides it without the objects
    for (size_t q = 0; q < s.p.size(); ++q)
        if (!s.p[q] && o.p[q]) return false;
    std::vector<uint8_t> covered(s.p.size(), 0);
    for (const Object& obj : components_cached(s, conn, false)) {
        const int first = o.at(obj.cells[0].first, obj.cells[0].second);
        for (auto& [y, x] : obj.cells) {
            if (o.at(y, x) != first) return false;
            covered[y * s.w + x] = 1;
        }
    }
    for (size_t q = 0; q < s.p.size(); ++q)
        if (!covered[q] && s.p[q] != o.p[q]) return false;
    return true;
}

// Whether synth.search.fit_stamp fits: the marks it would find (per color, the recolor of the cell itself and
// each offset within radius 2 whose 0 neighbors all take one non-0 color, seen at least twice), replayed as
// dsl.stamp_pixels paints them, reproduce every demo output. `recolor` is synth.search._anchor_recolors.
bool stamp_fits(const Imgs& demo, const Imgs& outs, const std::array<int, 10>& recolor) {
    // the cells of each color in each demo image, so each (color, offset) pair visits only its own cells
    std::vector<std::array<std::vector<std::pair<int, int>>, 10>> cells(demo.size());
    for (size_t i = 0; i < demo.size(); ++i)
        for (int y = 0; y < demo[i]->h; ++y)
            for (int x = 0; x < demo[i]->w; ++x) cells[i][demo[i]->at(y, x)].push_back({y, x});
    std::array<std::vector<std::array<int, 3>>, 10> marks;
    bool offset_mark = false;
    for (int c = 1; c < 10; ++c) {
        bool present = false;
        for (const auto& per : cells) present = present || !per[c].empty();
        if (!present) continue;
        if (recolor[c] >= 0) marks[c].push_back({0, 0, recolor[c]});
        for (int dy = -2; dy <= 2; ++dy)
            for (int dx = -2; dx <= 2; ++dx) {
                if (!dy && !dx) continue;
                int seen = -1;
                long support = 0;
                bool many = false;
                for (size_t i = 0; i < demo.size() && !many; ++i) {
                    const Img& s = *demo[i];
                    const Img& o = *outs[i];
                    for (const auto& [y, x] : cells[i][c]) {
                        const int ny = y + dy, nx = x + dx;
                        if (ny < 0 || ny >= s.h || nx < 0 || nx >= s.w || s.at(ny, nx)) continue;
                        ++support;
                        const int v = o.at(ny, nx);
                        if (seen == -1) {
                            seen = v;
                        } else if (seen != v) {
                            many = true;
                            break;
                        }
                    }
                }
                if (many || seen <= 0 || support < 2) continue;
                marks[c].push_back({dy, dx, seen});
                offset_mark = true;
            }
    }
    if (!offset_mark) return false;
    for (size_t i = 0; i < demo.size(); ++i) {
        const Img& s = *demo[i];
        Img out = s;
        for (int c = 1; c < 10; ++c)
            for (const auto& [y, x] : cells[i][c])
                for (const auto& m : marks[c]) {
                    const int ny = y + m[0], nx = x + m[1];
                    if (ny < 0 || ny >= s.h || nx < 0 || nx >= s.w) continue;
                    if (!s.at(ny, nx) || (!m[0] && !m[1])) out.at(ny, nx) = static_cast<uint8_t>(m[2]);
                }
        if (out != *outs[i]) return false;
    }
    return true;
}

}  // namespace

uint8_t python_fitter_flags(const Imgs& demo, const Imgs& outs, const Imgs& tests) {
    for (size_t i = 0; i < demo.size(); ++i)
        if (demo[i]->h != outs[i]->h || demo[i]->w != outs[i]->w) return 0;
    uint8_t flags = 0;
    for (int conn : {4, 8}) {
        bool ok = true;
        for (size_t i = 0; i < demo.size() && ok; ++i) ok = objects_explain_change(*demo[i], *outs[i], conn);
        if (ok) {
            flags |= FLAG_RECOLOR_OBJECTS;
            break;
        }
    }
    // stamps (synth.search.fit_stamp): some 0 cell is painted, and every non-0 cell that changes is of a color
    // whose cells all take one new color in every demo that has the color (synth.search._anchor_recolors)
    bool stamp = true, all_same = true, painted = false;
    std::vector<std::array<int, 10>> single(demo.size());  // per demo: the one output color of each color, -2 many
    std::array<int, 10> recolor;
    recolor.fill(-1);
    for (size_t i = 0; i < demo.size(); ++i) {
        all_same = all_same && *demo[i] == *outs[i];
        single[i].fill(-1);
        std::array<bool, 10> changed{};
        for (size_t q = 0; q < demo[i]->p.size(); ++q) {
            const int a = demo[i]->p[q], b = outs[i]->p[q];
            if (a == 0) {
                painted = painted || b != 0;
                continue;
            }
            int& slot = single[i][a];
            slot = slot == -1 ? b : (slot == b ? slot : -2);
            changed[a] = changed[a] || a != b;
        }
        for (int c = 1; c < 10 && stamp; ++c) {
            if (!changed[c]) continue;
            if (single[i][c] == -2 || (recolor[c] >= 0 && recolor[c] != single[i][c])) stamp = false;
            else recolor[c] = single[i][c];
        }
    }
    for (size_t i = 0; i < demo.size() && stamp; ++i)
        for (int c = 1; c < 10; ++c)
            if (recolor[c] >= 0 && single[i][c] != -1 && single[i][c] != recolor[c]) stamp = false;
    if (stamp && painted && stamp_fits(demo, outs, recolor)) flags |= FLAG_STAMP;
    if (all_same) return flags;
    // tables: 'counts' and 'cross' codes index flat arrays stamped with a version (no clearing); 'square' hashes.
    // Only whether some kind fits matters, so the kinds go in an order that lets one's conflict rule out others:
    // a 'square' code determines the 'counts' and 'cross' codes, and within one image (color, row mod 6, column
    // mod 6) determines every positional code, so a conflict there is a conflict in those kinds too.
    static std::vector<std::pair<uint32_t, int8_t>> flat(161051, {0u, 0});
    static uint32_t version = 0;
    static SquareTable square;
    // a code of the flat table maps to color c: false when it already maps to another one in this version
    auto flat_put = [&](long code, int c) {
        auto& cell = flat[code];
        if (cell.first != version) {
            cell = {version, static_cast<int8_t>(c)};
            return true;
        }
        return cell.second == c;
    };
    bool position_conflict = false;
    for (size_t i = 0; i < demo.size() && !position_conflict; ++i) {
        ++version;
        const Img& g = *demo[i];
        for (int y = 0; y < g.h && !position_conflict; ++y)
            for (int x = 0; x < g.w; ++x)
                if (!flat_put((g.at(y, x) * 6 + y % 6) * 6 + x % 6, outs[i]->at(y, x))) {
                    position_conflict = true;
                    break;
                }
    }
    bool square_conflict = false;
    for (int k = 0; k < LOCAL_KIND_COUNT; ++k) {
        const int kind = k == 0 ? 2 : k <= 2 ? k - 1 : k;  // 'square' first, then 'counts', 'cross', positional
        if ((kind < 2 && square_conflict) || (kind >= 3 && position_conflict)) continue;
        ++version;
        if (kind == 2) square.clear();
        auto put = [&](long code, int c) { return kind == 2 ? square.put(code, c) : flat_put(code, c); };
        auto has = [&](long code) { return kind == 2 ? square.has(code) : flat[code].first == version; };
        bool ok = true;
        for (size_t i = 0; i < demo.size() && ok; ++i)
            for (int y = 0; y < demo[i]->h && ok; ++y)
                for (int x = 0; x < demo[i]->w; ++x)
                    if (!put(neighborhood_code(*demo[i], y, x, kind), outs[i]->at(y, x))) { ok = false; break; }
        if (!ok && kind == 2) square_conflict = true;
        for (size_t i = 0; i < tests.size() && ok; ++i)
            for (int y = 0; y < tests[i]->h && ok; ++y)
                for (int x = 0; x < tests[i]->w; ++x)
                    if (!has(neighborhood_code(*tests[i], y, x, kind))) { ok = false; break; }
        if (ok) {
            flags |= FLAG_LOCAL_RULE;
            break;
        }
    }
    return flags;
}

Search::Search(const std::vector<Img>& roots, int n_demo, const std::vector<Img>& outs)
    : roots_(roots), n_demo_(n_demo), outs_(outs) {
    for (auto& o : outs_) out_color_masks_.push_back(color_mask(o));
}

int Search::intern(Img&& img) {
    const uint64_t hash = hash_bytes(img.p.data(), img.p.size(), static_cast<uint64_t>(img.h) << 8 | img.w);
    const int id = static_cast<int>(images_.size());
    const int found = image_ids_.find_or_insert(hash, id, [&](int other) { return images_[other] == img; });
    if (found >= 0) return found;
    stats_.bytes += IMAGE_OVERHEAD + static_cast<long>(img.p.size());
    images_.push_back(std::move(img));
    stats_.images = static_cast<long>(images_.size());
    return id;
}

int Search::child_image(int op_index, int img_id) {
    const uint64_t key = (static_cast<uint64_t>(op_index) << 32) | static_cast<uint32_t>(img_id);
    if (const int32_t* hit = memo_.find(key)) {
        ++stats_.memo_hits;
        return *hit;
    }
    ++stats_.applications;
    // which root this image came from does not matter: the search's transforms never read the input
    OptImg out = apply(ops_[op_index].op, images_[img_id], images_[img_id]);
    const int id = out ? intern(std::move(*out)) : -1;
    memo_.insert(key, id);
    stats_.bytes += MEMO_ENTRY;
    return id;
}

bool Search::time_up() {
    if (stats_.timed_out) return true;
    if (std::chrono::steady_clock::now() >= deadline_) stats_.timed_out = true;
    return stats_.timed_out;
}

namespace {
long resident_bytes() {
    long pages_total = 0, pages_resident = 0;
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return 0;
    const int got = std::fscanf(f, "%ld %ld", &pages_total, &pages_resident);
    std::fclose(f);
    return got == 2 ? pages_resident * sysconf(_SC_PAGESIZE) : 0;
}
}  // namespace

// The cap holds for the estimate of the search's structures (with a margin for allocator overhead) and for
// the process's measured resident growth since the run started, sampled every 1024 checks.
bool Search::over_cap() {
    if (stats_.memory_cap_hit) return true;
    const long room = cap_ - cap_ / COVER_CAP_SHARE;  // the rest is the layered cover's (Search::covers)
    if (stats_.bytes + stats_.bytes / 4 >= room) stats_.memory_cap_hit = true;
    if ((++clock_counter_ & 1023) == 0) {
        stats_.rss_growth = std::max(stats_.rss_growth, resident_bytes() - rss_start_);
        if (stats_.rss_growth + stats_.rss_growth / 16 >= room) stats_.memory_cap_hit = true;
    }
    return stats_.memory_cap_hit;
}

std::vector<int> Search::path(int state) const {
    std::vector<int> ops;
    for (int s = state; s >= 0 && states_[s].op >= 0; s = states_[s].parent) ops.push_back(states_[s].op);
    std::reverse(ops.begin(), ops.end());
    return ops;
}

constexpr size_t NEAR_MISSES = 32;

void Search::note(int state_id) {
    const State& st = states_[state_id];
    double wrong_share = 0;
    int wrong_demos = 0;
    for (int i = 0; i < n_demo_; ++i) {
        const Img& g = images_[pool_[st.first + i]];
        const Img& o = outs_[i];
        if (g.h != o.h || g.w != o.w) {
            wrong_share = -1;
            break;
        }
        long wrong = 0;
        for (size_t q = 0; q < g.p.size(); ++q) wrong += g.p[q] != o.p[q];
        wrong_demos += wrong > 0;
        wrong_share += static_cast<double>(wrong) / static_cast<double>(g.p.size()) / n_demo_;
    }
    const auto key = std::make_tuple(wrong_demos, wrong_share, state_id);
    if (wrong_share > 0 && (near_.size() < NEAR_MISSES || key < near_.back())) {
        near_.insert(std::upper_bound(near_.begin(), near_.end(), key), key);
        if (near_.size() > NEAR_MISSES) near_.pop_back();
    }
    if (wrong_share < 0) return;  // pieces of the layered cover (cover.cpp): states with the output shapes
    partials_.push_back(state_id);
}

std::vector<Fit> Search::fit_images(const int* imgs, int state, int path_cost) {
    const int n_imgs = static_cast<int>(roots_.size());
    Imgs demo, tests, outs, demo_roots, test_roots;
    for (int i = 0; i < n_imgs; ++i) {
        (i < n_demo_ ? demo : tests).push_back(&images_[imgs[i]]);
        (i < n_demo_ ? demo_roots : test_roots).push_back(&roots_[i]);
    }
    for (auto& o : outs_) outs.push_back(&o);
    std::vector<Fit> found;
    for (int fitter = 0; fitter < 6; ++fitter) {
        int cost = 0;
        std::optional<Op> step;
        switch (fitter) {
            case 0: step = fit_color_map(demo, outs, demo_roots, cost); break;
            case 1: step = fit_tile(demo, outs, cost); break;
            case 2: step = fit_upscale(demo, outs, cost); break;
            case 3: step = fit_downscale(demo, outs, cost); break;
            case 4: step = fit_cellwise_with_input(demo, outs, tests, demo_roots, test_roots, cost); break;
            case 5: step = fit_count_bar(demo, outs, tests, cost); break;
        }
        if (!step) continue;
        if (step->code == 49 && path_cost == 0) continue;  // the empty program
        // the fitted step must run on every image and reproduce every demo output (synth.search._Search.record)
        bool ok = true;
        for (int i = 0; i < n_imgs && ok; ++i) {
            OptImg out = apply(*step, images_[imgs[i]], roots_[i]);
            ok = out.has_value() && (i >= n_demo_ || *out == outs_[i]);
        }
        if (ok) found.push_back(Fit{state, fitter, path_cost + cost, *step});
    }
    return found;
}

void Search::try_fitters(int state_id) {
    State& st = states_[state_id];
    for (auto& f : fit_images(pool_.data() + st.first, state_id, st.depth)) fits_.push_back(f);
}

uint8_t Search::flags(int state_id) {
    State& st = states_.at(state_id);
    if (!st.flags_known) {
        Imgs demo, tests, outs;
        for (int i = 0; i < static_cast<int>(roots_.size()); ++i)
            (i < n_demo_ ? demo : tests).push_back(&images_[pool_[st.first + i]]);
        for (auto& o : outs_) outs.push_back(&o);
        st.flags = python_fitter_flags(demo, outs, tests);
        st.flags_known = true;
    }
    return st.flags;
}

std::vector<int> Search::flagged(int mask, int min_depth, int max_depth, bool by_promise, double seconds) {
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
    std::vector<int> ids;
    for (size_t i = 0; i < states_.size(); ++i) {
        const int depth = states_[i].depth;
        if (depth < min_depth || depth > max_depth) continue;
        if (!states_[i].flags_known && (i & 63) == 0 && std::chrono::steady_clock::now() >= until) break;
        if (flags(static_cast<int>(i)) & mask) ids.push_back(static_cast<int>(i));
    }
    if (by_promise) sort_by_promise(ids);
    return ids;
}

// synth.search._promise as one integer (smaller = more promising): output shapes missed, then color sets
// missed, then depth
long Search::promise(int state_id) const {
    const State& st = states_[state_id];
    long shape_misses = 0, color_misses = 0;
    for (int i = 0; i < n_demo_; ++i) {
        const Img& g = images_[pool_[st.first + i]];
        shape_misses += !(g.h == outs_[i].h && g.w == outs_[i].w);
        color_misses += color_mask(g) != out_color_masks_[i];
    }
    return (shape_misses * 1024 + color_misses) * 1024 + st.depth;
}

void Search::sort_by_promise(std::vector<int>& ids) const {
    std::vector<std::pair<long, int>> keyed;
    keyed.reserve(ids.size());
    for (int id : ids) keyed.push_back({promise(id), id});
    std::stable_sort(keyed.begin(), keyed.end(), [](auto& a, auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < ids.size(); ++i) ids[i] = keyed[i].second;
}

void Search::set_deadline(double seconds) {
    deadline_ = std::chrono::steady_clock::now() +
                std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
    stats_.timed_out = false;
}

// a new state with the image ids `imgs`, or -1 when a state with the same images exists (then duplicate_of_)
int Search::add_state(const std::vector<int>& imgs, int parent, int op, int depth) {
    const int id = static_cast<int>(states_.size());
    const uint64_t hash = hash_bytes(imgs.data(), imgs.size() * sizeof(int), 17);
    const int found = seen_.find_or_insert(hash, id, [&](int other) {
        return std::equal(imgs.begin(), imgs.end(), pool_.begin() + states_[other].first);
    });
    duplicate_of_ = found;
    if (found >= 0) return -1;
    stats_.bytes += STATE_OVERHEAD + 2 * static_cast<long>(imgs.size() * sizeof(int));
    State st;
    st.first = static_cast<int>(pool_.size());
    st.parent = parent, st.op = op, st.depth = depth;
    pool_.insert(pool_.end(), imgs.begin(), imgs.end());
    states_.push_back(st);
    stats_.states = static_cast<long>(states_.size());
    return id;
}

// expand `parent` by op `k`: the new state's id, or -1 when the op does not apply or the state exists
int Search::expand(int parent, int k) {
    const int n = static_cast<int>(roots_.size());
    std::vector<int>& child = child_;
    child.resize(n);
    for (int i = 0; i < n; ++i) {
        child[i] = child_image(k, pool_[states_[parent].first + i]);
        if (child[i] < 0) return -1;
    }
    const int id = add_state(child, parent, k, states_[parent].depth + 1);
    if (id < 0) {
        ++stats_.duplicates;
        return -1;
    }
    note(id);
    try_fitters(id);
    return id;
}

void Search::run(const std::vector<SearchOp>& ops, int max_depth, double seconds, long memory_cap_bytes, bool late) {
    const auto start = std::chrono::steady_clock::now();
    set_deadline(seconds);
    cap_ = memory_cap_bytes;
    rss_start_ = resident_bytes();
    ops_ = ops;
    clear_component_cache();
    std::vector<int> root_imgs;
    for (const Img& r : roots_) root_imgs.push_back(intern(Img(r)));
    add_state(root_imgs, -1, -1, 0);
    states_[0].expandable = true;
    note(0);
    try_fitters(0);
    frontiers_.assign(1, std::vector<int>{0});
    first_found_depth_ = fits_.empty() ? -1 : 0;
    max_depth_ = std::max(1, max_depth);
    late_ = late;
    enumerate();
    stats_.rss_growth = std::max(stats_.rss_growth, resident_bytes() - rss_start_);
    stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Search::resume(double seconds) {
    const auto start = std::chrono::steady_clock::now();
    set_deadline(seconds);
    enumerate();
    stats_.rss_growth = std::max(stats_.rss_growth, resident_bytes() - rss_start_);
    stats_.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// the breadth-first levels from where the last call stopped (cursor_), then the late phase
void Search::enumerate() {
    while (!cursor_.levels_done) {
        const int depth = static_cast<int>(frontiers_.size());  // the level being made
        if (depth > max_depth_ || (first_found_depth_ >= 0 && depth > first_found_depth_ + 1)) {
            cursor_.levels_done = true;
            break;
        }
        if (time_up() || over_cap()) return;
        const std::vector<int>& parents = frontiers_.back();
        for (; cursor_.parent < parents.size(); ++cursor_.parent, cursor_.op = 0) {
            const int parent = parents[cursor_.parent];
            for (; cursor_.op < static_cast<int>(ops_.size()); ++cursor_.op) {
                if (time_up() || over_cap()) {
                    stats_.depth_reached = depth;
                    return;
                }
                const int k = cursor_.op;
                const SearchOp& op = ops_[k];
                if (op.final_only && (depth > 2 || depth - 1 > op.max_parent_depth)) continue;
                const int id = expand(parent, k);
                if (op.final_only) continue;
                // a state first made by a final-only operation is expanded after all when an expandable one
                // makes it too (its path stays the first one)
                const int expandable = id >= 0 ? id : duplicate_of_;
                if (expandable >= 0 && !states_[expandable].expandable) {
                    states_[expandable].expandable = true;
                    cursor_.next.push_back(expandable);
                }
            }
        }
        stats_.depth_reached = depth;
        if (!fits_.empty() && first_found_depth_ < 0) first_found_depth_ = depth;
        sort_by_promise(cursor_.next);
        frontiers_.push_back(std::move(cursor_.next));
        cursor_.next.clear();
        cursor_.parent = 0, cursor_.op = 0;
    }
    if (!late_ || !fits_.empty()) return;
    // the late phase: the final-only operations on the deeper states, most promising first, until the first fit
    if (!cursor_.late_started) {
        for (size_t d = 2; d < frontiers_.size(); ++d)
            cursor_.deep.insert(cursor_.deep.end(), frontiers_[d].begin(), frontiers_[d].end());
        sort_by_promise(cursor_.deep);
        cursor_.late_started = true;
        cursor_.parent = 0, cursor_.op = 0;
    }
    for (; cursor_.parent < cursor_.deep.size(); ++cursor_.parent, cursor_.op = 0) {
        const int parent = cursor_.deep[cursor_.parent];
        for (; cursor_.op < static_cast<int>(ops_.size()); ++cursor_.op) {
            if (!fits_.empty() || time_up() || over_cap()) return;
            const int k = cursor_.op;
            if (!ops_[k].final_only || states_[parent].depth <= ops_[k].max_parent_depth) continue;
            expand(parent, k);
        }
    }
}

std::vector<Fit> Search::fit_grids(const std::vector<Img>& grids) {
    std::vector<int> ids;
    if (grids.size() != roots_.size()) return {};
    for (const Img& g : grids) ids.push_back(intern(Img(g)));
    return fit_images(ids.data(), -1, 1);
}

}  // namespace core
