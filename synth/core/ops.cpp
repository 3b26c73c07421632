// The image operations of the search: each one is the twin of the dsl.py function of the same name.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <tuple>

#include "image.hpp"

namespace core {

namespace {

using Cells = std::vector<std::pair<int, int>>;

std::array<int, 10> histogram(const Img& g) {
    std::array<int, 10> counts{};
    for (uint8_t v : g.p) counts[v]++;
    return counts;
}

OptImg crop(const Img& g, int top, int left, int bottom, int right) {  // inclusive box
    Img out(bottom - top + 1, right - left + 1);
    for (int y = top; y <= bottom; ++y)
        for (int x = left; x <= right; ++x) out.at(y - top, x - left) = g.at(y, x);
    return out;
}

// bounding box of the cells where pred holds; false when none
template <class Pred>
bool box_of(const Img& g, Pred pred, int& top, int& left, int& bottom, int& right) {
    top = g.h, left = g.w, bottom = -1, right = -1;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (pred(g.at(y, x))) {
                top = std::min(top, y), bottom = std::max(bottom, y);
                left = std::min(left, x), right = std::max(right, x);
            }
    return bottom >= 0;
}

Img transpose(const Img& g) {
    Img out(g.w, g.h);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) out.at(x, y) = g.at(y, x);
    return out;
}

Img flip(const Img& g, int axis) {  // 0 lr, 1 ud
    Img out(g.h, g.w);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) out.at(y, x) = axis == 0 ? g.at(y, g.w - 1 - x) : g.at(g.h - 1 - y, x);
    return out;
}

Img antitranspose(const Img& g) {
    Img out(g.w, g.h);
    for (int i = 0; i < g.w; ++i)
        for (int j = 0; j < g.h; ++j) out.at(i, j) = g.at(g.h - 1 - j, g.w - 1 - i);
    return out;
}

OptImg crop_nonbg(const Img& g, int bg) {
    if (bg < 0) bg = most_common_color(g);
    int t, l, b, r;
    if (!box_of(g, [bg](uint8_t v) { return v != bg; }, t, l, b, r)) return std::nullopt;
    return crop(g, t, l, b, r);
}

OptImg crop_color(const Img& g, int color) {
    color = resolve_color(g, color);
    if (color < 0) return std::nullopt;
    int t, l, b, r;
    if (!box_of(g, [color](uint8_t v) { return v == color; }, t, l, b, r)) return std::nullopt;
    return crop(g, t, l, b, r);
}

// dsl.crop_color_margin
OptImg crop_color_margin(const Img& g, int color, int dy, int dx) {
    int t, l, b, r;
    if (!box_of(g, [color](uint8_t v) { return v == color; }, t, l, b, r)) return std::nullopt;
    t -= dy, l -= dx, b += dy, r += dx;
    if (t < 0 || l < 0 || b >= g.h || r >= g.w) return std::nullopt;
    return crop(g, t, l, b, r);
}

OptImg crop_inside_color(const Img& g, int color) {
    color = resolve_color(g, color);
    if (color < 0) return std::nullopt;
    int t, l, b, r;
    if (!box_of(g, [color](uint8_t v) { return v == color; }, t, l, b, r) || b - t < 2 || r - l < 2)
        return std::nullopt;
    return crop(g, t + 1, l + 1, b - 1, r - 1);
}

OptImg trim_border(const Img& g) {
    if (g.h < 3 || g.w < 3) return std::nullopt;
    return crop(g, 1, 1, g.h - 2, g.w - 2);
}

void object_box(const Object& o, int& t, int& l, int& b, int& r) {
    t = o.cells.front().first, b = o.cells.back().first, l = o.cells[0].second, r = l;
    for (auto& c : o.cells) l = std::min(l, c.second), r = std::max(r, c.second);
}

OptImg crop_object(const Img& g, int conn, bool multi, int sel, bool isolate) {
    const Object* obj = select_object(g, conn, multi, sel);
    if (!obj) return std::nullopt;
    int t, l, b, r;
    object_box(*obj, t, l, b, r);
    if (!isolate) return crop(g, t, l, b, r);
    Img out(b - t + 1, r - l + 1);
    for (auto& [y, x] : obj->cells) out.at(y - t, x - l) = g.at(y, x);
    return out;
}

// dsl.crop_most_of
OptImg crop_most_of(const Img& g, int conn, int color) {
    const Object* picked = nullptr;
    int best = 0, ties = 0;
    for (const Object& o : components_cached(g, conn, true)) {
        int n = 0;
        for (auto& [y, x] : o.cells) n += g.at(y, x) == color;
        if (n > best) best = n, picked = &o, ties = 1;
        else if (n == best && n > 0) ++ties;
    }
    if (!picked || ties != 1) return std::nullopt;
    int t, l, b, r;
    object_box(*picked, t, l, b, r);
    return crop(g, t, l, b, r);
}

OptImg keep_object(const Img& g, int conn, bool multi, int sel) {
    const Object* obj = select_object(g, conn, multi, sel);
    if (!obj) return std::nullopt;
    Img out(g.h, g.w);
    for (auto& [y, x] : obj->cells) out.at(y, x) = g.at(y, x);
    return out;
}

OptImg remove_object(const Img& g, int conn, bool multi, int sel) {
    const Object* obj = select_object(g, conn, multi, sel);
    if (!obj) return std::nullopt;
    Img out = g;
    for (auto& [y, x] : obj->cells) out.at(y, x) = 0;
    return out;
}

OptImg remove_small_objects(const Img& g, int conn, int max_size) {
    Img out = g;
    for (const Object& o : components_cached(g, conn, false))
        if (static_cast<int>(o.cells.size()) <= max_size)
            for (auto& [y, x] : o.cells) out.at(y, x) = 0;
    return out;
}

OptImg recolor(const Img& g, const std::vector<int>& table) {  // 10 entries
    Img out(g.h, g.w);
    for (size_t i = 0; i < g.p.size(); ++i) out.p[i] = static_cast<uint8_t>(table[g.p[i]]);
    return out;
}

OptImg remove_color(const Img& g, int color) {
    color = resolve_color(g, color);
    if (color < 0) return std::nullopt;
    Img out = g;
    for (auto& v : out.p)
        if (v == color) v = 0;
    return out;
}

OptImg keep_color(const Img& g, int color) {
    color = resolve_color(g, color);
    if (color < 0) return std::nullopt;
    Img out(g.h, g.w);
    for (size_t i = 0; i < g.p.size(); ++i) out.p[i] = g.p[i] == color ? static_cast<uint8_t>(color) : 0;
    return out;
}

OptImg binarize(const Img& g) {
    Img out(g.h, g.w);
    for (size_t i = 0; i < g.p.size(); ++i) out.p[i] = g.p[i] != 0;
    return out;
}

OptImg majority_color_fill(const Img& g) {
    auto counts = histogram(g);
    counts[0] = 0;
    int best = 0, total = 0;
    for (int c = 0; c < 10; ++c) {
        total += counts[c];
        if (counts[c] > counts[best]) best = c;
    }
    if (total == 0) return std::nullopt;
    Img out = g;
    for (auto& v : out.p)
        if (v != 0) v = static_cast<uint8_t>(best);
    return out;
}

OptImg gravity(const Img& g, int k) {  // k: down 0, left 1, up 2, right 3
    Img r = rot90(g, k);
    Img out(r.h, r.w);
    for (int c = 0; c < r.w; ++c) {
        int y = r.h - 1;
        for (int row = r.h - 1; row >= 0; --row)
            if (r.at(row, c) != 0) out.at(y--, c) = r.at(row, c);
    }
    return rot90(out, (4 - k) % 4);
}

OptImg slide_color(const Img& g, int mover, int anchor) {
    if (mover == anchor) return std::nullopt;
    int mt, ml, mb, mr, at, al, ab, ar;
    if (!box_of(g, [mover](uint8_t v) { return v == mover; }, mt, ml, mb, mr)) return std::nullopt;
    if (!box_of(g, [anchor](uint8_t v) { return v == anchor; }, at, al, ab, ar)) return std::nullopt;
    const bool rows_overlap = std::max(mt, at) <= std::min(mb, ab);
    const bool cols_overlap = std::max(ml, al) <= std::min(mr, ar);
    if (rows_overlap == cols_overlap) return std::nullopt;
    int dy = 0, dx = 0;
    if (rows_overlap)
        dx = al > mr ? 1 : (ar < ml ? -1 : 0);
    else
        dy = at > mb ? 1 : (ab < mt ? -1 : 0);
    if (dy == 0 && dx == 0) return std::nullopt;
    Cells cells;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x) == mover) cells.push_back({y, x});
    int k = 0;
    while (true) {
        bool blocked = false;
        for (auto& [y, x] : cells) {
            const int ny = y + (k + 1) * dy, nx = x + (k + 1) * dx;
            if (ny < 0 || nx < 0 || ny >= g.h || nx >= g.w) { blocked = true; break; }
            const int v = g.at(ny, nx);
            if (v != 0 && v != mover) { blocked = true; break; }
        }
        if (blocked) break;
        ++k;
    }
    if (k == 0) return std::nullopt;
    Img out = g;
    for (auto& [y, x] : cells) out.at(y, x) = 0;
    for (auto& [y, x] : cells) out.at(y + k * dy, x + k * dx) = static_cast<uint8_t>(mover);
    return out;
}

OptImg gravity_objects(const Img& g, int k) {
    Img r = rot90(g, k);
    auto objects = components(r, 8, true, 0);
    if (objects.empty()) return std::nullopt;
    std::vector<int> order(objects.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return objects[a].cells.back().first > objects[b].cells.back().first;
    });
    Img out(r.h, r.w);
    for (int i : order) {
        const auto& cells = objects[i].cells;
        const int ymax = cells.back().first;
        int drop = 0;
        while (ymax + drop + 1 < r.h) {
            bool any = false;
            for (auto& [y, x] : cells)
                if (out.at(y + drop + 1, x)) { any = true; break; }
            if (any) break;
            ++drop;
        }
        for (auto& [y, x] : cells) out.at(y + drop, x) = r.at(y, x);
    }
    return rot90(out, (4 - k) % 4);
}

// dsl.border_zeros: 1 at the 0 cells that reach the border through 0 cells (4-connected)
std::vector<uint8_t> border_zeros(const Img& g) {
    const int h = g.h, w = g.w;
    std::vector<uint8_t> outside(h * w, 0);
    std::vector<std::pair<int, int>> stack;
    for (int r = 0; r < h; ++r) stack.push_back({r, 0}), stack.push_back({r, w - 1});
    for (int c = 0; c < w; ++c) stack.push_back({0, c}), stack.push_back({h - 1, c});
    while (!stack.empty()) {
        auto [r, c] = stack.back();
        stack.pop_back();
        if (r < 0 || r >= h || c < 0 || c >= w || g.at(r, c) != 0 || outside[r * w + c]) continue;
        outside[r * w + c] = 1;
        stack.push_back({r + 1, c}), stack.push_back({r - 1, c}), stack.push_back({r, c + 1}), stack.push_back({r, c - 1});
    }
    return outside;
}

OptImg fill_enclosed(const Img& g, int color) {
    const int h = g.h, w = g.w;
    const std::vector<uint8_t> outside = border_zeros(g);
    Img out = g;
    for (int i = 0; i < h * w; ++i)
        if (g.p[i] == 0 && !outside[i]) out.p[i] = static_cast<uint8_t>(color);
    return out;
}

// directions: bit mask over U D L R a b c d (bits 0..7); stop: 0 'hit', 1 'border', 2 'only_hit'
OptImg extend_rays(const Img& g, int color, int directions, int stop) {
    static const int steps[8][2] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}, {-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
    Img out = g;
    for (int y0 = 0; y0 < g.h; ++y0)
        for (int x0 = 0; x0 < g.w; ++x0) {
            if (color >= 0 ? g.at(y0, x0) != color : g.at(y0, x0) == 0) continue;
            const uint8_t paint = g.at(y0, x0);
            for (int d = 0; d < 8; ++d) {
                if (!(directions >> d & 1)) continue;
                const int dy = steps[d][0], dx = steps[d][1];
                int y = y0 + dy, x = x0 + dx;
                if (stop == 1) {  // to the border, over the 0 cells only
                    for (; y >= 0 && y < g.h && x >= 0 && x < g.w; y += dy, x += dx)
                        if (g.at(y, x) == 0) out.at(y, x) = paint;
                    continue;
                }
                // the run of 0 cells up to the first non-0 cell; 'only_hit' (2) paints it only when that cell exists
                int ey = y, ex = x;
                while (ey >= 0 && ey < g.h && ex >= 0 && ex < g.w && g.at(ey, ex) == 0) ey += dy, ex += dx;
                const bool hit = ey >= 0 && ey < g.h && ex >= 0 && ex < g.w;
                if (stop == 2 && !hit) continue;
                for (; y != ey || x != ex; y += dy, x += dx) out.at(y, x) = paint;
            }
        }
    return out;
}

// dsl.colored_rays
OptImg colored_rays(const Img& g, int paint, int directions) {
    OptImg rays = extend_rays(g, -1, directions, 1);
    Img out = g;
    for (size_t q = 0; q < g.p.size(); ++q)
        if (rays->p[q] != g.p[q]) out.p[q] = static_cast<uint8_t>(paint);
    if (out == g) return std::nullopt;
    return out;
}

// dsl.paint_ray: paint `color` into `out` from (y, x) on, a step of (dy, dx) at a time, over the cells that are 0
// in `g`, until a non-0 cell or the border; whether any cell was painted
bool paint_ray(const Img& g, Img& out, int y, int x, int dy, int dx, int color) {
    bool painted = false;
    for (; y >= 0 && y < g.h && x >= 0 && x < g.w && g.at(y, x) == 0; y += dy, x += dx) {
        out.at(y, x) = static_cast<uint8_t>(color);
        painted = true;
    }
    return painted;
}

// dsl.extend_tails
OptImg extend_tails(const Img& g) {
    Img out = g;
    bool drawn = false;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            if (g.at(y, x) == 0) continue;
            int n = 0, dy = 0, dx = 0;
            for (int ay = -1; ay <= 1; ++ay)
                for (int ax = -1; ax <= 1; ++ax) {
                    const int ny = y + ay, nx = x + ax;
                    if ((ay || ax) && ny >= 0 && ny < g.h && nx >= 0 && nx < g.w && g.at(ny, nx) != 0)
                        ++n, dy = -ay, dx = -ax;
                }
            if (n != 1) continue;
            drawn = paint_ray(g, out, y + dy, x + dx, dy, dx, g.at(y, x)) || drawn;
        }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.corner_rays: directions bits 4..7 = a b c d (the extend_rays letters UDLRabcd)
OptImg corner_rays(const Img& g, int color, int directions) {
    Img out = g;
    bool any = false;
    for (const Object& o : components_cached(g, 8, false)) {
        if (o.color != color) continue;
        any = true;
        int t, l, b, r;
        object_box(o, t, l, b, r);
        const int corners[4][4] = {{t, l, -1, -1}, {t, r, -1, 1}, {b, l, 1, -1}, {b, r, 1, 1}};
        for (int d = 0; d < 4; ++d) {
            if (!(directions >> (4 + d) & 1)) continue;
            const int dy = corners[d][2], dx = corners[d][3];
            paint_ray(g, out, corners[d][0] + dy, corners[d][1] + dx, dy, dx, color);
        }
    }
    if (!any) return std::nullopt;
    return out;
}

// dsl.attract: axis 0 'rows' (cells move along rows), 1 'cols', 2 'both' (rows, then cols)
OptImg attract(const Img& g, int anchor, int axis) {
    bool any = false;
    for (uint8_t v : g.p) any = any || v == anchor;
    if (!any) return std::nullopt;
    if (axis == 2) return attract(*attract(g, anchor, 0), anchor, 1);
    Img out = g;
    const int lines = axis == 0 ? g.h : g.w, n = axis == 0 ? g.w : g.h;
    auto cell = [axis](Img& img, int i, int j) -> uint8_t& { return axis == 0 ? img.at(i, j) : img.at(j, i); };
    auto src = [axis, &g](int i, int j) { return axis == 0 ? g.at(i, j) : g.at(j, i); };
    std::vector<uint8_t> moved;
    for (int i = 0; i < lines; ++i) {
        int first = -1, last = -1;
        for (int j = 0; j < n; ++j)
            if (src(i, j) == anchor) {
                if (first < 0) first = j;
                last = j;
            }
        if (first < 0) continue;
        moved.clear();
        for (int j = 0; j < first; ++j)
            if (src(i, j) != 0) moved.push_back(src(i, j));
        for (int j = 0; j < first; ++j) cell(out, i, j) = 0;
        for (size_t k = 0; k < moved.size(); ++k) cell(out, i, first - static_cast<int>(moved.size()) + k) = moved[k];
        moved.clear();
        for (int j = last + 1; j < n; ++j)
            if (src(i, j) != 0) moved.push_back(src(i, j));
        for (int j = last + 1; j < n; ++j) cell(out, i, j) = 0;
        for (size_t k = 0; k < moved.size(); ++k) cell(out, i, last + 1 + static_cast<int>(k)) = moved[k];
    }
    return out;
}

// dsl.pad_edges
// dsl.pad_canvas
OptImg pad_canvas(const Img& g, int fy, int fx) {
    if (g.h * fy > MAX_SIDE || g.w * fx > MAX_SIDE) return std::nullopt;
    Img out(g.h * fy, g.w * fx);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) out.at(y, x) = g.at(y, x);
    return out;
}

OptImg pad_edges(const Img& g) {
    if (g.h + 2 > MAX_SIDE || g.w + 2 > MAX_SIDE) return std::nullopt;
    Img out(g.h + 2, g.w + 2);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) out.at(y + 1, x + 1) = g.at(y, x);
    for (int x = 0; x < g.w; ++x) out.at(0, x + 1) = g.at(0, x), out.at(g.h + 1, x + 1) = g.at(g.h - 1, x);
    for (int y = 0; y < g.h; ++y) out.at(y + 1, 0) = g.at(y, 0), out.at(y + 1, g.w + 1) = g.at(y, g.w - 1);
    return out;
}

OptImg open_squares(const Img& g) {
    std::vector<uint8_t> keep(g.p.size(), 0);
    for (int y = 0; y + 1 < g.h; ++y)
        for (int x = 0; x + 1 < g.w; ++x) {
            const uint8_t v = g.at(y, x);
            if (v != 0 && g.at(y, x + 1) == v && g.at(y + 1, x) == v && g.at(y + 1, x + 1) == v) {
                keep[y * g.w + x] = keep[y * g.w + x + 1] = 1;
                keep[(y + 1) * g.w + x] = keep[(y + 1) * g.w + x + 1] = 1;
            }
        }
    Img out = g;
    for (size_t q = 0; q < out.p.size(); ++q)
        if (!keep[q]) out.p[q] = 0;
    return out;
}

OptImg fill_color_boxes(const Img& g) {
    Img out = g;
    bool painted = false;
    for (int c = 1; c < 10; ++c) {
        int top = MAX_SIDE, left = MAX_SIDE, bottom = -1, right = -1, n = 0;
        for (int y = 0; y < g.h; ++y)
            for (int x = 0; x < g.w; ++x)
                if (g.at(y, x) == c) {
                    ++n;
                    top = std::min(top, y), bottom = std::max(bottom, y);
                    left = std::min(left, x), right = std::max(right, x);
                }
        if (n < 2) continue;
        for (int y = top; y <= bottom; ++y)
            for (int x = left; x <= right; ++x)
                if (g.at(y, x) == 0) out.at(y, x) = static_cast<uint8_t>(c);
        painted = true;
    }
    if (!painted) return std::nullopt;
    return out;
}

// anchor: 0 'center', 1 'color'
OptImg stamp_template(const Img& g, int anchor) {
    const auto& objects = components_cached(g, 8, true);
    const Object* tmpl = nullptr;
    int n_templates = 0, n_markers = 0;
    for (const Object& o : objects) {
        if (o.cells.size() > 1) {
            tmpl = &o;
            ++n_templates;
        } else {
            ++n_markers;
        }
    }
    if (n_templates != 1 || n_markers == 0) return std::nullopt;
    int top = tmpl->cells.front().first, bottom = tmpl->cells.back().first, left = MAX_SIDE, right = -1;
    for (auto& c : tmpl->cells) left = std::min(left, c.second), right = std::max(right, c.second);
    if (anchor == 0 && ((bottom - top) % 2 || (right - left) % 2)) return std::nullopt;
    Img out = g;
    for (const Object& o : objects) {
        if (o.cells.size() != 1) continue;
        int my = o.cells[0].first, mx = o.cells[0].second, ay = 0, ax = 0;
        if (anchor == 0) {
            ay = (top + bottom) / 2, ax = (left + right) / 2;
        } else {
            int found = 0;
            for (auto& c : tmpl->cells)
                if (g.at(c.first, c.second) == g.at(my, mx)) ay = c.first, ax = c.second, ++found;
            if (found != 1) return std::nullopt;
        }
        for (auto& c : tmpl->cells) {
            int ty = c.first - ay + my, tx = c.second - ax + mx;
            if (ty >= 0 && ty < g.h && tx >= 0 && tx < g.w) out.at(ty, tx) = g.at(c.first, c.second);
        }
    }
    return out;
}

// dsl.connect_elbow
OptImg connect_elbow(const Img& g, int a, int b, int color) {
    int ya = -1, xa = -1, yb = -1, xb = -1, na = 0, nb = 0;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            const int v = g.at(y, x);
            if (v == a) ya = y, xa = x, ++na;
            if (v == b) yb = y, xb = x, ++nb;
        }
    if (na != 1 || nb != 1) return std::nullopt;
    Img out = g;
    for (int x = std::min(xa, xb); x <= std::max(xa, xb); ++x)
        if (!out.at(ya, x)) out.at(ya, x) = static_cast<uint8_t>(color);
    for (int y = std::min(ya, yb); y <= std::max(ya, yb); ++y)
        if (!out.at(y, xb)) out.at(y, xb) = static_cast<uint8_t>(color);
    return out;
}

OptImg connect_pairs(const Img& g, int line_color, bool diagonal) {
    static const int dirs[4][2] = {{0, 1}, {1, 0}, {1, 1}, {1, -1}};
    Img out = g;
    Cells cells;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x)) cells.push_back({y, x});
    for (int d = 0; d < (diagonal ? 4 : 2); ++d) {
        const int dy = dirs[d][0], dx = dirs[d][1];
        for (auto& [y, x] : cells) {
            const int color = g.at(y, x);
            int ny = y + dy, nx = x + dx;
            while (ny >= 0 && ny < g.h && nx >= 0 && nx < g.w && g.at(ny, nx) == 0) ny += dy, nx += dx;
            if (ny >= 0 && ny < g.h && nx >= 0 && nx < g.w && g.at(ny, nx) == color &&
                !(ny == y + dy && nx == x + dx)) {
                int py = y + dy, px = x + dx;
                while (!(py == ny && px == nx)) {
                    out.at(py, px) = static_cast<uint8_t>(line_color < 0 ? color : line_color);
                    py += dy, px += dx;
                }
            }
        }
    }
    return out;
}

OptImg hollow_objects(const Img& g) {
    Img out = g;
    if (g.h > 2 && g.w > 2)
        for (int y = 1; y < g.h - 1; ++y)
            for (int x = 1; x < g.w - 1; ++x)
                if (g.at(y, x) && g.at(y - 1, x) && g.at(y + 1, x) && g.at(y, x - 1) && g.at(y, x + 1)) out.at(y, x) = 0;
    return out;
}

// a Python slice [start:stop] of a length-n axis (negative bounds count from the end, then clamp)
std::pair<int, int> py_slice(int start, int stop, int n) {
    auto norm = [n](int v) { return v < 0 ? std::max(0, v + n) : std::min(v, n); };
    const int a = norm(start), b = norm(stop);
    return {a, std::max(a, b)};
}

// dsl.shift assigns out[max(0, dy):h + min(0, dy), ...] = g[max(0, -dy):h - max(0, dy), ...] with numpy's
// slicing and broadcasting rules, including their behaviour for shifts as large as the grid
OptImg shift(const Img& g, int dy, int dx) {
    auto [oy0, oy1] = py_slice(std::max(0, dy), g.h + std::min(0, dy), g.h);
    auto [ox0, ox1] = py_slice(std::max(0, dx), g.w + std::min(0, dx), g.w);
    auto [gy0, gy1] = py_slice(std::max(0, -dy), g.h - std::max(0, dy), g.h);
    auto [gx0, gx1] = py_slice(std::max(0, -dx), g.w - std::max(0, dx), g.w);
    const int ly = oy1 - oy0, lx = ox1 - ox0, my = gy1 - gy0, mx = gx1 - gx0;
    if ((my != ly && my != 1) || (mx != lx && mx != 1)) return std::nullopt;  // numpy cannot broadcast
    Img out(g.h, g.w);
    for (int y = 0; y < ly; ++y)
        for (int x = 0; x < lx; ++x) out.at(oy0 + y, ox0 + x) = g.at(gy0 + (my == 1 ? 0 : y), gx0 + (mx == 1 ? 0 : x));
    return out;
}

OptImg take_part(const Img& g, int ny, int nx, int iy, int ix) {
    const int bh = g.h / ny, bw = g.w / nx;
    if (bh == 0 || bw == 0) return std::nullopt;
    const int y0 = iy * bh + (iy == ny - 1 ? g.h % ny : 0);
    const int x0 = ix * bw + (ix == nx - 1 ? g.w % nx : 0);
    return crop(g, y0, x0, y0 + bh - 1, x0 + bw - 1);
}

// dsl.crop_corner
OptImg crop_corner(const Img& g, int h, int w, int corner) {
    if (h > g.h || w > g.w || h <= 0 || w <= 0) return std::nullopt;
    const int y0 = corner < 2 ? 0 : g.h - h, x0 = corner % 2 == 0 ? 0 : g.w - w;
    return crop(g, y0, x0, y0 + h - 1, x0 + w - 1);
}

// dsl.fill_empty_lines
OptImg fill_empty_lines(const Img& g, int color) {
    std::vector<char> rows(g.h, 1), cols(g.w, 1);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x) != 0) rows[y] = cols[x] = 0;
    if (std::count(rows.begin(), rows.end(), 1) + std::count(cols.begin(), cols.end(), 1) == 0) return std::nullopt;
    Img out = g;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (rows[y] || cols[x]) out.at(y, x) = static_cast<uint8_t>(color);
    return out;
}

// dsl.step_toward
OptImg step_toward(const Img& g, int mover, int target) {
    if (mover == target) return std::nullopt;
    int ty = -1, tx = -1, targets = 0;
    std::vector<std::pair<int, int>> cells;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            if (g.at(y, x) == target) ++targets, ty = y, tx = x;
            if (g.at(y, x) == mover) cells.push_back({y, x});
        }
    if (targets != 1 || cells.empty()) return std::nullopt;
    Img out = g;
    for (auto [y, x] : cells) out.at(y, x) = 0;
    auto sign = [](int v) { return (v > 0) - (v < 0); };
    for (auto [y, x] : cells) {
        int ny = y + sign(ty - y), nx = x + sign(tx - x);
        if (ny == ty && nx == tx) ny = y, nx = x;
        out.at(ny, nx) = static_cast<uint8_t>(mover);
    }
    return out;
}

// dsl.color_bars
OptImg color_bars(const Img& g) {
    int counts[10] = {0};
    for (uint8_t v : g.p) ++counts[v];
    std::vector<int> colors;
    for (int c = 1; c < 10; ++c)
        if (counts[c]) colors.push_back(c);
    std::stable_sort(colors.begin(), colors.end(), [&](int a, int b) { return counts[a] > counts[b]; });
    if (colors.empty() || counts[colors[0]] > MAX_SIDE) return std::nullopt;
    Img out(counts[colors[0]], static_cast<int>(colors.size()));
    for (size_t j = 0; j < colors.size(); ++j)
        for (int y = 0; y < counts[colors[j]]; ++y) out.at(y, static_cast<int>(j)) = static_cast<uint8_t>(colors[j]);
    return out;
}

// dsl.largest_color_columns
OptImg largest_color_columns(const Img& g) {
    const std::vector<Object>& objects = components_cached(g, 4, false);
    if (objects.empty()) return std::nullopt;
    size_t size = 0;
    for (const Object& o : objects) size = std::max(size, o.cells.size());
    if (size > static_cast<size_t>(MAX_SIDE)) return std::nullopt;
    std::vector<std::array<int, 3>> largest;  // leftmost column, top row, color
    for (const Object& o : objects) {
        if (o.cells.size() != size) continue;
        int left = o.cells[0].second;
        for (auto& c : o.cells) left = std::min(left, c.second);
        largest.push_back({left, o.cells[0].first, o.color});
    }
    std::sort(largest.begin(), largest.end());
    if (largest.size() > static_cast<size_t>(MAX_SIDE)) return std::nullopt;
    Img out(static_cast<int>(size), static_cast<int>(largest.size()));
    for (size_t j = 0; j < largest.size(); ++j)
        for (int y = 0; y < out.h; ++y) out.at(y, static_cast<int>(j)) = static_cast<uint8_t>(largest[j][2]);
    return out;
}

// dsl.frame_empty_twin
OptImg frame_empty_twin(const Img& g) {
    // zeros[y][x]: the 0 cells of the block above and left of (y, x), to test a block for 0 cells in O(1)
    std::vector<int> zeros(static_cast<size_t>(g.h + 1) * (g.w + 1), 0);
    const auto Z = [&](int y, int x) -> int& { return zeros[static_cast<size_t>(y) * (g.w + 1) + x]; };
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) Z(y + 1, x + 1) = Z(y, x + 1) + Z(y + 1, x) - Z(y, x) + (g.at(y, x) == 0);
    const auto empty = [&](int y, int x, int bh, int bw) {
        return Z(y + bh, x + bw) - Z(y, x + bw) - Z(y + bh, x) + Z(y, x) == bh * bw;
    };
    Img out = g;
    bool copied = false;
    for (const Object& o : components_cached(g, 4, false)) {
        int top, left, bottom, right;
        object_box(o, top, left, bottom, right);
        const int ih = bottom - top - 1, iw = right - left - 1;
        if (ih < 1 || iw < 1 || static_cast<int>(o.cells.size()) != 2 * (ih + iw) + 4 || !empty(top + 1, left + 1, ih, iw))
            continue;
        int n = 0, ty = 0, tx = 0;
        for (int y = 1; y < g.h - ih && n < 2; ++y)
            for (int x = 1; x < g.w - iw && n < 2; ++x)
                if ((y != top + 1 || x != left + 1) && empty(y, x, ih, iw)) ++n, ty = y, tx = x;
        if (n != 1) continue;
        const uint8_t c = static_cast<uint8_t>(o.color);
        for (int x = tx - 1; x <= tx + iw; ++x) out.at(ty - 1, x) = c, out.at(ty + ih, x) = c;
        for (int y = ty - 1; y <= ty + ih; ++y) out.at(y, tx - 1) = c, out.at(y, tx + iw) = c;
        copied = true;
    }
    if (!copied) return std::nullopt;
    return out;
}

// dsl.stencil_key
OptImg stencil_key(const Img& g) {
    const std::vector<Object>& objects = components_cached(g, 8, true);
    if (objects.size() < 2) return std::nullopt;
    int best = -1, n_best = 0;
    const Object* key_obj = nullptr;
    for (const Object& o : objects) {
        bool seen[10] = {false};
        int n = 0;
        for (auto& c : o.cells) {
            const uint8_t v = g.at(c.first, c.second);
            if (!seen[v]) seen[v] = true, ++n;
        }
        if (n > best) best = n, n_best = 1, key_obj = &o;
        else if (n == best) ++n_best;
    }
    if (n_best != 1) return std::nullopt;
    int top, left, bottom, right;
    object_box(*key_obj, top, left, bottom, right);
    const int kh = bottom - top + 1, kw = right - left + 1;
    int sy0 = g.h, sx0 = g.w, sy1 = -1, sx1 = -1;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            if (g.at(y, x) == 0 || (y >= top && y <= bottom && x >= left && x <= right)) continue;
            sy0 = std::min(sy0, y), sy1 = std::max(sy1, y), sx0 = std::min(sx0, x), sx1 = std::max(sx1, x);
        }
    if (sy1 < 0) return std::nullopt;
    const int sh = sy1 - sy0 + 1, sw = sx1 - sx0 + 1;
    if (sh % kh || sw % kw) return std::nullopt;
    const int fy = sh / kh, fx = sw / kw;
    Img out(kh, kw);
    for (int i = 0; i < kh; ++i)
        for (int j = 0; j < kw; ++j) {
            int on = 0;
            for (int y = sy0 + i * fy; y < sy0 + (i + 1) * fy; ++y)
                for (int x = sx0 + j * fx; x < sx0 + (j + 1) * fx; ++x) {
                    const bool inside_key = y >= top && y <= bottom && x >= left && x <= right;
                    on += !inside_key && g.at(y, x) != 0;
                }
            if (on != 0 && on != fy * fx) return std::nullopt;
            if (on) out.at(i, j) = g.at(top + i, left + j);
        }
    return out;
}

// dsl.notch_rays
OptImg notch_rays(const Img& g) {
    Img out = g;
    bool drawn = false;
    for (int y = 0; y + 1 < g.h; ++y)
        for (int x = 0; x + 1 < g.w; ++x) {
            int empties = 0, ey = 0, ex = 0, color = -1;
            bool one_color = true;
            for (int by = 0; by < 2; ++by)
                for (int bx = 0; bx < 2; ++bx) {
                    const int v = g.at(y + by, x + bx);
                    if (v == 0) ++empties, ey = by, ex = bx;
                    else if (color < 0) color = v;
                    else one_color = one_color && v == color;
                }
            if (empties != 1 || !one_color) continue;
            const int dy = 2 * ey - 1, dx = 2 * ex - 1;
            drawn = paint_ray(g, out, y + ey + dy, x + ex + dx, dy, dx, color) || drawn;
        }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.bridge_objects
OptImg bridge_objects(const Img& g, int color, int margin) {
    std::vector<std::array<int, 4>> boxes;  // top, left, bottom, right
    for (const Object& o : components_cached(g, 8, false)) {
        int t, l, b, r;
        object_box(o, t, l, b, r);
        boxes.push_back({t, l, b, r});
    }
    Img out = g;
    bool bridged = false;
    for (size_t i = 0; i < boxes.size(); ++i)
        for (size_t j = i + 1; j < boxes.size(); ++j)
            for (int rows = 1; rows >= 0; --rows) {
                // rows: the shared span is of rows (boxes side by side); else of columns (one above the other)
                const int s1 = boxes[i][rows ? 0 : 1], e1 = boxes[i][rows ? 2 : 3];
                const int s2 = boxes[j][rows ? 0 : 1], e2 = boxes[j][rows ? 2 : 3];
                const int a1 = boxes[i][rows ? 1 : 0], z1 = boxes[i][rows ? 3 : 2];
                const int a2 = boxes[j][rows ? 1 : 0], z2 = boxes[j][rows ? 3 : 2];
                const int lo = std::max(s1, s2) + margin, hi = std::min(e1, e2) - margin;
                if (lo > hi) continue;
                int start, stop;
                if (z1 < a2) start = z1 + 1, stop = a2;
                else if (z2 < a1) start = z2 + 1, stop = a1;
                else continue;
                if (stop <= start) continue;
                bool clear = true;
                for (int u = lo; u <= hi && clear; ++u)
                    for (int v = start; v < stop && clear; ++v) clear = (rows ? g.at(u, v) : g.at(v, u)) == 0;
                if (!clear) continue;
                for (int u = lo; u <= hi; ++u)
                    for (int v = start; v < stop; ++v) (rows ? out.at(u, v) : out.at(v, u)) = static_cast<uint8_t>(color);
                bridged = true;
            }
    if (!bridged) return std::nullopt;
    return out;
}

// dsl.bounce_rays; direction 0..3 = a b c d (up-left, up-right, down-left, down-right)
OptImg bounce_rays(const Img& g, int direction) {
    if (g.w < 2) return std::nullopt;
    const int dy = direction < 2 ? -1 : 1, dx0 = direction % 2 ? 1 : -1;
    Img out = g;
    bool drawn = false;
    for (int y0 = 0; y0 < g.h; ++y0)
        for (int x0 = 0; x0 < g.w; ++x0) {
            const uint8_t color = g.at(y0, x0);
            if (color == 0) continue;
            int y = y0, x = x0, dx = dx0;
            while (y + dy >= 0 && y + dy < g.h) {
                if (x + dx < 0 || x + dx >= g.w) dx = -dx;
                y += dy, x += dx;
                if (g.at(y, x) == 0) out.at(y, x) = color, drawn = true;
            }
        }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.ring_crossings
OptImg ring_crossings(const Img& g, int color) {
    std::vector<int> rows, cols;
    for (int y = 0; y < g.h; ++y) {
        bool full = true;
        for (int x = 0; x < g.w; ++x) full = full && g.at(y, x) != 0;
        if (full) rows.push_back(y);
    }
    for (int x = 0; x < g.w; ++x) {
        bool full = true;
        for (int y = 0; y < g.h; ++y) full = full && g.at(y, x) != 0;
        if (full) cols.push_back(x);
    }
    if (rows.empty() || cols.empty()) return std::nullopt;
    Img out = g;
    for (int y : rows)
        for (int x : cols)
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx)
                    if ((dy || dx) && y + dy >= 0 && y + dy < g.h && x + dx >= 0 && x + dx < g.w)
                        out.at(y + dy, x + dx) = static_cast<uint8_t>(color);
    return out;
}

// dsl.mark_centers; side is an index of synth.encoding.HALVES (bottom, left, top, right)
OptImg mark_centers(const Img& g, int color, int side) {
    Img out = g;
    bool marked = false;
    for (const Object& o : components_cached(g, 8, false)) {
        int t, l, b, r;
        object_box(o, t, l, b, r);
        if (side == 0 || side == 2) {
            if ((r - l) % 2) continue;
            out.at(side == 0 ? g.h - 1 : 0, (l + r) / 2) = static_cast<uint8_t>(color);
        } else {
            if ((b - t) % 2) continue;
            out.at((t + b) / 2, side == 3 ? g.w - 1 : 0) = static_cast<uint8_t>(color);
        }
        marked = true;
    }
    if (!marked) return std::nullopt;
    return out;
}

// dsl.marked_objects: the marker color of an object (8-connected, two colors) with a single cell of one of its
// colors; -1 when the object is not such
int marker_color(const Img& g, const Object& o) {
    std::array<int, 10> counts{};
    for (auto [y, x] : o.cells) ++counts[g.at(y, x)];
    int colors = 0, lone = -1, lones = 0;
    for (int c = 1; c < 10; ++c) {
        colors += counts[c] > 0;
        if (counts[c] == 1) lone = c, ++lones;
    }
    return colors == 2 && lones == 1 ? lone : -1;
}

// dsl.shoot_through
OptImg shoot_through(const Img& g) {
    Img out = g;
    bool drawn = false;
    for (const Object& o : components_cached(g, 8, true)) {
        const int lone = marker_color(g, o);
        if (lone < 0) continue;
        int t, l, b, r;
        object_box(o, t, l, b, r);
        int y = -1, x = -1;
        for (auto [cy, cx] : o.cells)
            if (g.at(cy, cx) == lone) y = cy, x = cx;
        int sides = 0, dy = 0, dx = 0;
        if (y == t) ++sides, dy = 1, dx = 0;
        if (y == b) ++sides, dy = -1, dx = 0;
        if (x == l) ++sides, dy = 0, dx = 1;
        if (x == r) ++sides, dy = 0, dx = -1;
        if (sides != 1) continue;
        y += dy, x += dx;
        while (y >= 0 && y < g.h && x >= 0 && x < g.w && g.at(y, x) != 0) y += dy, x += dx;
        drawn = paint_ray(g, out, y, x, dy, dx, lone) || drawn;
    }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.fill_inner_by_size
OptImg fill_inner_by_size(const Img& g, int largest, int others) {
    const std::vector<Object>& objects = components_cached(g, 4, false);
    size_t top = 0, second = 0;
    for (const Object& o : objects) {
        if (o.cells.size() > top) second = top, top = o.cells.size();
        else if (o.cells.size() > second) second = o.cells.size();
    }
    if (objects.empty() || (objects.size() > 1 && top == second)) return std::nullopt;
    Img out = g;
    std::vector<int> owner(g.p.size(), -1);
    for (size_t k = 0; k < objects.size(); ++k)
        for (auto [y, x] : objects[k].cells) owner[y * g.w + x] = static_cast<int>(k);
    bool filled = false;
    for (size_t k = 0; k < objects.size(); ++k)
        for (auto [y, x] : objects[k].cells) {
            bool inner = true;
            for (auto [dy, dx] : {std::pair{-1, 0}, std::pair{1, 0}, std::pair{0, -1}, std::pair{0, 1}}) {
                const int ny = y + dy, nx = x + dx;
                inner = inner && ny >= 0 && ny < g.h && nx >= 0 && nx < g.w && owner[ny * g.w + nx] == static_cast<int>(k);
            }
            if (!inner) continue;
            out.at(y, x) = static_cast<uint8_t>(objects[k].cells.size() == top ? largest : others);
            filled = true;
        }
    if (!filled) return std::nullopt;
    return out;
}

// dsl.rows_from_header
OptImg rows_from_header(const Img& g) {
    for (int x = 0; x < g.w; ++x)
        if (g.at(0, x) == 0) return std::nullopt;
    Img out = g;
    int j = 0;
    for (int y = 0; y < g.h; ++y) {
        bool empty = true;
        for (int x = 0; x < g.w; ++x) empty = empty && g.at(y, x) == 0;
        if (!empty) continue;
        for (int x = 0; x < g.w; ++x) out.at(y, x) = g.at(0, j % g.w);
        ++j;
    }
    if (j == 0) return std::nullopt;
    return out;
}

// dsl.comb_bars
OptImg comb_bars(const Img& g) {
    Img out = g;
    bool combed = false;
    for (const Object& o : components_cached(g, 4, false)) {
        int t, l, b, r;
        object_box(o, t, l, b, r);
        const int height = b - t + 1, width = r - l + 1;
        if (static_cast<int>(o.cells.size()) != height * width || (height != 3 && width != 3) ||
            std::max(height, width) < 3)
            continue;
        if (height == 3)
            for (int x = l + 1; x <= r; x += 2) out.at(t + 1, x) = 0;
        else
            for (int y = t + 1; y <= b; y += 2) out.at(y, l + 1) = 0;
        combed = true;
    }
    if (!combed) return std::nullopt;
    return out;
}

// dsl.plus_between
OptImg plus_between(const Img& g, int color) {
    std::vector<std::pair<int, int>> cells;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x) != 0) cells.push_back({y, x});
    Img out = g;
    bool marked = false;
    for (size_t i = 0; i < cells.size(); ++i)
        for (size_t j = i + 1; j < cells.size(); ++j) {
            auto [y1, x1] = cells[i];
            auto [y2, x2] = cells[j];
            if (g.at(y1, x1) != g.at(y2, x2) || (y1 != y2 && x1 != x2) || (y1 + y2) % 2 || (x1 + x2) % 2) continue;
            const int my = (y1 + y2) / 2, mx = (x1 + x2) / 2;
            for (auto [dy, dx] : {std::pair{0, 0}, std::pair{-1, 0}, std::pair{1, 0}, std::pair{0, -1}, std::pair{0, 1}}) {
                const int y = my + dy, x = mx + dx;
                if (y >= 0 && y < g.h && x >= 0 && x < g.w && g.at(y, x) == 0) {
                    out.at(y, x) = static_cast<uint8_t>(color);
                    marked = true;
                }
            }
        }
    if (!marked) return std::nullopt;
    return out;
}

// dsl.zigzag_down
OptImg zigzag_down(const Img& g) {
    Img out = g;
    bool drawn = false;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            const uint8_t c = g.at(y, x);
            if (c == 0) continue;
            for (int k = 1; y + k < g.h; ++k)
                for (int nx : (k % 2 ? std::vector<int>{x - 1, x + 1} : std::vector<int>{x}))
                    if (nx >= 0 && nx < g.w && g.at(y + k, nx) == 0) {
                        out.at(y + k, nx) = c;
                        drawn = true;
                    }
        }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.fill_open_lines
OptImg fill_open_lines(const Img& g, int color) {
    if (g.h < 3 || g.w < 3) return std::nullopt;
    std::vector<char> rows(g.h, 1), cols(g.w, 1);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x) != 0) {
                if (x > 0 && x < g.w - 1) rows[y] = 0;
                if (y > 0 && y < g.h - 1) cols[x] = 0;
            }
    if (std::count(rows.begin(), rows.end(), 1) + std::count(cols.begin(), cols.end(), 1) == 0) return std::nullopt;
    Img out = g;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if ((rows[y] && x > 0 && x < g.w - 1) || (cols[x] && y > 0 && y < g.h - 1))
                out.at(y, x) = static_cast<uint8_t>(color);
    return out;
}

// dsl.continue_period; side is an index of synth.encoding.DIRECTIONS (down, left, up, right)
OptImg continue_period(const Img& g, int side) {
    const bool along_cols = side == 1 || side == 3;  // lines are columns, counted from the edge opposite `side`
    const int lines = along_cols ? g.w : g.h, across = along_cols ? g.h : g.w;
    auto cell = [&](int i, int j) -> std::pair<int, int> {  // (y, x) of across-index i on line j
        switch (side) {
            case 0: return {j, i};
            case 1: return {i, g.w - 1 - j};
            case 2: return {g.h - 1 - j, i};
            default: return {i, j};
        }
    };
    auto v = [&](int i, int j) { auto [y, x] = cell(i, j); return g.at(y, x); };
    int last = -1;
    for (int j = 0; j < lines; ++j)
        for (int i = 0; i < across; ++i)
            if (v(i, j) != 0) last = j;
    if (last < 0 || last == lines - 1) return std::nullopt;
    const int n = last + 1;
    for (int p = 1; p < n - 1; ++p) {
        bool periodic = true;
        for (int j = p; j < n && periodic; ++j)
            for (int i = 0; i < across && periodic; ++i) periodic = v(i, j) == v(i, j - p);
        if (!periodic) continue;
        Img out(g.h, g.w);
        for (int j = 0; j < lines; ++j)
            for (int i = 0; i < across; ++i) {
                auto [y, x] = cell(i, j);
                out.at(y, x) = v(i, j % p);
            }
        return out;
    }
    return std::nullopt;
}

// dsl.complete_rows_like
OptImg complete_rows_like(const Img& g) {
    std::vector<int> full;
    for (int y = 0; y < g.h; ++y) {
        bool all = true;
        for (int x = 0; x < g.w; ++x) all = all && g.at(y, x) != 0;
        if (all) full.push_back(y);
    }
    Img out = g;
    bool done = false;
    for (int y = 0; y < g.h; ++y) {
        int k = 0;  // one past the last non-0 cell
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x) != 0) k = x + 1;
        if (k == 0 || k == g.w) continue;
        bool start_filled = true;
        for (int x = 0; x < k; ++x) start_filled = start_filled && g.at(y, x) != 0;
        if (!start_filled) continue;
        for (int t : full) {
            int mapping[10];
            std::fill(mapping, mapping + 10, -1);
            bool fits = true;
            for (int x = 0; x < k && fits; ++x) {
                int& m = mapping[g.at(t, x)];
                if (m < 0) m = g.at(y, x);
                fits = m == g.at(y, x);
            }
            for (int x = k; x < g.w && fits; ++x) fits = mapping[g.at(t, x)] >= 0;
            if (!fits) continue;
            for (int x = 0; x < g.w; ++x) out.at(y, x) = static_cast<uint8_t>(mapping[g.at(t, x)]);
            done = true;
            break;
        }
    }
    if (!done) return std::nullopt;
    return out;
}

// (py, px, values) of dsl.find_period; false when there is none
// every (area, py, px) with py <= h, px <= w, sorted, without (h * w, h, w): computed once per shape
const std::vector<std::tuple<int, int, int>>& period_candidates(int h, int w) {
    static std::vector<std::vector<std::tuple<int, int, int>>> table((MAX_SIDE + 1) * (MAX_SIDE + 1));
    auto& cands = table[h * (MAX_SIDE + 1) + w];
    if (cands.empty() && h * w > 1) {
        for (int py = 1; py <= h; ++py)
            for (int px = 1; px <= w; ++px)
                if (!(py == h && px == w)) cands.emplace_back(py * px, py, px);
        std::sort(cands.begin(), cands.end());
    }
    return cands;
}

bool find_period(const Img& g, int noise, int& py_out, int& px_out, std::vector<int>& values) {
    if (g.h > MAX_SIDE || g.w > MAX_SIDE) return false;
    int n_known = 0;
    for (uint8_t v : g.p) n_known += v != noise;
    if (n_known == static_cast<int>(g.p.size())) return false;
    const auto& cands = period_candidates(g.h, g.w);
    std::array<int, MAX_SIDE * MAX_SIDE> value;
    for (auto& [area, py, px] : cands) {
        if (area > n_known) break;  // some class would have no known cell (the areas only grow)
        std::fill(value.begin(), value.begin() + area, -1);  // NOLINT: area <= h * w - 1
        bool ok = true;
        int classes = 0;
        for (int y = 0; y < g.h && ok; ++y)
            for (int x = 0; x < g.w; ++x) {
                const int v = g.at(y, x);
                if (v == noise) continue;
                int& slot = value[(y % py) * px + x % px];
                if (slot < 0) {
                    slot = v;
                    ++classes;
                } else if (slot != v) {
                    ok = false;
                    break;
                }
            }
        if (ok && classes == area) {
            py_out = py, px_out = px;
            values.assign(value.begin(), value.begin() + area);
            return true;
        }
    }
    return false;
}

OptImg fill_periodic(const Img& g, int noise) {
    int py, px;
    std::vector<int> values;
    if (!find_period(g, noise, py, px, values)) return std::nullopt;
    Img out(g.h, g.w);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) out.at(y, x) = static_cast<uint8_t>(values[(y % py) * px + x % px]);
    return out;
}

// dsl.fill_diagonal_periodic: the smallest p (direction sum before diff) whose classes are all known and consistent
OptImg fill_diagonal_periodic(const Img& g, int noise) {
    std::vector<std::array<int, 3>> known;  // (row + col, row - col, color) of every non-noise cell
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x) != noise) known.push_back({y + x, y - x, g.at(y, x)});
    const int n_known = static_cast<int>(known.size());
    if (n_known == static_cast<int>(g.p.size())) return std::nullopt;
    std::array<int, 2 * MAX_SIDE> value;
    for (int p = 1; p < g.h + g.w - 1; ++p) {
        if (p > n_known) break;  // some class would have no known cell
        for (int diff = 0; diff < 2; ++diff) {
            std::fill(value.begin(), value.begin() + p, -1);
            bool ok = true;
            int classes = 0;
            for (const auto& cell : known) {
                int& slot = value[((cell[diff] % p) + p) % p];
                if (slot < 0) {
                    slot = cell[2];
                    ++classes;
                } else if (slot != cell[2]) {
                    ok = false;
                    break;
                }
            }
            if (!ok || classes != p) continue;
            Img out(g.h, g.w);
            for (int y = 0; y < g.h; ++y)
                for (int x = 0; x < g.w; ++x)
                    out.at(y, x) = static_cast<uint8_t>(value[diff ? ((y - x) % p + p) % p : (y + x) % p]);
            return out;
        }
    }
    return std::nullopt;
}

// dsl.border_lines: rows, then columns, whose two end cells share a non-0 color become full lines of it
OptImg border_lines(const Img& g, int keep) {
    std::vector<int> rows, cols;
    for (int y = 0; y < g.h; ++y)
        if (g.w > 1 && g.at(y, 0) != 0 && g.at(y, 0) == g.at(y, g.w - 1)) rows.push_back(y);
    for (int x = 0; x < g.w; ++x)
        if (g.h > 1 && g.at(0, x) != 0 && g.at(0, x) == g.at(g.h - 1, x)) cols.push_back(x);
    if (rows.empty() && cols.empty()) return std::nullopt;
    Img out = keep ? g : Img(g.h, g.w);
    for (int y : rows)
        for (int x = 0; x < g.w; ++x) out.at(y, x) = g.at(y, 0);
    for (int x : cols)
        for (int y = 0; y < g.h; ++y) out.at(y, x) = g.at(0, x);
    return out;
}

OptImg period_tile(const Img& g) {
    std::vector<std::tuple<int, int, int>> cands;
    for (int py = 1; py <= g.h; ++py)
        for (int px = 1; px <= g.w; ++px) cands.emplace_back(py * px, py, px);
    std::sort(cands.begin(), cands.end());
    for (auto& [area, py, px] : cands) {
        if (py == g.h && px == g.w) break;
        bool ok = true;
        for (int y = 0; y < g.h && ok; ++y)
            for (int x = 0; x < g.w; ++x)
                if (g.at(y, x) != g.at(y % py, x % px)) { ok = false; break; }
        if (ok) return crop(g, 0, 0, py - 1, px - 1);
    }
    return std::nullopt;
}

// dsl.period_extend_to
OptImg period_extend_to(const Img& g, int height, int width) {
    if (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE) return std::nullopt;
    OptImg unit = period_tile(g);
    const Img& u = unit ? *unit : g;
    Img out(height, width);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) out.at(y, x) = u.at(y % u.h, x % u.w);
    return out;
}

// dsl.period_extend
OptImg period_extend(const Img& g, int fy, int fx) { return period_extend_to(g, g.h * fy, g.w * fx); }

// dsl.keep_center; axis 0 rows 1 cols
OptImg keep_center(const Img& g, int axis) {
    if ((axis == 1 ? g.w : g.h) % 2 == 0) return std::nullopt;
    Img out(g.h, g.w);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (axis == 1 ? x == g.w / 2 : y == g.h / 2) out.at(y, x) = g.at(y, x);
    return out;
}

// dsl.mirror_extend; axis 0 rows 1 cols
OptImg mirror_extend(const Img& g, int axis, int k) {
    const int n = axis == 0 ? g.h : g.w, length = k * (n - 1) + 1;
    if (n < 2 || length > MAX_SIDE) return std::nullopt;
    const int period = 2 * (n - 1);
    Img out(axis == 0 ? length : g.h, axis == 0 ? g.w : length);
    for (int i = 0; i < length; ++i) {
        const int src = i % period < n ? i % period : period - i % period;
        for (int j = 0; j < (axis == 0 ? g.w : g.h); ++j) {
            if (axis == 0) out.at(i, j) = g.at(src, j);
            else out.at(j, i) = g.at(j, src);
        }
    }
    return out;
}

// dsl.drift_extend; axis 0 rows 1 cols
OptImg drift_extend(const Img& g, int axis, int length) {
    const int n = axis == 0 ? g.h : g.w, m = axis == 0 ? g.w : g.h;
    if (length <= n || length > MAX_SIDE) return std::nullopt;
    std::vector<std::vector<uint8_t>> lines(n, std::vector<uint8_t>(m));
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < m; ++j) lines[i][j] = axis == 0 ? g.at(i, j) : g.at(j, i);
    auto cell = [&](const std::vector<uint8_t>& line, int j, int s) -> uint8_t {
        const int src = j - s;  // out[j] = line[j - s]
        return src >= 0 && src < m ? line[src] : 0;
    };
    for (int p = 1; p < n - 1; ++p) {
        for (int t = 0; t < 2 * m - 1; ++t) {
            const int s = t == 0 ? 0 : (t % 2 ? -(t + 1) / 2 : t / 2);
            bool ok = true;
            for (int i = p; i < n && ok; ++i)
                for (int j = 0; j < m && ok; ++j) ok = lines[i][j] == cell(lines[i - p], j, s);
            if (!ok) continue;
            while (static_cast<int>(lines.size()) < length) {
                std::vector<uint8_t> next(m);
                const std::vector<uint8_t>& from = lines[lines.size() - p];
                for (int j = 0; j < m; ++j) next[j] = cell(from, j, s);
                lines.push_back(std::move(next));
            }
            Img out(axis == 0 ? length : m, axis == 0 ? m : length);
            for (int i = 0; i < length; ++i)
                for (int j = 0; j < m; ++j) {
                    if (axis == 0) out.at(i, j) = lines[i][j];
                    else out.at(j, i) = lines[i][j];
                }
            return out;
        }
    }
    return std::nullopt;
}

// dsl.repeat_band; axis 0 rows 1 cols
OptImg repeat_band(const Img& g, int axis) {
    const int n = axis == 0 ? g.h : g.w, m = axis == 0 ? g.w : g.h;
    auto cell = [&](int line, int k) { return axis == 0 ? g.at(line, k) : g.at(k, line); };
    int first = -1, last = -1;
    for (int i = 0; i < n; ++i)
        for (int k = 0; k < m; ++k)
            if (cell(i, k)) {
                if (first < 0) first = i;
                last = i;
                break;
            }
    if (first < 0) return std::nullopt;
    const int period = last - first + 1;
    Img out(g.h, g.w);
    for (int i = 0; i < n; ++i) {
        const int src = first + (((i - first) % period) + period) % period;
        for (int k = 0; k < m; ++k) {
            if (axis == 0) out.at(i, k) = g.at(src, k);
            else out.at(k, i) = g.at(k, src);
        }
    }
    return out;
}

OptImg invert_colors(const Img& g) {
    auto counts = histogram(g);
    int c = -1, n = 0;
    for (int k = 1; k < 10; ++k)
        if (counts[k]) c = k, ++n;
    if (n != 1) return std::nullopt;
    Img out(g.h, g.w);
    for (size_t i = 0; i < g.p.size(); ++i) out.p[i] = g.p[i] == 0 ? static_cast<uint8_t>(c) : 0;
    return out;
}

OptImg symmetrize(const Img& g, int kind, int noise);

OptImg noise_patch(const Img& g, const OptImg& filled, int noise) {
    int t, l, b, r;
    if (!box_of(g, [noise](uint8_t v) { return v == noise; }, t, l, b, r)) return std::nullopt;
    if (!filled) return std::nullopt;
    return crop(*filled, t, l, b, r);
}

OptImg outline_objects(const Img& g, int color) {
    Img out = g;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            if (g.at(y, x) != 0) continue;
            bool near = false;
            for (int dy = -1; dy <= 1 && !near; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int ny = y + dy, nx = x + dx;
                    if (ny >= 0 && ny < g.h && nx >= 0 && nx < g.w && g.at(ny, nx)) { near = true; break; }
                }
            if (near) out.at(y, x) = static_cast<uint8_t>(color);
        }
    return out;
}

OptImg draw_border(const Img& g, int color) {
    Img out = g;
    const uint8_t c = static_cast<uint8_t>(color);
    for (int x = 0; x < g.w; ++x) out.at(0, x) = c, out.at(g.h - 1, x) = c;
    for (int y = 0; y < g.h; ++y) out.at(y, 0) = c, out.at(y, g.w - 1) = c;
    return out;
}

// a is g (axis 1) or g.T (axis 0); returns the mirror position or -1
int best_mirror_axis(const Img& a, int noise) {
    const int n = a.w;
    bool found = false;
    std::tuple<int, int, int> best{};
    int best_s = -1;
    for (int s = 0; s < 2 * n - 1; ++s) {
        const int lo = std::max(0, s - (n - 1)), hi = std::min(n - 1, s);
        const int len = hi - lo + 1;
        if (len < std::max(2, (n + 1) / 2)) continue;
        bool ok = true;
        for (int c = lo; c <= hi && ok; ++c)
            for (int y = 0; y < a.h; ++y) {
                const int u = a.at(y, c), v = a.at(y, s - c);
                if (u != noise && v != noise && u != v) { ok = false; break; }
            }
        if (!ok) continue;
        std::tuple<int, int, int> score{len, -std::abs(s - (n - 1)), -s};
        if (!found || score > best) found = true, best = score, best_s = s;
    }
    return best_s;
}

OptImg mirror_fill(const Img& g, int noise, int axis) {
    Img a = axis == 1 ? g : transpose(g);
    const int s = best_mirror_axis(a, noise);
    if (s < 0) return std::nullopt;
    const int n = a.w;
    for (int j = 0; j < n; ++j) {
        const int k = s - j;
        if (k < 0 || k >= n) continue;
        for (int y = 0; y < a.h; ++y)
            if (a.at(y, j) == noise && a.at(y, k) != noise) a.at(y, j) = a.at(y, k);
    }
    return axis == 1 ? a : transpose(a);
}

// dsl.symmetrize_about. kind: 0 lr, 1 ud, 2 lrud, 3 r180, 4 rot4, 5 all. Elements: 0 lr 1 ud 2 r180 3 t 4 at 5 r90 6 r270
const std::vector<std::vector<int>> CENTERED_GROUPS = {{0}, {1}, {0, 1, 2}, {2}, {5, 2, 6}, {0, 1, 2, 3, 4, 5, 6}};

inline std::pair<int, int> image_about(int name, int r, int c, int sy, int sx) {
    const int d = (sy - sx) / 2, s = (sy + sx) / 2;  // exact where used (sy - sx even for diagonal elements)
    switch (name) {
        case 0: return {r, sx - c};
        case 1: return {sy - r, c};
        case 2: return {sy - r, sx - c};
        case 3: return {c + d, r - d};
        case 4: return {s - c, s - r};
        case 5: return {c + d, s - r};
        default: return {s - c, r - d};
    }
}

OptImg symmetrize_about(const Img& g, int kind, int noise, int center) {
    if (kind < 0 || kind >= static_cast<int>(CENTERED_GROUPS.size())) return std::nullopt;
    const auto& group = CENTERED_GROUPS[kind];
    bool diagonal = false;
    for (int e : group) diagonal = diagonal || e >= 3;
    // the known cells, those not of the most common color first (a conflict shows up sooner there)
    std::vector<std::pair<int, int>> known, common;
    const int most = most_common_color(g);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x) != noise) (g.at(y, x) == most ? common : known).push_back({y, x});
    known.insert(known.end(), common.begin(), common.end());
    if (known.empty() || known.size() == g.p.size()) return std::nullopt;
    int y_lo = g.h, y_hi = -1, x_lo = g.w, x_hi = -1;
    for (auto [y, x] : known) y_lo = std::min(y_lo, y), y_hi = std::max(y_hi, y), x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x);
    const int by = y_lo + y_hi, bx = x_lo + x_hi;  // the known cells' box center, in half cells
    int row_lo = std::max(0, by - 6), row_hi = std::min(2 * g.h - 2, by + 6);
    int col_lo = std::max(0, bx - 6), col_hi = std::min(2 * g.w - 2, bx + 6);
    if (center >= 0) {
        int y0 = g.h, y1 = -1, x0 = g.w, x1 = -1;
        for (int y = 0; y < g.h; ++y)
            for (int x = 0; x < g.w; ++x)
                if (g.at(y, x) == center) y0 = std::min(y0, y), y1 = std::max(y1, y), x0 = std::min(x0, x), x1 = std::max(x1, x);
        if (y1 < 0) return std::nullopt;
        row_lo = row_hi = y0 + y1, col_lo = col_hi = x0 + x1;
    } else {
        if (kind == 0) row_lo = row_hi = g.h - 1;
        if (kind == 1) col_lo = col_hi = g.w - 1;
    }
    bool found = false;
    std::tuple<int, int, int, int> best{};
    int best_sy = 0, best_sx = 0;
    for (int sy = row_lo; sy <= row_hi; ++sy)
        for (int sx = col_lo; sx <= col_hi; ++sx) {
            if (diagonal && (sy - sx) % 2) continue;
            int matches = 0;
            for (int e : group) {
                for (auto [y, x] : known) {
                    auto [y2, x2] = image_about(e, y, x, sy, sx);
                    if (y2 < 0 || y2 >= g.h || x2 < 0 || x2 >= g.w || (y2 == y && x2 == x)) continue;
                    const uint8_t v = g.at(y2, x2);
                    if (v == noise) continue;
                    if (v != g.at(y, x)) { matches = -1; break; }
                    ++matches;
                }
                if (matches < 0) break;
            }
            if (matches <= 0) continue;
            std::tuple<int, int, int, int> score{matches, -(std::abs(sy - by) + std::abs(sx - bx)), -sy, -sx};
            if (!found || score > best) found = true, best = score, best_sy = sy, best_sx = sx;
        }
    if (!found) return std::nullopt;
    Img out = g;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            if (g.at(y, x) != noise) continue;
            for (int e : group) {
                auto [y2, x2] = image_about(e, y, x, best_sy, best_sx);
                if (y2 < 0 || y2 >= g.h || x2 < 0 || x2 >= g.w) continue;
                if (g.at(y2, x2) != noise) { out.at(y, x) = g.at(y2, x2); break; }
            }
        }
    return out;
}

// dsl.pixels_to_lines
OptImg pixels_to_lines(const Img& g, int keep) {
    struct Line { int color, top, left, bottom, right; };
    std::vector<Line> lines;
    std::vector<std::pair<int, std::pair<int, int>>> pixels;
    for (const Object& o : components_cached(g, 4, false)) {
        int top, left, bottom, right;
        object_box(o, top, left, bottom, right);
        if (o.cells.size() == 1) pixels.push_back({o.color, o.cells[0]});
        else if ((top == bottom || left == right) && o.cells.size() >= 3) lines.push_back({o.color, top, left, bottom, right});
    }
    if (lines.empty() || pixels.empty()) return std::nullopt;
    Img out = g;
    for (auto& [c, cell] : pixels) out.at(cell.first, cell.second) = 0;
    for (auto& [color, cell] : pixels) {
        const int y = cell.first, x = cell.second;
        int best = -1, ty = 0, tx = 0;
        for (const Line& l : lines) {
            if (l.color != color) continue;
            int distance, yy, xx;
            if (l.top == l.bottom && l.left <= x && x <= l.right) {
                distance = std::abs(y - l.top), yy = l.top + (y > l.top ? 1 : -1), xx = x;
            } else if (l.left == l.right && l.top <= y && y <= l.bottom) {
                distance = std::abs(x - l.left), yy = y, xx = l.left + (x > l.left ? 1 : -1);
            } else {
                continue;
            }
            if (best < 0 || distance < best) best = distance, ty = yy, tx = xx;
        }
        if (best >= 0) out.at(ty, tx) = static_cast<uint8_t>(color);
        else if (keep) out.at(y, x) = static_cast<uint8_t>(color);
    }
    return out;
}

// dsl.cross_lines
OptImg cross_lines(const Img& g, int crossing) {
    std::array<int, MAX_SIDE> rows, cols;  // the line's color, -1 none, -2 two colors
    rows.fill(-1), cols.fill(-1);
    bool any = false;
    auto add = [&](int& slot, int color) { slot = slot == -1 || slot == color ? color : -2; };
    for (const Object& o : components_cached(g, 4, false)) {
        int top, left, bottom, right;
        object_box(o, top, left, bottom, right);
        if (top == bottom) add(rows[top], o.color), any = true;
        if (left == right) add(cols[left], o.color), any = true;
    }
    if (!any) return std::nullopt;
    for (int i = 0; i < MAX_SIDE; ++i)
        if (rows[i] == -2 || cols[i] == -2) return std::nullopt;
    Img out = g;
    for (int y = 0; y < g.h; ++y) {
        if (rows[y] < 0) continue;
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x) == 0) out.at(y, x) = static_cast<uint8_t>(rows[y]);
    }
    for (int x = 0; x < g.w; ++x) {
        if (cols[x] < 0) continue;
        for (int y = 0; y < g.h; ++y)
            if (g.at(y, x) == 0)
                out.at(y, x) = static_cast<uint8_t>(rows[y] >= 0 && rows[y] != cols[x] ? crossing : cols[x]);
    }
    return out;
}

// dsl.place_templates: dsl.complete_templates (move 0) and dsl.move_templates (move 1)
OptImg place_templates(const Img& g, int turns, int move) {
    const std::vector<Object>& objects = components_cached(g, 8, true);
    std::vector<int> label(g.p.size(), -1);
    for (size_t i = 0; i < objects.size(); ++i)
        for (auto& c : objects[i].cells) label[static_cast<size_t>(c.first) * g.w + c.second] = static_cast<int>(i);
    std::vector<Img> templates;
    std::vector<int> owners;
    for (size_t i = 0; i < objects.size(); ++i) {
        const Object& o = objects[i];
        int mask = 0, top, left, bottom, right;
        for (auto& c : o.cells) mask |= 1 << g.at(c.first, c.second);
        if (__builtin_popcount(mask) < 2) continue;
        owners.push_back(static_cast<int>(i));
        object_box(o, top, left, bottom, right);
        Img patch(bottom - top + 1, right - left + 1);
        for (auto& c : o.cells) patch.at(c.first - top, c.second - left) = g.at(c.first, c.second);
        templates.push_back(std::move(patch));
    }
    if (templates.empty()) return std::nullopt;
    struct Placement {
        int taken, t, n, oy, ox;
        std::vector<int> touched;  // sorted object ids
        const Img* p;
    };
    std::vector<Img> variants;  // kept alive for the placements
    variants.reserve(templates.size() * 8);
    std::vector<Placement> placements;
    for (size_t t = 0; t < templates.size(); ++t) {
        std::vector<const Img*> seen;
        for (int n = 0; n < (turns ? 8 : 1); ++n) {
            OptImg v = dihedral(templates[t], n);
            if (!v || v->h > g.h || v->w > g.w) continue;
            bool dup = false;
            for (const Img* other : seen) dup = dup || *other == *v;
            if (dup) continue;
            variants.push_back(std::move(*v));
            const Img& p = variants.back();
            seen.push_back(&p);
            for (int oy = 0; oy + p.h <= g.h; ++oy)
                for (int ox = 0; ox + p.w <= g.w; ++ox) {
                    bool ok = true;
                    int taken = 0;
                    std::vector<int> touched;
                    for (int y = 0; y < p.h && ok; ++y)
                        for (int x = 0; x < p.w; ++x) {
                            const uint8_t want = p.at(y, x);
                            if (!want) continue;
                            const uint8_t v = g.at(oy + y, ox + x);
                            if (!v) continue;
                            if (v != want) { ok = false; break; }
                            ++taken;
                            const int id = label[static_cast<size_t>(oy + y) * g.w + ox + x];
                            if (std::find(touched.begin(), touched.end(), id) == touched.end()) touched.push_back(id);
                        }
                    if (!ok || !taken) continue;
                    long cells = 0;
                    for (int id : touched) cells += static_cast<long>(objects[id].cells.size());
                    if (cells != taken) continue;
                    std::sort(touched.begin(), touched.end());
                    placements.push_back({taken, static_cast<int>(t), n, oy, ox, std::move(touched), &p});
                }
        }
    }
    std::sort(placements.begin(), placements.end(), [](const Placement& a, const Placement& b) {
        return std::make_tuple(-a.taken, a.t, a.n, a.oy, a.ox) < std::make_tuple(-b.taken, b.t, b.n, b.oy, b.ox);
    });
    std::vector<char> used(objects.size(), 0), moved(templates.size(), 0);
    std::vector<const Placement*> taken;
    for (const Placement& pl : placements) {
        const int own = owners[pl.t];
        bool clash = move && used[own];
        for (int id : pl.touched) clash = clash || used[id] || (move && id == own);
        if (clash) continue;
        for (int id : pl.touched) used[id] = 1;
        if (move) used[own] = 1, moved[pl.t] = 1;
        taken.push_back(&pl);
    }
    if (move && taken.empty()) return std::nullopt;
    Img out = g;
    for (size_t t = 0; t < templates.size(); ++t)
        if (moved[t])
            for (auto& c : objects[owners[t]].cells) out.at(c.first, c.second) = 0;
    for (const Placement* pl : taken)
        for (int y = 0; y < pl->p->h; ++y)
            for (int x = 0; x < pl->p->w; ++x)
                if (pl->p->at(y, x)) out.at(pl->oy + y, pl->ox + x) = pl->p->at(y, x);
    return out;
}

// dsl.template_onto_shapes
OptImg template_onto_shapes(const Img& g, int conn, int keep) {
    struct Shape {
        int top, left;
        std::vector<std::pair<int, int>> rel;  // shape_key: cells relative to the box
        const Object* o;
    };
    std::vector<Shape> templates, holders;
    for (const Object& o : components_cached(g, conn, true)) {
        int top, left, bottom, right, mask = 0;
        object_box(o, top, left, bottom, right);
        for (auto& c : o.cells) mask |= 1 << g.at(c.first, c.second);
        (__builtin_popcount(mask) == 1 ? holders : templates).push_back({top, left, shape_key(o), &o});
    }
    Img out = g;
    if (!keep)
        for (const Shape& t : templates)
            for (auto& c : t.o->cells) out.at(c.first, c.second) = 0;
    bool painted = false;
    for (const Shape& s : holders)
        for (const Shape& t : templates) {
            if (t.rel != s.rel) continue;
            for (auto& c : s.rel) out.at(s.top + c.first, s.left + c.second) = g.at(t.top + c.first, t.left + c.second);
            painted = true;
            break;
        }
    if (!painted) return std::nullopt;
    return out;
}

// dsl.alternate_rays; direction as gravity's: 0 down 1 left 2 up 3 right
OptImg alternate_rays(const Img& g, int direction, int color) {
    static const int steps[4][2] = {{1, 0}, {0, -1}, {-1, 0}, {0, 1}};
    const int dy = steps[direction][0], dx = steps[direction][1];
    Img out = g;
    bool drawn = false;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            if (!g.at(y, x)) continue;
            for (int k = 1;; ++k) {
                const int ny = y + k * dy, nx = x + k * dx;
                if (ny < 0 || ny >= g.h || nx < 0 || nx >= g.w || g.at(ny, nx)) break;
                out.at(ny, nx) = k % 2 ? static_cast<uint8_t>(color) : g.at(y, x);
                drawn = true;
            }
        }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.anchor_hits: (y, x, dy, dx, k) for each cell neither 0 nor `anchor` that looks along (dy, dx) over
// k - 1 >= 1 zero cells onto an `anchor` cell, cells in reading order, then down, up, right, left
std::vector<std::array<int, 5>> anchor_hits(const Img& g, int anchor) {
    static const int steps[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    std::vector<std::array<int, 5>> hits;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            const uint8_t v = g.at(y, x);
            if (!v || v == anchor) continue;
            for (auto& s : steps) {
                int k = 1;
                auto inside = [&](int j) {
                    const int ny = y + j * s[0], nx = x + j * s[1];
                    return ny >= 0 && ny < g.h && nx >= 0 && nx < g.w;
                };
                while (inside(k) && !g.at(y + k * s[0], x + k * s[1])) ++k;
                if (k > 1 && inside(k) && g.at(y + k * s[0], x + k * s[1]) == anchor) hits.push_back({y, x, s[0], s[1], k});
            }
        }
    return hits;
}

// dsl.rays_to
OptImg rays_to(const Img& g, int anchor) {
    const auto hits = anchor_hits(g, anchor);
    if (hits.empty()) return std::nullopt;
    Img out = g;
    for (const auto& [y, x, dy, dx, k] : hits)
        for (int j = 1; j < k; ++j) out.at(y + j * dy, x + j * dx) = g.at(y, x);
    return out;
}

// dsl.repeat_lines
OptImg repeat_lines(const Img& g) {
    std::vector<std::pair<int, int>> cells;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x)) cells.emplace_back(y, x);
    if (cells.size() != 2) return std::nullopt;
    const bool cols = g.w >= g.h;
    auto key = [&](const std::pair<int, int>& c) { return cols ? std::make_pair(c.second, c.first) : c; };
    if (key(cells[1]) < key(cells[0])) std::swap(cells[0], cells[1]);
    const int a = cols ? cells[0].second : cells[0].first, b = cols ? cells[1].second : cells[1].first;
    const int step = b - a;
    if (step == 0) return std::nullopt;
    const uint8_t colors[2] = {g.at(cells[0].first, cells[0].second), g.at(cells[1].first, cells[1].second)};
    Img out(g.h, g.w);
    const int n = cols ? g.w : g.h, m = cols ? g.h : g.w;
    for (int k = 0, at = a; at < n; ++k, at += step)
        for (int i = 0; i < m; ++i) {
            if (cols) out.at(i, at) = colors[k % 2];
            else out.at(at, i) = colors[k % 2];
        }
    return out;
}

// dsl.meet_halves
OptImg meet_halves(const Img& g, int middle, int axis) {  // axis 0 rows 1 cols
    Img out = g;
    bool drawn = false;
    const int n = axis == 0 ? g.h : g.w, m = axis == 0 ? g.w : g.h;
    auto src = [&](int i, int k) { return axis == 0 ? g.at(i, k) : g.at(k, i); };
    auto put = [&](int i, int k, uint8_t v) { if (axis == 0) out.at(i, k) = v; else out.at(k, i) = v; };
    for (int i = 0; i < n; ++i) {
        int first = -1, second = -1, count = 0;
        for (int k = 0; k < m; ++k)
            if (src(i, k)) {
                if (count == 0) first = k;
                else second = k;
                ++count;
            }
        if (count != 2 || second - first < 2) continue;
        const int gap = second - first - 1, half = gap / 2;
        for (int k = 1; k <= half; ++k) put(i, first + k, src(i, first)), put(i, second - k, src(i, second));
        if (gap % 2) put(i, first + 1 + half, static_cast<uint8_t>(middle));
        drawn = true;
    }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.sort_bars
OptImg sort_bars(const Img& g) {
    std::vector<std::vector<uint8_t>> rows(g.h);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x)) rows[y].push_back(g.at(y, x));
    std::vector<int> order(g.h);
    for (int y = 0; y < g.h; ++y) order[y] = y;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return rows[a].size() < rows[b].size(); });
    Img out(g.h, g.w);
    for (int k = 0; k < g.h; ++k) {
        const auto& r = rows[order[k]];
        for (size_t j = 0; j < r.size(); ++j) out.at(k, g.w - static_cast<int>(r.size()) + static_cast<int>(j)) = r[j];
    }
    return out;
}

// dsl.tile_runs
OptImg tile_runs(const Img& g) {
    Img out = g;
    bool drawn = false;
    for (int axis = 0; axis < 2; ++axis) {
        const int n = axis == 0 ? g.h : g.w, m = axis == 0 ? g.w : g.h;
        auto src = [&](int i, int k) { return axis == 0 ? g.at(i, k) : g.at(k, i); };
        for (int i = 0; i < n; ++i) {
            int first = -1, last = -1, count = 0;
            for (int k = 0; k < m; ++k)
                if (src(i, k)) {
                    if (first < 0) first = k;
                    last = k;
                    ++count;
                }
            if (count < 2 || last - first + 1 != count) continue;
            for (int k = 0; k < m; ++k) {
                const uint8_t v = src(i, first + (((k - first) % count) + count) % count);
                if (axis == 0) out.at(i, k) = v;
                else out.at(k, i) = v;
            }
            drawn = true;
        }
    }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.fill_between_corners
OptImg fill_between_corners(const Img& g, int color) {
    Img out = g;
    bool drawn = false;
    for (int c = 1; c < 10; ++c) {
        std::vector<std::pair<int, int>> cells;
        for (int y = 0; y < g.h; ++y)
            for (int x = 0; x < g.w; ++x)
                if (g.at(y, x) == c) cells.emplace_back(y, x);
        if (cells.size() < 4 || cells.size() > 20) continue;
        for (auto [y1, x1] : cells)
            for (auto [y2, x2] : cells) {
                if (y2 <= y1 + 1 || x2 <= x1 + 1 || g.at(y1, x2) != c || g.at(y2, x1) != c) continue;
                for (int y = y1 + 1; y < y2; ++y)
                    for (int x = x1 + 1; x < x2; ++x)
                        if (!g.at(y, x)) out.at(y, x) = static_cast<uint8_t>(color);
                drawn = true;
            }
    }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.project_onto
OptImg project_onto(const Img& g, int anchor) {
    const auto hits = anchor_hits(g, anchor);
    if (hits.empty()) return std::nullopt;
    Img out = g;
    for (const auto& [y, x, dy, dx, k] : hits) out.at(y + k * dy, x + k * dx) = g.at(y, x);
    return out;
}

// dsl.fill_empty_squares
OptImg fill_empty_squares(const Img& g, int k, int color) {
    Img out = g;
    std::vector<uint8_t> taken(g.p.size(), 0);
    bool drawn = false;
    for (int y = 0; y + k <= g.h; ++y)
        for (int x = 0; x + k <= g.w; ++x) {
            bool ok = true;
            for (int dy = 0; dy < k && ok; ++dy)
                for (int dx = 0; dx < k && ok; ++dx)
                    ok = !g.at(y + dy, x + dx) && !taken[(y + dy) * g.w + x + dx];
            if (!ok) continue;
            for (int dy = 0; dy < k; ++dy)
                for (int dx = 0; dx < k; ++dx) {
                    out.at(y + dy, x + dx) = static_cast<uint8_t>(color);
                    taken[(y + dy) * g.w + x + dx] = 1;
                }
            drawn = true;
        }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.empty_rects: (top, bottom, left, right) of every rectangle of free cells (row-major, h x w) at least 2 x 2
// as wide as its rows allow, by top, bottom, left
std::vector<std::array<int, 4>> empty_rects(const std::vector<uint8_t>& free, int h, int w) {
    std::vector<std::array<int, 4>> rects;
    std::vector<uint8_t> open(w);
    for (int top = 0; top + 1 < h; ++top) {
        for (int x = 0; x < w; ++x) open[x] = free[top * w + x];
        for (int bottom = top + 1; bottom < h; ++bottom) {
            for (int x = 0; x < w; ++x) open[x] = open[x] && free[bottom * w + x];
            int run = 0;
            for (int x = 0; x <= w; ++x) {
                if (x < w && open[x]) {
                    ++run;
                    continue;
                }
                if (run >= 2) rects.push_back({top, bottom, x - run, x - 1});
                run = 0;
            }
        }
    }
    return rects;
}

int rect_area(const std::array<int, 4>& r) { return (r[1] - r[0] + 1) * (r[3] - r[2] + 1); }

// dsl.fill_largest_empty
OptImg fill_largest_empty(const Img& g, int color) {
    std::vector<uint8_t> free(g.p.size());
    for (size_t q = 0; q < g.p.size(); ++q) free[q] = g.p[q] == 0;
    const auto rects = empty_rects(free, g.h, g.w);
    int best = 0, found = 0;
    std::array<int, 4> pick{};
    for (const auto& r : rects) {
        if (rect_area(r) > best) best = rect_area(r), found = 1, pick = r;
        else if (rect_area(r) == best) ++found;
    }
    if (found != 1) return std::nullopt;
    Img out = g;
    for (int y = pick[0]; y <= pick[1]; ++y)
        for (int x = pick[2]; x <= pick[3]; ++x) out.at(y, x) = static_cast<uint8_t>(color);
    return out;
}

// dsl.alternate_cells
OptImg alternate_cells(const Img& g, int color) {
    Img out = g;
    bool drawn = false;
    for (const Object& o : components_cached(g, 8, false))
        for (size_t i = 1; i < o.cells.size(); i += 2) {
            out.at(o.cells[i].first, o.cells[i].second) = static_cast<uint8_t>(color);
            drawn = true;
        }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.center_lines
OptImg center_lines(const Img& g, int color) {
    Img out = g;
    bool drawn = false;
    for (const Object& o : components_cached(g, 8, false)) {
        if (o.cells.size() < 2) continue;
        int top = g.h, left = g.w, bottom = -1, right = -1;
        for (auto [y, x] : o.cells) {
            top = std::min(top, y), bottom = std::max(bottom, y);
            left = std::min(left, x), right = std::max(right, x);
        }
        if ((bottom - top) % 2 || (right - left) % 2) continue;
        const int cy = (top + bottom) / 2, cx = (left + right) / 2;
        for (int x = 0; x < g.w; ++x)
            if (!g.at(cy, x)) out.at(cy, x) = static_cast<uint8_t>(color);
        for (int y = 0; y < g.h; ++y)
            if (!g.at(y, cx)) out.at(y, cx) = static_cast<uint8_t>(color);
        drawn = true;
    }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.cross_points
OptImg cross_points(const Img& g, int color, int corner) {
    const int edge_row = corner < 2 ? 0 : g.h - 1, edge_col = corner % 2 == 0 ? 0 : g.w - 1;
    std::vector<int> rows, cols;
    for (int y = 0; y < g.h; ++y)
        if (g.at(y, edge_col)) rows.push_back(y);
    for (int x = 0; x < g.w; ++x)
        if (g.at(edge_row, x)) cols.push_back(x);
    Img out = g;
    bool drawn = false;
    for (int y : rows)
        for (int x : cols)
            if (!g.at(y, x)) out.at(y, x) = static_cast<uint8_t>(color), drawn = true;
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.reverse_rings
OptImg reverse_rings(const Img& g) {
    auto ring = [&](int y, int x) { return std::min(std::min(y, x), std::min(g.h - 1 - y, g.w - 1 - x)); };
    const int n = ring((g.h - 1) / 2, (g.w - 1) / 2) + 1;
    std::vector<int> colors(n, -1);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            int& c = colors[ring(y, x)];
            if (c < 0) c = g.at(y, x);
            else if (c != g.at(y, x)) return std::nullopt;
        }
    Img out(g.h, g.w);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) out.at(y, x) = static_cast<uint8_t>(colors[n - 1 - ring(y, x)]);
    return out;
}

// dsl.paint_from_edge; side as recolor_half's: 0 bottom 1 left 2 top 3 right
OptImg paint_from_edge(const Img& g, int color, int side) {
    Img out = g;
    bool changed = false;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            if (g.at(y, x) != color) continue;
            const int key = side == 0 ? g.at(g.h - 1, x) : side == 1 ? g.at(y, 0) : side == 2 ? g.at(0, x) : g.at(y, g.w - 1);
            if (key != 0 && key != color) out.at(y, x) = static_cast<uint8_t>(key), changed = true;
        }
    if (!changed) return std::nullopt;
    return out;
}

// dsl.recolor_like_enclosed
OptImg recolor_like_enclosed(const Img& g, int conn) {
    const std::vector<uint8_t> outside = border_zeros(g);
    auto out_at = [&](int y, int x) { return outside[static_cast<size_t>(y) * g.w + x] != 0; };
    const std::vector<Object>& objects = components_cached(g, conn, false);
    using Shape = std::vector<std::pair<int, int>>;
    std::vector<char> is_key(objects.size(), 0);
    std::map<Shape, int> keys;  // shape -> its keys' color mask
    for (size_t i = 0; i < objects.size(); ++i) {
        bool enclosed = true;
        for (auto& [y, x] : objects[i].cells) {
            if (y == 0 || x == 0 || y == g.h - 1 || x == g.w - 1 || out_at(y + 1, x) || out_at(y - 1, x) ||
                out_at(y, x + 1) || out_at(y, x - 1)) { enclosed = false; break; }
        }
        if (!enclosed) continue;
        is_key[i] = 1;
        keys[shape_key(objects[i])] |= 1 << objects[i].color;
    }
    Img out = g;
    bool changed = false;
    for (size_t i = 0; i < objects.size(); ++i) {
        if (is_key[i]) continue;
        auto it = keys.find(shape_key(objects[i]));
        if (it == keys.end() || __builtin_popcount(it->second) != 1 || (it->second >> objects[i].color & 1)) continue;
        const int color = __builtin_ctz(it->second);
        for (auto& [y, x] : objects[i].cells) out.at(y, x) = static_cast<uint8_t>(color);
        changed = true;
    }
    if (!changed) return std::nullopt;
    return out;
}

// dsl.center_in_frame
OptImg center_in_frame(const Img& g, int frame) {
    int ft = g.h, fl = g.w, fb = -1, fr = -1, ot = g.h, ol = g.w, ob = -1, orr = -1;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            const int v = g.at(y, x);
            if (v == frame) ft = std::min(ft, y), fb = std::max(fb, y), fl = std::min(fl, x), fr = std::max(fr, x);
            else if (v) ot = std::min(ot, y), ob = std::max(ob, y), ol = std::min(ol, x), orr = std::max(orr, x);
        }
    if (fb < 0 || ob < 0) return std::nullopt;
    const int dy2 = ft + fb - ot - ob, dx2 = fl + fr - ol - orr;
    if (dy2 % 2 || dx2 % 2) return std::nullopt;
    const int dy = dy2 / 2, dx = dx2 / 2;
    if (ot + dy < 0 || ol + dx < 0 || ob + dy >= g.h || orr + dx >= g.w) return std::nullopt;
    Img out = g;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x) && g.at(y, x) != frame) out.at(y, x) = 0;
    for (int y = ot; y <= ob; ++y)
        for (int x = ol; x <= orr; ++x)
            if (g.at(y, x) && g.at(y, x) != frame) out.at(y + dy, x + dx) = g.at(y, x);
    return out;
}

// dsl.scale_into_frame
OptImg scale_into_frame(const Img& g) {
    const Object* frame = nullptr;
    int top = 0, left = 0, bottom = 0, right = 0, frames = 0;
    for (const Object& o : components_cached(g, 8, false)) {
        int t, l, b, r;
        object_box(o, t, l, b, r);
        if (b - t < 2 || r - l < 2 || static_cast<long>(o.cells.size()) != 2L * (b - t + 1) + 2L * (r - l + 1) - 4) continue;
        bool border = true;
        for (auto& c : o.cells) border = border && (c.first == t || c.first == b || c.second == l || c.second == r);
        if (!border) continue;
        ++frames, frame = &o, top = t, left = l, bottom = b, right = r;
    }
    if (frames != 1) return std::nullopt;
    Img rest = g;
    for (auto& c : frame->cells) rest.at(c.first, c.second) = 0;
    int st = g.h, sl = g.w, sb = -1, sr = -1;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (rest.at(y, x)) st = std::min(st, y), sb = std::max(sb, y), sl = std::min(sl, x), sr = std::max(sr, x);
    if (sb < 0) return std::nullopt;
    const int sh = sb - st + 1, sw = sr - sl + 1, ih = bottom - top - 1, iw = right - left - 1;
    if (ih % sh || iw % sw || ih / sh != iw / sw) return std::nullopt;
    const int k = ih / sh;
    Img out(bottom - top + 1, right - left + 1, static_cast<uint8_t>(frame->color));
    for (int y = 0; y < ih; ++y)
        for (int x = 0; x < iw; ++x) out.at(y + 1, x + 1) = rest.at(st + y / k, sl + x / k);
    return out;
}

// dsl.leaky_box
OptImg leaky_box(const Img& g, int color) {
    Img out = g;
    bool found = false;
    for (const Object& o : components_cached(g, 8, false)) {
        int top, left, bottom, right;
        object_box(o, top, left, bottom, right);
        if (bottom - top < 2 || right - left < 2) continue;
        const long border = 2L * (bottom - top + 1) + 2L * (right - left + 1) - 4;
        if (static_cast<long>(o.cells.size()) != border - 1) continue;
        bool on_border = true;
        for (auto& c : o.cells)
            on_border = on_border && (c.first == top || c.first == bottom || c.second == left || c.second == right);
        if (!on_border) continue;
        // the one border cell the object lacks (its cells are sorted row-major, as the border walk below)
        int gy = -1, gx = -1;
        size_t k = 0;
        for (int y = top; y <= bottom && gy < 0; ++y)
            for (int x = left; x <= right; ++x) {
                if (!(y == top || y == bottom || x == left || x == right)) continue;
                if (k < o.cells.size() && o.cells[k].first == y && o.cells[k].second == x) { ++k; continue; }
                gy = y, gx = x;
                break;
            }
        if (gy < 0 || g.at(gy, gx) != 0 || ((gy == top || gy == bottom) && (gx == left || gx == right))) continue;
        found = true;
        for (int y = top + 1; y < bottom; ++y)
            for (int x = left + 1; x < right; ++x)
                if (g.at(y, x) == 0) out.at(y, x) = static_cast<uint8_t>(color);
        out.at(gy, gx) = static_cast<uint8_t>(color);
        const int dy = gy == top ? -1 : gy == bottom ? 1 : 0, dx = dy ? 0 : (gx == left ? -1 : 1);
        paint_ray(g, out, gy + dy, gx + dx, dy, dx, color);
    }
    if (!found) return std::nullopt;
    return out;
}

// dsl.band_holes
OptImg band_holes(const Img& g, int color) {
    // colors[i] of line i (rows when by_rows, else columns): its one color besides `color`, or -1
    auto line_colors = [&](bool by_rows, std::vector<int>& colors) {
        const int n = by_rows ? g.h : g.w, m = by_rows ? g.w : g.h;
        colors.assign(n, -1);
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < m; ++j) {
                const int v = by_rows ? g.at(i, j) : g.at(j, i);
                if (v == color) continue;
                if (colors[i] < 0) colors[i] = v;
                else if (colors[i] != v) return false;
            }
            if (colors[i] < 0) return false;
        }
        return true;
    };
    std::vector<int> rc, cc;
    const bool rows = line_colors(true, rc), cols = line_colors(false, cc);
    if (rows == cols) return std::nullopt;
    const std::vector<int>& colors = rows ? rc : cc;
    const int n = rows ? g.h : g.w, m = rows ? g.w : g.h;
    Img out = g;
    bool found = false;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < m; ++j) {
            if ((rows ? g.at(i, j) : g.at(j, i)) != color) continue;
            found = true;
            int top = i, bottom = i;
            while (top > 0 && colors[top - 1] == colors[i]) --top;
            while (bottom < n - 1 && colors[bottom + 1] == colors[i]) ++bottom;
            for (int k = top; k <= bottom; ++k) (rows ? out.at(k, j) : out.at(j, k)) = static_cast<uint8_t>(color);
        }
    if (!found) return std::nullopt;
    return out;
}

// dsl.wall_rays
OptImg wall_rays(const Img& g, int toward, int away) {
    int n_walls = 0, k = -1;
    bool rows = true;
    for (int y = 0; y < g.h; ++y) {
        bool full = g.at(y, 0) != 0;
        for (int x = 1; x < g.w && full; ++x) full = g.at(y, x) == g.at(y, 0);
        if (full) ++n_walls, k = y, rows = true;
    }
    for (int x = 0; x < g.w; ++x) {
        bool full = g.at(0, x) != 0;
        for (int y = 1; y < g.h && full; ++y) full = g.at(y, x) == g.at(0, x);
        if (full) ++n_walls, k = x, rows = false;
    }
    if (n_walls != 1 || toward == away) return std::nullopt;
    const int wall_color = rows ? g.at(k, 0) : g.at(0, k);
    if (wall_color == toward || wall_color == away) return std::nullopt;
    Img out = g;
    bool painted = false;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            const int v = g.at(y, x);
            if (v != toward && v != away) continue;
            const int here = rows ? y : x, side = k > here ? 1 : -1, step = v == toward ? side : -side;
            const int dy = rows ? step : 0, dx = rows ? 0 : step;
            painted = paint_ray(g, out, y + dy, x + dx, dy, dx, v) || painted;
        }
    if (!painted) return std::nullopt;
    return out;
}

// dsl.merge_touching
OptImg merge_touching(const Img& g, int a, int b, int color) {
    if (a == b) return std::nullopt;
    static const int steps[4][2] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
    Img out = g;
    bool found = false;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            if (g.at(y, x) != a) continue;
            for (const auto& s : steps) {
                const int ny = y + s[0], nx = x + s[1];
                if (ny < 0 || ny >= g.h || nx < 0 || nx >= g.w || g.at(ny, nx) != b) continue;
                out.at(y, x) = static_cast<uint8_t>(color);
                out.at(ny, nx) = 0;
                found = true;
            }
        }
    if (!found) return std::nullopt;
    return out;
}


// dsl.paint_trail: copies of `cells` shifted by 1, 2, 3... times (dy, dx), painted over the 0 cells of g,
// until a copy lies wholly off the grid
void paint_trail(const Img& g, Img& out, const std::vector<std::pair<int, int>>& cells, int dy, int dx, int color) {
    for (int k = 1;; ++k) {
        bool inside = false;
        for (auto [y, x] : cells) {
            const int ny = y + k * dy, nx = x + k * dx;
            if (ny < 0 || ny >= g.h || nx < 0 || nx >= g.w) continue;
            inside = true;
            if (g.at(ny, nx) == 0) out.at(ny, nx) = static_cast<uint8_t>(color);
        }
        if (!inside) return;
    }
}

// dsl.trail_copies
OptImg trail_copies(const Img& g) {
    Img out = g;
    bool found = false;
    for (const Object& o : components_cached(g, 8, true)) {
        const int lone = marker_color(g, o);
        if (lone < 0) continue;
        int my = -1, mx = -1;
        std::vector<std::pair<int, int>> shape;
        for (auto [y, x] : o.cells) {
            if (g.at(y, x) == lone) my = y, mx = x;
            else shape.push_back({y, x});
        }
        int top = g.h, left = g.w, bottom = -1, right = -1;
        for (auto [y, x] : shape) {
            top = std::min(top, y), bottom = std::max(bottom, y);
            left = std::min(left, x), right = std::max(right, x);
        }
        if (top <= my && my <= bottom && left <= mx && mx <= right) continue;
        const int sy = 2 * my - top - bottom, sx = 2 * mx - left - right;
        const int dy = (sy > 0) - (sy < 0), dx = (sx > 0) - (sx < 0);
        std::vector<char> own(g.p.size(), 0);
        for (auto [y, x] : shape) own[y * g.w + x] = 1;
        auto in_shape = [&](int y, int x) { return y >= 0 && y < g.h && x >= 0 && x < g.w && own[y * g.w + x]; };
        int k = 1;
        for (;; ++k) {
            bool overlap = false;
            for (auto [y, x] : shape) overlap = overlap || in_shape(y + k * dy, x + k * dx);
            if (!overlap) break;
        }
        if (!in_shape(my - k * dy, mx - k * dx)) continue;
        found = true;
        paint_trail(g, out, shape, k * dy, k * dx, lone);
    }
    if (!found) return std::nullopt;
    return out;
}

// dsl.mark_like_key
OptImg mark_like_key(const Img& g, int frame, int paint) {
    int top = g.h, left = g.w, bottom = -1, right = -1;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x) == frame)
                top = std::min(top, y), bottom = std::max(bottom, y), left = std::min(left, x), right = std::max(right, x);
    if (bottom < 0) return std::nullopt;
    using Shape = std::vector<std::pair<int, int>>;
    std::vector<Shape> keys;
    std::vector<const Object*> others;
    for (const Object& o : components_cached(g, 8, false)) {
        if (o.color == frame) continue;
        size_t inside = 0;
        for (auto [y, x] : o.cells) inside += top <= y && y <= bottom && left <= x && x <= right;
        if (inside == o.cells.size()) keys.push_back(shape_key(o));
        else if (inside == 0) others.push_back(&o);
    }
    Img out = g;
    bool found = false;
    for (const Object* o : others) {
        if (std::find(keys.begin(), keys.end(), shape_key(*o)) == keys.end()) continue;
        found = true;
        for (auto [y, x] : o->cells) out.at(y, x) = static_cast<uint8_t>(paint);
    }
    if (!found) return std::nullopt;
    return out;
}

// dsl.gather_to
OptImg gather_to(const Img& g, int color) {
    std::vector<std::pair<int, int>> targets, lone;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x) == color) targets.push_back({y, x});
    if (targets.empty()) return std::nullopt;
    for (const Object& o : components_cached(g, 8, false))
        if (o.color != color && o.cells.size() == 1) lone.push_back(o.cells[0]);
    if (lone.empty()) return std::nullopt;
    std::sort(lone.begin(), lone.end());
    Img out = g;
    for (auto [y, x] : lone) out.at(y, x) = 0;
    for (auto [y, x] : lone) {
        long best = -1;
        int by = 0, bx = 0;
        for (auto [ty, tx] : targets) {
            const long d = static_cast<long>(ty - y) * (ty - y) + static_cast<long>(tx - x) * (tx - x);
            if (best < 0 || d < best) best = d, by = ty, bx = tx;
        }
        out.at(by, bx) = g.at(y, x);
    }
    return out;
}

// dsl.mirror_to_marker
OptImg mirror_to_marker(const Img& g, int color) {
    Img out = g;
    bool found = false;
    for (const Object& o : components_cached(g, 8, true)) {
        std::vector<std::pair<int, int>> marker, body;
        int body_colors = 0;
        std::array<int, 10> counts{};
        for (auto [y, x] : o.cells) {
            if (g.at(y, x) == color) marker.push_back({y, x});
            else body.push_back({y, x}), body_colors += counts[g.at(y, x)]++ == 0;
        }
        if (marker.empty() || body.empty() || body_colors != 1) continue;
        int top = g.h, left = g.w, bottom = -1, right = -1;
        for (auto [y, x] : body)
            top = std::min(top, y), bottom = std::max(bottom, y), left = std::min(left, x), right = std::max(right, x);
        bool sides[4] = {true, true, true, true};
        for (auto [y, x] : marker) {
            sides[0] = sides[0] && y < top;
            sides[1] = sides[1] && y > bottom;
            sides[2] = sides[2] && x < left;
            sides[3] = sides[3] && x > right;
        }
        const int n = sides[0] + sides[1] + sides[2] + sides[3];
        if (n != 1) continue;
        found = true;
        for (auto [y, x] : marker) out.at(y, x) = 0;
        const int side = sides[0] ? 0 : sides[1] ? 1 : sides[2] ? 2 : 3;
        for (auto [y, x] : body) {
            const int ny = side == 0 ? 2 * top - 1 - y : side == 1 ? 2 * bottom + 1 - y : y;
            const int nx = side == 2 ? 2 * left - 1 - x : side == 3 ? 2 * right + 1 - x : x;
            if (ny >= 0 && ny < g.h && nx >= 0 && nx < g.w && out.at(ny, nx) == 0) out.at(ny, nx) = g.at(y, x);
        }
    }
    if (!found) return std::nullopt;
    return out;
}

// dsl.assemble_corners
OptImg assemble_corners(const Img& g) {
    const std::vector<Object>& objects = components_cached(g, 8, true);
    if (objects.size() != 4) return std::nullopt;
    std::vector<std::array<int, 4>> boxes;
    for (const Object& o : objects) {
        int t, l, b, r;
        object_box(o, t, l, b, r);
        boxes.push_back({t, l, b, r});
    }
    const int h = boxes[0][2] - boxes[0][0] + 1, w = boxes[0][3] - boxes[0][1] + 1;
    for (auto& b : boxes)
        if (b[2] - b[0] + 1 != h || b[3] - b[1] + 1 != w) return std::nullopt;
    if (2 * h > MAX_SIDE || 2 * w > MAX_SIDE) return std::nullopt;
    Img out(2 * h, 2 * w);
    int used = 0;
    for (size_t i = 0; i < objects.size(); ++i) {
        const auto [t, l, b, r] = boxes[i];
        const std::pair<int, int> corners[4] = {{t, l}, {t, r}, {b, l}, {b, r}};
        int missing = -1, n = 0;
        for (int k = 0; k < 4; ++k)
            if (!std::binary_search(objects[i].cells.begin(), objects[i].cells.end(), corners[k])) missing = k, ++n;
        if (n != 1 || (used >> missing & 1)) return std::nullopt;
        used |= 1 << missing;
        const int quarter = 3 - missing, oy = (quarter / 2) * h, ox = (quarter % 2) * w;
        for (auto [y, x] : objects[i].cells) out.at(oy + y - t, ox + x - l) = g.at(y, x);
    }
    return out;
}


// dsl.frame_inside_points
OptImg frame_inside_points(const Img& g) {
    auto counts = histogram(g);
    std::vector<int> colors;
    for (int c = 1; c < 10; ++c)
        if (counts[c]) colors.push_back(c);
    if (colors.size() != 2) return std::nullopt;
    std::array<int, 10> objects{}, largest{};
    for (const Object& o : components_cached(g, 8, false)) {
        objects[o.color]++;
        largest[o.color] = std::max(largest[o.color], static_cast<int>(o.cells.size()));
    }
    int marks = -1, found = 0;
    for (int c : colors)
        if (objects[c] >= 2 && largest[c] == 1) marks = c, ++found;
    if (found != 1) return std::nullopt;
    const int frame = colors[0] == marks ? colors[1] : colors[0];
    int top, left, bottom, right;
    box_of(g, [marks](uint8_t v) { return v == marks; }, top, left, bottom, right);
    ++top, ++left, --bottom, --right;
    if (bottom - top < 1 || right - left < 1) return std::nullopt;
    Img out = g;
    for (int y = top; y <= bottom; ++y)
        for (int x = left; x <= right; ++x)
            if ((y == top || y == bottom || x == left || x == right) && !g.at(y, x))
                out.at(y, x) = static_cast<uint8_t>(frame);
    return out;
}

// dsl.detour_rays; direction as gravity's: 0 down 1 left 2 up 3 right; side 1 clockwise, -1 counterclockwise
OptImg detour_rays(const Img& g, int direction, int side) {
    static const int steps[4][2] = {{1, 0}, {0, -1}, {-1, 0}, {0, 1}};
    if (direction < 0 || direction > 3) return std::nullopt;
    const int dy = steps[direction][0], dx = steps[direction][1], sy = dx * side, sx = -dy * side;
    auto free = [&](int y, int x) { return y >= 0 && y < g.h && x >= 0 && x < g.w && !g.at(y, x); };
    Img out = g;
    bool painted = false;
    const int n = dy ? g.w : g.h;
    for (int i = 0; i < n; ++i) {
        int y = dy ? (dy < 0 ? g.h - 1 : 0) : i, x = dy ? i : (dx < 0 ? g.w - 1 : 0);
        const uint8_t color = g.at(y, x);
        if (!color) continue;
        while (true) {
            if (y + dy < 0 || y + dy >= g.h || x + dx < 0 || x + dx >= g.w) break;
            if (!g.at(y + dy, x + dx)) y += dy, x += dx;
            else if (free(y + sy, x + sx)) y += sy, x += sx;
            else break;
            out.at(y, x) = color;
            painted = true;
        }
    }
    if (!painted) return std::nullopt;
    return out;
}

// dsl.fill_group_boxes
OptImg fill_group_boxes(const Img& g, int color, int fill, int gap) {
    const int reach = gap + 1;
    std::vector<char> seen(g.p.size(), 0);
    Img out = g;
    bool filled = false;
    for (int y0 = 0; y0 < g.h; ++y0)
        for (int x0 = 0; x0 < g.w; ++x0) {
            if (g.at(y0, x0) != color || seen[y0 * g.w + x0]) continue;
            seen[y0 * g.w + x0] = 1;
            std::vector<std::pair<int, int>> stack{{y0, x0}};
            int top = y0, left = x0, bottom = y0, right = x0;
            while (!stack.empty()) {
                auto [y, x] = stack.back();
                stack.pop_back();
                top = std::min(top, y), left = std::min(left, x), bottom = std::max(bottom, y), right = std::max(right, x);
                for (int ny = std::max(0, y - reach); ny < std::min(g.h, y + reach + 1); ++ny)
                    for (int nx = std::max(0, x - reach); nx < std::min(g.w, x + reach + 1); ++nx)
                        if (g.at(ny, nx) == color && !seen[ny * g.w + nx]) {
                            seen[ny * g.w + nx] = 1;
                            stack.push_back({ny, nx});
                        }
            }
            for (int y = top; y <= bottom; ++y)
                for (int x = left; x <= right; ++x)
                    if (g.at(y, x) != color) out.at(y, x) = static_cast<uint8_t>(fill), filled = true;
        }
    if (!filled) return std::nullopt;
    return out;
}

// dsl.crop_solid_rect
OptImg crop_solid_rect(const Img& g) {
    const int h = g.h, w = g.w;
    long best = 0;
    std::vector<std::array<int, 4>> boxes;
    std::vector<int> sums((h + 1) * (w + 1));
    auto S = [&](int i, int j) -> int& { return sums[i * (w + 1) + j]; };
    for (int color = 0; color < 10; ++color) {
        int n = 0;
        for (uint8_t v : g.p) n += v == color;
        if (n < 8) continue;
        for (int i = 0; i <= h; ++i)
            for (int j = 0; j <= w; ++j)
                S(i, j) = i && j ? S(i - 1, j) + S(i, j - 1) - S(i - 1, j - 1) + (g.at(i - 1, j - 1) == color) : 0;
        std::vector<int> xs;
        for (int top = 0; top < h - 2; ++top)
            for (int bottom = top + 2; bottom < h; ++bottom) {
                auto edge = [&](int x) { return g.at(top, x) == color && g.at(bottom, x) == color; };
                int x = 0;
                while (x < w) {
                    if (!edge(x)) { ++x; continue; }
                    xs.clear();
                    for (; x < w && edge(x); ++x)
                        if (S(bottom + 1, x + 1) - S(bottom + 1, x) - S(top, x + 1) + S(top, x) == bottom - top + 1)
                            xs.push_back(x);
                    for (size_t i = 0; i < xs.size(); ++i) {
                        const int left = xs[i];
                        for (size_t j = xs.size() - 1; j > i; --j) {
                            const int right = xs[j];
                            const long area = static_cast<long>(bottom - top + 1) * (right - left + 1);
                            if (right - left < 2 || area < best) break;
                            const int inside = S(bottom, right) - S(top + 1, right) - S(bottom, left + 1) + S(top + 1, left + 1);
                            if (2 * inside <= (bottom - top - 1) * (right - left - 1)) continue;
                            if (area > best) best = area, boxes.clear();
                            boxes.push_back({top, left, bottom, right});
                            break;
                        }
                    }
                }
            }
    }
    if (boxes.size() != 1) return std::nullopt;
    return crop(g, boxes[0][0], boxes[0][1], boxes[0][2], boxes[0][3]);
}

// dsl.concentric_squares
OptImg concentric_squares(const Img& g) {
    Cells cells;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x)) cells.push_back({y, x});
    if (cells.size() < 3 || cells.size() % 2 == 0) return std::nullopt;
    const uint8_t color = g.at(cells[0].first, cells[0].second);
    for (auto& [y, x] : cells)
        if (g.at(y, x) != color) return std::nullopt;
    const int dy = cells[1].first - cells[0].first, dx = cells[1].second - cells[0].second;
    const int d = std::max(std::abs(dy), std::abs(dx));
    if (d < 2 || (dy && dx && std::abs(dy) != std::abs(dx))) return std::nullopt;
    for (size_t i = 1; i < cells.size(); ++i)
        if (cells[i].first - cells[i - 1].first != dy || cells[i].second - cells[i - 1].second != dx) return std::nullopt;
    const int cy = cells[cells.size() / 2].first, cx = cells[cells.size() / 2].second;
    Img out = g;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (std::max(std::abs(y - cy), std::abs(x - cx)) % d == 0) out.at(y, x) = color;
    return out;
}

// dsl.mend_lines
OptImg mend_lines(const Img& g, int fill) {
    int top, left, bottom, right;
    if (!box_of(g, [](uint8_t v) { return v != 0; }, top, left, bottom, right)) return std::nullopt;
    if (bottom - top < 2 || right - left < 2) return std::nullopt;
    const int h = bottom - top + 1, w = right - left + 1;
    std::vector<int> rows(h, 0), cols(w, 0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            if (g.at(top + y, left + x)) rows[y]++, cols[x]++;
    Img out = g;
    bool mended = false;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            if (!g.at(top + y, left + x) && (2 * rows[y] > w || 2 * cols[x] > h)) {
                out.at(top + y, left + x) = static_cast<uint8_t>(fill);
                mended = true;
            }
    if (!mended) return std::nullopt;
    return out;
}

// dsl.mark_midpoints; rows first, then columns, colors in increasing order (later writes win, as in Python)
OptImg mark_midpoints(const Img& g, int color) {
    const int bg = most_common_color(g);
    Img out = g;
    bool found = false;
    for (int across = 0; across < 2; ++across) {
        const int lines = across ? g.w : g.h, len = across ? g.h : g.w;
        for (int i = 0; i < lines; ++i) {
            std::array<int, 10> count{}, first{}, last{};
            for (int j = 0; j < len; ++j) {
                const int v = across ? g.at(j, i) : g.at(i, j);
                if (!count[v]++) first[v] = j;
                last[v] = j;
            }
            for (int c = 1; c < 10; ++c) {
                if (c == bg || count[c] != 2 || (last[c] - first[c]) % 2) continue;
                const int m = (first[c] + last[c]) / 2;
                const uint8_t paint = static_cast<uint8_t>(color < 0 ? c : color);
                if (across) out.at(m, i) = paint;
                else out.at(i, m) = paint;
                found = true;
            }
        }
    }
    if (!found) return std::nullopt;
    return out;
}

// dsl.pixels_in_grid
OptImg pixels_in_grid(const Img& g, int h, int w, int by_cols, int snake) {
    if (h < 1 || w < 1) return std::nullopt;
    std::vector<std::pair<int, int>> cells;  // (major, minor) keys of the reading order
    if (by_cols) {
        for (int x = 0; x < g.w; ++x)
            for (int y = 0; y < g.h; ++y)
                if (g.at(y, x)) cells.push_back({y, x});
    } else {
        for (int y = 0; y < g.h; ++y)
            for (int x = 0; x < g.w; ++x)
                if (g.at(y, x)) cells.push_back({y, x});
    }
    if (cells.empty() || static_cast<long>(cells.size()) > static_cast<long>(h) * w) return std::nullopt;
    Img out(h, w);
    for (size_t k = 0; k < cells.size(); ++k) {
        const int r = static_cast<int>(k) / w, c = static_cast<int>(k) % w;
        out.at(r, snake && r % 2 ? w - 1 - c : c) = g.at(cells[k].first, cells[k].second);
    }
    return out;
}

// dsl.stripe_square
OptImg stripe_square(const Img& g) {
    for (int across = 0; across < 2; ++across) {
        const int lines = across ? g.w : g.h, len = across ? g.h : g.w;
        std::vector<int> colors;
        int last = -1;
        bool ok = true;
        for (int i = 0; i < lines && ok; ++i) {
            int present = -1;
            for (int j = 0; j < len; ++j) {
                const int v = across ? g.at(j, i) : g.at(i, j);
                if (!v) continue;
                if (present >= 0 && v != present) { ok = false; break; }
                present = v;
            }
            if (!ok || present < 0) continue;
            if (!(last == i - 1 && !colors.empty() && colors.back() == present)) colors.push_back(present);
            last = i;
        }
        if (ok && !colors.empty()) {
            const int n = static_cast<int>(colors.size());
            if (n > 30) return std::nullopt;
            Img out(n, n);
            for (int y = 0; y < n; ++y)
                for (int x = 0; x < n; ++x) out.at(y, x) = static_cast<uint8_t>(colors[across ? x : y]);
            return out;
        }
    }
    return std::nullopt;
}

// dsl.stair_bar
OptImg stair_bar(const Img& g, int grow, int shrink) {
    int top, a, bottom, b;
    if (!box_of(g, [](uint8_t v) { return v != 0; }, top, a, bottom, b) || top != bottom) return std::nullopt;
    const int row = top;
    for (int x = a; x <= b; ++x)
        if (!g.at(row, x)) return std::nullopt;
    Img out = g;
    for (int k = 1; k <= row; ++k)
        for (int x = a; x <= std::min(b + k, g.w - 1); ++x) out.at(row - k, x) = static_cast<uint8_t>(grow);
    for (int k = 1; k < std::min(g.h - row, b - a + 1); ++k)
        for (int x = a; x <= b - k; ++x) out.at(row + k, x) = static_cast<uint8_t>(shrink);
    return out;
}


// dsl.draw_spiral
OptImg draw_spiral(const Img& g, int color) {
    const int h = g.h, w = g.w;
    if (h < 2 || w < 2) return std::nullopt;
    std::vector<uint8_t> on(static_cast<size_t>(h) * w, 0);
    static const int steps[4][2] = {{0, 1}, {1, 0}, {0, -1}, {-1, 0}};
    auto inside = [&](int y, int x) { return y >= 0 && y < h && x >= 0 && x < w; };
    auto free = [&](int y, int x, int d) {
        const int ny = y + steps[d][0], nx = x + steps[d][1];
        if (!inside(ny, nx) || on[ny * w + nx]) return false;
        const int fy = ny + steps[d][0], fx = nx + steps[d][1];
        return !(inside(fy, fx) && on[fy * w + fx]);
    };
    int y = 0, x = 0, d = 0;
    on[0] = 1;
    while (true) {
        if (!free(y, x, d)) {
            d = (d + 1) % 4;
            if (!free(y, x, d)) break;
        }
        y += steps[d][0], x += steps[d][1];
        on[y * w + x] = 1;
    }
    Img out = g;
    for (int q = 0; q < h * w; ++q)
        if (on[q]) out.p[q] = static_cast<uint8_t>(color);
    return out;
}

// dsl.step_rays
OptImg step_rays(const Img& g, int source, int marker) {
    const int h = g.h, w = g.w;
    if (source == marker || source == 0 || marker == 0) return std::nullopt;
    Cells src, marks;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            if (g.at(y, x) == source) src.push_back({y, x});
            else if (g.at(y, x) == marker) marks.push_back({y, x});
        }
    if (src.empty() || marks.empty()) return std::nullopt;
    auto coord = [](const std::pair<int, int>& c, int axis) { return axis == 0 ? c.first : c.second; };
    const int lines[4][2] = {{0, 0}, {0, h - 1}, {1, 0}, {1, w - 1}};
    int axis = -1, edge = 0;
    for (auto& l : lines) {
        bool all = true;
        for (auto& c : src) all = all && coord(c, l[0]) == l[1];
        if (all) { axis = l[0], edge = l[1]; break; }
    }
    if (axis < 0) return std::nullopt;
    const int across = 1 - axis, far = axis == 0 ? w - 1 : h - 1;
    bool low = true, high = true;
    for (auto& c : marks) low = low && coord(c, across) == 0, high = high && coord(c, across) == far;
    if (!low && !high) return std::nullopt;
    const int side = low ? 1 : -1;
    const int n = axis == 0 ? h : w, forward = edge == 0 ? 1 : -1;
    std::vector<uint8_t> step(n, 0);
    for (auto& c : marks) step[coord(c, axis)] = 1;
    Img out = g;
    for (auto& c : src) {
        int pos = coord(c, axis), lateral = coord(c, across);
        while (true) {
            pos += forward;
            if (pos < 0 || pos >= n) break;
            if (step[pos]) lateral += side;
            if (lateral < 0 || lateral > far) break;
            const int y = axis == 0 ? pos : lateral, x = axis == 0 ? lateral : pos;
            if (g.at(y, x) == 0) out.at(y, x) = static_cast<uint8_t>(source);
        }
    }
    return out;
}

// dsl.shift_by_count
OptImg shift_by_count(const Img& g, int marker, int dy, int dx) {
    const int h = g.h, w = g.w;
    int k = 0;
    for (uint8_t v : g.p) k += v == marker;
    if (k == 0 || marker == 0 || (dy == 0 && dx == 0) || k * std::abs(dy) >= h || k * std::abs(dx) >= w)
        return std::nullopt;
    Img out(h, w);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int sy = std::clamp(y - k * dy, 0, h - 1), sx = std::clamp(x - k * dx, 0, w - 1);
            const uint8_t v = g.at(sy, sx);
            out.at(y, x) = v == marker ? 0 : v;
        }
    return out;
}

// dsl.count_bars; direction as gravity's: 0 down 1 left 2 up 3 right
OptImg count_bars(const Img& g, int color, int direction) {
    const std::vector<Object>& objects = components_cached(g, 8, true);
    if (objects.empty()) return std::nullopt;
    Img out = g;
    for (const Object& o : objects) {
        int top, left, bottom, right;
        object_box(o, top, left, bottom, right);
        bool seen[10] = {};
        int n = 0;
        for (auto& c : o.cells) {
            const uint8_t v = g.at(c.first, c.second);
            if (!seen[v]) seen[v] = true, ++n;
        }
        int y0 = top, y1 = bottom, x0 = left, x1 = right;
        if (direction == 0) y0 = bottom + 1, y1 = bottom + n;
        else if (direction == 2) y0 = top - n, y1 = top - 1;
        else if (direction == 3) x0 = right + 1, x1 = right + n;
        else x0 = left - n, x1 = left - 1;
        y0 = std::max(y0, 0), y1 = std::min(y1, g.h - 1), x0 = std::max(x0, 0), x1 = std::min(x1, g.w - 1);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                if (g.at(y, x) == 0) out.at(y, x) = static_cast<uint8_t>(color);
    }
    return out;
}

// dsl.move_by_size; direction as gravity's: 0 down 1 left 2 up 3 right
OptImg move_by_size(const Img& g, int direction) {
    static const int steps[4][2] = {{1, 0}, {0, -1}, {-1, 0}, {0, 1}};
    const int dy = steps[direction][0], dx = steps[direction][1];
    Img out(g.h, g.w);
    for (const Object& o : components_cached(g, 4, false)) {
        int top, left, bottom, right;
        object_box(o, top, left, bottom, right);
        const int k = dy ? bottom - top + 1 : right - left + 1;
        for (auto& c : o.cells) {
            const int y = c.first + dy * k, x = c.second + dx * k;
            if (y >= 0 && y < g.h && x >= 0 && x < g.w) out.at(y, x) = g.at(c.first, c.second);
        }
    }
    return out;
}

// dsl.align_objects; axis 0 rows, 1 cols
OptImg align_objects(const Img& g, int color, int axis) {
    const std::vector<Object>& objects = components_cached(g, 8, true);
    const Object* mark = nullptr;
    int marks = 0;
    for (const Object& o : objects) {
        bool all = true;
        for (auto& c : o.cells) all = all && g.at(c.first, c.second) == color;
        if (all) mark = &o, ++marks;
    }
    if (marks != 1) return std::nullopt;
    auto top_left = [](const Object& o) {
        int t, l, b, r;
        object_box(o, t, l, b, r);
        return std::make_pair(t, l);
    };
    const auto [top, left] = top_left(*mark);
    Img out(g.h, g.w);
    for (const Object& o : objects) {
        const auto [t, l] = top_left(o);
        const int dy = axis == 0 ? top - t : 0, dx = axis == 0 ? 0 : left - l;
        for (auto& c : o.cells) {
            const int y = c.first + dy, x = c.second + dx;
            if (y >= 0 && y < g.h && x >= 0 && x < g.w) out.at(y, x) = g.at(c.first, c.second);
        }
    }
    return out;
}

// dsl.pull_pixels; directions: extend_rays' letter bits
OptImg pull_pixels(const Img& g, int directions) {
    static const int steps[8][2] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}, {-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
    const std::vector<Object>& objects = components_cached(g, 8, true);
    std::vector<std::pair<int, int>> pixels;
    for (const Object& o : objects)
        if (o.cells.size() == 1) pixels.push_back(o.cells[0]);
    if (pixels.empty() || pixels.size() == objects.size()) return std::nullopt;
    Img base = g;
    for (auto [y, x] : pixels) base.at(y, x) = 0;
    Img out = base;
    for (auto [y0, x0] : pixels) {
        int best = -1, by = 0, bx = 0;
        for (int d = 0; d < 8; ++d) {
            if (!(directions >> d & 1)) continue;
            const int dy = steps[d][0], dx = steps[d][1];
            int y = y0 + dy, x = x0 + dx, n = 1;
            while (y >= 0 && y < g.h && x >= 0 && x < g.w && base.at(y, x) == 0) y += dy, x += dx, ++n;
            if (y >= 0 && y < g.h && x >= 0 && x < g.w && (best < 0 || n < best)) best = n, by = y - dy, bx = x - dx;
        }
        if (best < 0) out.at(y0, x0) = g.at(y0, x0);
        else out.at(by, bx) = g.at(y0, x0);
    }
    return out;
}

// dsl.pieces_into_holes
OptImg pieces_into_holes(const Img& g) {
    Img empty(g.h, g.w);
    for (size_t i = 0; i < g.p.size(); ++i) empty.p[i] = g.p[i] == 0;
    const auto shape = [](const std::vector<std::pair<int, int>>& cells) {
        int left = cells[0].second;
        for (auto& c : cells) left = std::min(left, c.second);
        std::vector<std::pair<int, int>> s;
        s.reserve(cells.size());
        for (auto& c : cells) s.push_back({c.first - cells[0].first, c.second - left});
        return s;
    };
    const std::vector<Object>& objects = components_cached(g, 4, false);
    int n_objects[10] = {0};
    for (const Object& o : objects) ++n_objects[o.color];
    std::vector<char> used(objects.size(), 0);
    std::vector<std::pair<size_t, const Object*>> moves;  // piece index, hole
    const std::vector<Object> holes = components(empty, 4, false, 0);
    for (const Object& hole : holes) {
        bool inner = true;
        for (auto& c : hole.cells)
            inner = inner && c.first > 0 && c.first < g.h - 1 && c.second > 0 && c.second < g.w - 1;
        if (!inner) continue;
        const auto hole_shape = shape(hole.cells);
        for (size_t k = 0; k < objects.size(); ++k) {
            const Object& o = objects[k];
            if (used[k] || n_objects[o.color] != 1 || o.cells.size() != hole.cells.size()) continue;
            if (shape(o.cells) != hole_shape) continue;
            used[k] = 1;
            moves.push_back({k, &hole});
            break;
        }
    }
    if (moves.empty()) return std::nullopt;
    Img out = g;
    for (auto& [k, hole] : moves)
        for (auto& c : objects[k].cells) out.at(c.first, c.second) = 0;
    for (auto& [k, hole] : moves)
        for (auto& c : hole->cells) out.at(c.first, c.second) = static_cast<uint8_t>(objects[k].color);
    return out;
}

// dsl.flood_checker
OptImg flood_checker(const Img& g, int wall) {
    int by_parity[2] = {-1, -1};
    std::vector<std::pair<int, int>> stack;
    std::vector<char> seen(g.p.size(), 0);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            const int v = g.at(y, x);
            if (v == 0 || v == wall) continue;
            int& c = by_parity[(y + x) % 2];
            if (c < 0) c = v;
            else if (c != v) return std::nullopt;
            stack.push_back({y, x});
            seen[static_cast<size_t>(y) * g.w + x] = 1;
        }
    if (by_parity[0] < 0 || by_parity[1] < 0) return std::nullopt;
    static const int steps[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    Img out = g;
    bool reached = false;
    while (!stack.empty()) {
        auto [y, x] = stack.back();
        stack.pop_back();
        for (auto& st : steps) {
            const int yy = y + st[0], xx = x + st[1];
            if (yy < 0 || yy >= g.h || xx < 0 || xx >= g.w) continue;
            const size_t q = static_cast<size_t>(yy) * g.w + xx;
            if (seen[q] || g.p[q] != 0) continue;
            seen[q] = 1;
            out.p[q] = static_cast<uint8_t>(by_parity[(yy + xx) % 2]);
            reached = true;
            stack.push_back({yy, xx});
        }
    }
    if (!reached) return std::nullopt;
    return out;
}

// dsl.flood_touching
OptImg flood_touching(const Img& g, int color) {
    bool any = false;
    for (uint8_t v : g.p) any = any || v == color;
    if (!any) return std::nullopt;
    static const int steps[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    Img out = g;
    std::vector<char> seen(g.p.size(), 0);
    std::vector<std::pair<int, int>> region, stack;
    for (int y0 = 0; y0 < g.h; ++y0)
        for (int x0 = 0; x0 < g.w; ++x0) {
            if (g.at(y0, x0) != 0 || seen[static_cast<size_t>(y0) * g.w + x0]) continue;
            region.clear();
            stack.assign(1, {y0, x0});
            seen[static_cast<size_t>(y0) * g.w + x0] = 1;
            bool touches = false;
            while (!stack.empty()) {
                auto [y, x] = stack.back();
                stack.pop_back();
                region.push_back({y, x});
                for (auto& st : steps) {
                    const int yy = y + st[0], xx = x + st[1];
                    if (yy < 0 || yy >= g.h || xx < 0 || xx >= g.w) continue;
                    const uint8_t v = g.at(yy, xx);
                    if (v == color) touches = true;
                    const size_t q = static_cast<size_t>(yy) * g.w + xx;
                    if (v == 0 && !seen[q]) seen[q] = 1, stack.push_back({yy, xx});
                }
            }
            if (touches)
                for (auto [y, x] : region) out.at(y, x) = static_cast<uint8_t>(color);
        }
    return out;
}

// dsl.stripe_colors
OptImg stripe_colors(const Img& g) {
    auto changes = [&](bool rows) {
        int n = 0;
        for (int i = 0; i < (rows ? g.h : g.w); ++i)
            for (int j = 1; j < (rows ? g.w : g.h); ++j)
                n += rows ? g.at(i, j) != g.at(i, j - 1) : g.at(j, i) != g.at(j - 1, i);
        return n;
    };
    const bool by_columns = changes(true) >= changes(false);
    std::vector<uint8_t> colors;
    for (int i = 0; i < (by_columns ? g.w : g.h); ++i) {
        int count[10] = {0};
        for (int j = 0; j < (by_columns ? g.h : g.w); ++j) ++count[by_columns ? g.at(j, i) : g.at(i, j)];
        int best = 0;
        for (int c = 1; c < 10; ++c)
            if (count[c] > count[best]) best = c;
        if (colors.empty() || colors.back() != best) colors.push_back(static_cast<uint8_t>(best));
    }
    const int n = static_cast<int>(colors.size());
    Img out(by_columns ? 1 : n, by_columns ? n : 1);
    out.p = colors;
    return out;
}

// dsl.colors_by_count
OptImg colors_by_count(const Img& g, int desc, int skip, int column) {
    int counts[10] = {0};
    for (uint8_t v : g.p) ++counts[v];
    std::vector<int> colors;
    for (int c = 1; c < 10; ++c)
        if (counts[c]) colors.push_back(c);
    std::stable_sort(colors.begin(), colors.end(), [&](int a, int b) {
        return desc ? counts[a] > counts[b] : counts[a] < counts[b];
    });
    if (skip >= static_cast<int>(colors.size())) return std::nullopt;
    const int n = static_cast<int>(colors.size()) - skip;
    Img out(column ? n : 1, column ? 1 : n);
    for (int i = 0; i < n; ++i) out.p[i] = static_cast<uint8_t>(colors[skip + i]);
    return out;
}

// dsl.line_majority
OptImg line_majority(const Img& g) {
    int along_rows = 0, along_cols = 0;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            if (x > 0) along_rows += g.at(y, x) != g.at(y, x - 1);
            if (y > 0) along_cols += g.at(y, x) != g.at(y - 1, x);
        }
    const bool columns = along_rows >= along_cols;
    Img out = g;
    for (int i = 0; i < (columns ? g.w : g.h); ++i) {
        int count[10] = {0};
        for (int j = 0; j < (columns ? g.h : g.w); ++j) ++count[columns ? g.at(j, i) : g.at(i, j)];
        int best = 0;
        for (int c = 1; c < 10; ++c)
            if (count[c] > count[best]) best = c;
        for (int j = 0; j < (columns ? g.h : g.w); ++j) (columns ? out.at(j, i) : out.at(i, j)) = static_cast<uint8_t>(best);
    }
    return out;
}

// dsl.recolor_half; side as gravity's directions: 0 bottom (down) 1 left 2 top (up) 3 right
OptImg recolor_half(const Img& g, int side, int color) {
    Img out = g;
    for (const Object& o : components_cached(g, 4, false)) {
        int top, left, bottom, right;
        object_box(o, top, left, bottom, right);
        const int h = bottom - top + 1, w = right - left + 1;
        for (auto [y, x] : o.cells) {
            const bool past = (side == 0 && 2 * (y - top) > h - 1) || (side == 2 && 2 * (y - top) < h - 1) ||
                              (side == 3 && 2 * (x - left) > w - 1) || (side == 1 && 2 * (x - left) < w - 1);
            if (past) out.at(y, x) = static_cast<uint8_t>(color);
        }
    }
    return out;
}

// kind: 0 lr, 1 ud, 2 lrud, 3 diag, 4 rot4
OptImg symmetrize(const Img& g, int kind, int noise) {
    OptImg out = g;
    if (kind == 0 || kind == 2) out = mirror_fill(*out, noise, 1);
    if (out && (kind == 1 || kind == 2)) out = mirror_fill(*out, noise, 0);
    if (out && kind == 2) out = mirror_fill(*out, noise, 1);
    if (!out) return std::nullopt;
    if (kind == 3 || kind == 4) {
        if (out->h != out->w) return std::nullopt;
        const int n_images = kind == 3 ? 1 : 3;
        for (int i = 0; i < n_images; ++i) {
            Img image = kind == 3 ? transpose(*out) : rot90(*out, i + 1);
            for (size_t q = 0; q < out->p.size(); ++q)
                if (out->p[q] == noise && image.p[q] != noise) out->p[q] = image.p[q];
        }
    }
    return out;
}

OptImg upscale(const Img& g, int fy, int fx) {
    if (g.h * fy > 4 * MAX_SIDE || g.w * fx > 4 * MAX_SIDE) return std::nullopt;  // rejected by the caller anyway
    Img out(g.h * fy, g.w * fx);
    for (int y = 0; y < out.h; ++y)
        for (int x = 0; x < out.w; ++x) out.at(y, x) = g.at(y / fy, x / fx);
    return out;
}

// dsl.upscale_by_count: feature 0 = number of non-0 colors, 1 = number of non-0 cells
OptImg upscale_by_count(const Img& g, int feature) {
    int k = 0;
    if (feature == 0) {
        auto counts = histogram(g);
        for (int c = 1; c < 10; ++c) k += counts[c] > 0;
    } else {
        for (uint8_t v : g.p) k += v != 0;
    }
    if (k < 1 || k * std::max(g.h, g.w) > MAX_SIDE) return std::nullopt;
    return upscale(g, k, k);
}

OptImg downscale(const Img& g, int fy, int fx, int mode) {  // mode 0 first, 1 major, 2 any
    if (g.h % fy || g.w % fx || (fy == 1 && fx == 1)) return std::nullopt;
    Img out(g.h / fy, g.w / fx);
    for (int r = 0; r < out.h; ++r)
        for (int c = 0; c < out.w; ++c) {
            if (mode == 0) {
                out.at(r, c) = g.at(r * fy, c * fx);
                continue;
            }
            std::array<int, 10> counts{};
            for (int y = 0; y < fy; ++y)
                for (int x = 0; x < fx; ++x) counts[g.at(r * fy + y, c * fx + x)]++;
            if (mode == 2) {
                out.at(r, c) = counts[0] != fy * fx;
                continue;
            }
            counts[0] = 0;
            int best = 0, total = 0;
            for (int k = 0; k < 10; ++k) {
                total += counts[k];
                if (counts[k] > counts[best]) best = k;
            }
            out.at(r, c) = total ? static_cast<uint8_t>(best) : 0;
        }
    return out;
}

// pattern: fy, fx, then fy * fx dihedral names
OptImg tile(const Img& g, const std::vector<int>& a) {
    const int fy = a[0], fx = a[1];
    std::vector<Img> parts;
    for (int i = 0; i < fy * fx; ++i) {
        auto d = dihedral(g, a[2 + i]);
        if (!d) return std::nullopt;
        parts.push_back(std::move(*d));
    }
    std::vector<int> heights(fy), widths(fy, 0);
    for (int ty = 0; ty < fy; ++ty) {
        heights[ty] = parts[ty * fx].h;
        for (int tx = 0; tx < fx; ++tx) {
            if (parts[ty * fx + tx].h != heights[ty]) return std::nullopt;
            widths[ty] += parts[ty * fx + tx].w;
        }
        if (widths[ty] != widths[0]) return std::nullopt;
    }
    int H = 0;
    for (int hh : heights) H += hh;
    if (H > 4 * MAX_SIDE || widths[0] > 4 * MAX_SIDE) return std::nullopt;
    Img out(H, widths[0]);
    int y0 = 0;
    for (int ty = 0; ty < fy; ++ty) {
        int x0 = 0;
        for (int tx = 0; tx < fx; ++tx) {
            const Img& p = parts[ty * fx + tx];
            for (int y = 0; y < p.h; ++y)
                for (int x = 0; x < p.w; ++x) out.at(y0 + y, x0 + x) = p.at(y, x);
            x0 += p.w;
        }
        y0 += heights[ty];
    }
    return out;
}

// np.kron(mask, g): a copy of g in the block of each cell where `placed(color)` holds, zeros elsewhere
template <class Placed>
OptImg copies_at(const Img& g, Placed placed) {
    if (g.h * g.h > MAX_SIDE || g.w * g.w > MAX_SIDE) return std::nullopt;  // too large for the caller
    Img out(g.h * g.h, g.w * g.w);
    for (int i = 0; i < g.h; ++i)
        for (int j = 0; j < g.w; ++j) {
            if (!placed(g.at(i, j))) continue;
            for (int y = 0; y < g.h; ++y)
                for (int x = 0; x < g.w; ++x) out.at(i * g.h + y, j * g.w + x) = g.at(y, x);
        }
    return out;
}

OptImg fractal(const Img& g, bool invert) {
    return copies_at(g, [invert](uint8_t v) { return (v != 0) != invert; });
}

// dsl.mirror_across
OptImg mirror_across(const Img& g, int color) {
    Img others = g;
    for (auto& v : others.p)
        if (v == color) v = 0;
    auto row_spans = [&](int r, int left, int right) {
        for (int x = left; x <= right; ++x)
            if (g.at(r, x) != color) return false;
        return true;
    };
    auto col_spans = [&](int c, int top, int bottom) {
        for (int y = top; y <= bottom; ++y)
            if (g.at(y, c) != color) return false;
        return true;
    };
    struct Move { const Object* object; int axis, at; };
    const std::vector<Object> objects = components(others, 8, true, 0);
    std::vector<Move> moves;
    for (const Object& o : objects) {
        int top = g.h, left = g.w, bottom = -1, right = -1;
        for (auto [y, x] : o.cells) {
            top = std::min(top, y), bottom = std::max(bottom, y);
            left = std::min(left, x), right = std::max(right, x);
        }
        int best_gap = 1 << 20, axis = -1, at = -1;  // directions in order above, below, left, right: ties keep the first
        auto consider = [&](int gap, int line_axis, int line) {
            if (gap < best_gap) best_gap = gap, axis = line_axis, at = line;
        };
        for (int r = top - 1; r >= 0; --r)
            if (row_spans(r, left, right)) { consider(top - r - 1, 0, r); break; }
        for (int r = bottom + 1; r < g.h; ++r)
            if (row_spans(r, left, right)) { consider(r - bottom - 1, 0, r); break; }
        for (int c = left - 1; c >= 0; --c)
            if (col_spans(c, top, bottom)) { consider(left - c - 1, 1, c); break; }
        for (int c = right + 1; c < g.w; ++c)
            if (col_spans(c, top, bottom)) { consider(c - right - 1, 1, c); break; }
        if (axis < 0) continue;
        for (auto [y, x] : o.cells) {
            const int ny = axis == 0 ? 2 * at - y : y, nx = axis == 0 ? x : 2 * at - x;
            if (ny < 0 || ny >= g.h || nx < 0 || nx >= g.w) return std::nullopt;
        }
        moves.push_back({&o, axis, at});
    }
    if (moves.empty()) return std::nullopt;
    Img out = g;
    for (const Move& m : moves)
        for (auto [y, x] : m.object->cells) out.at(y, x) = 0;
    for (const Move& m : moves)
        for (auto [y, x] : m.object->cells) {
            const int ny = m.axis == 0 ? 2 * m.at - y : y, nx = m.axis == 0 ? x : 2 * m.at - x;
            out.at(ny, nx) = g.at(y, x);
        }
    return out;
}

OptImg fractal_color(const Img& g, int color) {
    color = resolve_color(g, color);
    if (color < 0) return std::nullopt;
    return copies_at(g, [color](uint8_t v) { return v == color; });
}

OptImg dedupe_lines(const Img& g) {
    std::vector<int> rows{0}, cols{0};
    for (int y = 1; y < g.h; ++y)
        if (!std::equal(g.p.begin() + y * g.w, g.p.begin() + (y + 1) * g.w, g.p.begin() + (y - 1) * g.w))
            rows.push_back(y);
    Img g2(static_cast<int>(rows.size()), g.w);
    for (size_t i = 0; i < rows.size(); ++i)
        for (int x = 0; x < g.w; ++x) g2.at(static_cast<int>(i), x) = g.at(rows[i], x);
    for (int x = 1; x < g2.w; ++x) {
        bool same = true;
        for (int y = 0; y < g2.h; ++y)
            if (g2.at(y, x) != g2.at(y, x - 1)) { same = false; break; }
        if (!same) cols.push_back(x);
    }
    Img out(g2.h, static_cast<int>(cols.size()));
    for (int y = 0; y < g2.h; ++y)
        for (size_t j = 0; j < cols.size(); ++j) out.at(y, static_cast<int>(j)) = g2.at(y, cols[j]);
    return out;
}

Img select_lines(const Img& g, const std::vector<int>& rows, const std::vector<int>& cols) {
    Img out(static_cast<int>(rows.size()), static_cast<int>(cols.size()));
    for (size_t i = 0; i < rows.size(); ++i)
        for (size_t j = 0; j < cols.size(); ++j) out.at(static_cast<int>(i), static_cast<int>(j)) = g.at(rows[i], cols[j]);
    return out;
}

OptImg remove_uniform_lines(const Img& g, int color) {
    std::vector<int> rows, cols;
    for (int y = 0; y < g.h; ++y) {
        bool all = true;
        for (int x = 0; x < g.w; ++x) all = all && g.at(y, x) == color;
        if (!all) rows.push_back(y);
    }
    for (int x = 0; x < g.w; ++x) {
        bool all = true;
        for (int y = 0; y < g.h; ++y) all = all && g.at(y, x) == color;
        if (!all) cols.push_back(x);
    }
    if (rows.empty() || cols.empty()) return std::nullopt;
    return select_lines(g, rows, cols);
}

using Bounds = std::vector<std::pair<int, int>>;

Bounds runs_between(const std::vector<uint8_t>& is_sep, int n) {
    Bounds bounds;
    int start = -1;
    for (int i = 0; i <= n; ++i) {
        if (i < n && !is_sep[i]) {
            if (start < 0) start = i;
        } else if (start >= 0) {
            bounds.push_back({start, i});
            start = -1;
        }
    }
    return bounds;
}

// full rows / columns of one non-0 color
void separators(const Img& g, std::vector<uint8_t>& sep_rows, std::vector<uint8_t>& sep_cols) {
    sep_rows.assign(g.h, 0);
    sep_cols.assign(g.w, 0);
    for (int y = 0; y < g.h; ++y) {
        bool all = g.at(y, 0) != 0;
        for (int x = 1; x < g.w && all; ++x) all = g.at(y, x) == g.at(y, 0);
        sep_rows[y] = all;
    }
    for (int x = 0; x < g.w; ++x) {
        bool all = g.at(0, x) != 0;
        for (int y = 1; y < g.h && all; ++y) all = g.at(y, x) == g.at(0, x);
        sep_cols[x] = all;
    }
}

// how: (0, 0) 'sep', (1, n) ('rows', n), (2, n) ('cols', n)
bool split_parts(const Img& g, int how, int n, std::vector<Img>& parts) {
    parts.clear();
    if (how == 0) {
        std::vector<uint8_t> sr, sc;
        separators(g, sr, sc);
        int nr = 0, nc = 0;
        for (auto v : sr) nr += v;
        for (auto v : sc) nc += v;
        if (nr == g.h || nc == g.w) return false;
        for (auto& [a, b] : runs_between(sr, g.h))
            for (auto& [c, d] : runs_between(sc, g.w)) parts.push_back(*crop(g, a, c, b - 1, d - 1));
        if (parts.size() < 2) return false;
    } else {
        if (how == 3) {  // across the longer side
            if (g.h == g.w) return false;
            how = g.h > g.w ? 1 : 2;
        }
        const int size = how == 1 ? g.h : g.w;
        if (size % n) return false;
        const int step = size / n;
        for (int i = 0; i < n; ++i)
            parts.push_back(how == 1 ? *crop(g, i * step, 0, (i + 1) * step - 1, g.w - 1)
                                     : *crop(g, 0, i * step, g.h - 1, (i + 1) * step - 1));
    }
    for (auto& p : parts)
        if (p.h != parts[0].h || p.w != parts[0].w) return false;
    return true;
}

// op: 0 and 1 or 2 xor 3 nor 4 first_only 5 overlay 6 overlay_rev 7 fold 8 fold_rev 9 kron
OptImg combine_parts(const Img& g, int how, int n, int op) {
    std::vector<Img> parts;
    if (!split_parts(g, how, n, parts)) return std::nullopt;
    if (op == 9) {  // a copy of the part with fewer colors (the mask) at each cell of the other, in its color
        if (parts.size() != 2) return std::nullopt;
        auto n_colors = [](const Img& p) {
            int mask = 0;
            for (uint8_t v : p.p) mask |= 1 << v;
            return __builtin_popcount(mask & ~1);
        };
        const int c0 = n_colors(parts[0]), c1 = n_colors(parts[1]);
        if (c0 == c1) return std::nullopt;
        const Img& mask = c0 < c1 ? parts[0] : parts[1];
        const Img& colors = c0 < c1 ? parts[1] : parts[0];
        if (colors.h * mask.h > MAX_SIDE || colors.w * mask.w > MAX_SIDE) return std::nullopt;
        Img out(colors.h * mask.h, colors.w * mask.w);
        for (int y = 0; y < out.h; ++y)
            for (int x = 0; x < out.w; ++x)
                if (mask.at(y % mask.h, x % mask.w)) out.at(y, x) = colors.at(y / mask.h, x / mask.w);
        return out;
    }
    const size_t cells = parts[0].p.size();
    Img out(parts[0].h, parts[0].w);
    if (op == 7 || op == 8) {  // the second part mirrored onto the first (left-right when side by side)
        if (parts.size() != 2) return std::nullopt;
        const Img& first = parts[0];
        const Img& second = parts[1];
        const bool side_by_side = first.h == g.h;
        for (int y = 0; y < out.h; ++y)
            for (int x = 0; x < out.w; ++x) {
                const uint8_t a = first.at(y, x);
                const uint8_t b = side_by_side ? second.at(y, out.w - 1 - x) : second.at(out.h - 1 - y, x);
                const uint8_t top = op == 7 ? a : b, under = op == 7 ? b : a;
                out.at(y, x) = top ? top : under;
            }
        return out;
    }
    if (op == 5 || op == 6) {
        for (size_t q = 0; q < cells; ++q) {
            for (size_t i = 0; i < parts.size(); ++i) {
                const Img& p = parts[op == 5 ? i : parts.size() - 1 - i];
                if (p.p[q]) { out.p[q] = p.p[q]; break; }
            }
        }
        return out;
    }
    for (size_t q = 0; q < cells; ++q) {
        int count = 0;
        for (auto& p : parts) count += p.p[q] != 0;
        bool m = false;
        switch (op) {
            case 0: m = count == static_cast<int>(parts.size()); break;
            case 1: m = count > 0; break;
            case 2: m = count == 1; break;
            case 3: m = count == 0; break;
            case 4: m = parts[0].p[q] != 0 && count == 1; break;
            default: return std::nullopt;
        }
        out.p[q] = m;
    }
    return out;
}

// selector: 0 most_cells 1 fewest_cells 2 most_colors 3 fewest_colors 4 odd 5 common
OptImg select_part(const Img& g, int how, int n, int selector) {
    std::vector<Img> parts;
    if (!split_parts(g, how, n, parts)) return std::nullopt;
    if (selector == 6 || selector == 7) {  // the only part without (6) / with (7) a mirror symmetry
        int picked = -1, count = 0;
        for (size_t i = 0; i < parts.size(); ++i) {
            const Img& p = parts[i];
            const bool mirrored = flip(p, 0) == p || flip(p, 1) == p || (p.h == p.w && transpose(p) == p);
            if (mirrored == (selector == 7)) picked = static_cast<int>(i), ++count;
        }
        if (count != 1) return std::nullopt;
        return parts[picked];
    }
    if (selector == 4 || selector == 5) {
        std::vector<int> counts(parts.size(), 0);
        for (size_t i = 0; i < parts.size(); ++i)
            for (size_t j = 0; j < parts.size(); ++j) counts[i] += parts[i].p == parts[j].p;
        const int target = selector == 4 ? 1 : *std::max_element(counts.begin(), counts.end());
        if (selector == 5 && target < 2) return std::nullopt;
        int first = -1;
        for (size_t i = 0; i < parts.size(); ++i) {
            if (counts[i] != target) continue;
            if (first < 0) first = static_cast<int>(i);
            else if (parts[i].p != parts[first].p) return std::nullopt;
        }
        if (first < 0) return std::nullopt;
        return parts[first];
    }
    std::vector<int> values;
    for (auto& p : parts) {
        if (selector <= 1) {
            int nz = 0;
            for (uint8_t v : p.p) nz += v != 0;
            values.push_back(nz);
        } else {
            int mask = 0;
            for (uint8_t v : p.p) mask |= 1 << v;
            values.push_back(__builtin_popcount(mask & ~1));
        }
    }
    const int best = (selector == 0 || selector == 2) ? *std::max_element(values.begin(), values.end())
                                                      : *std::min_element(values.begin(), values.end());
    int picked = -1, count = 0;
    for (size_t i = 0; i < values.size(); ++i)
        if (values[i] == best) picked = static_cast<int>(i), ++count;
    if (count != 1) return std::nullopt;
    return parts[picked];
}

OptImg fill_object_boxes(const Img& g, int color) {
    const auto& objects = components_cached(g, 8, true);
    if (objects.empty()) return std::nullopt;
    Img out = g;
    for (const Object& o : objects) {
        int t, l, b, r;
        object_box(o, t, l, b, r);
        for (int y = t; y <= b; ++y)
            for (int x = l; x <= r; ++x)
                if (out.at(y, x) == 0) out.at(y, x) = static_cast<uint8_t>(color);
    }
    return out;
}

bool cell_table(const Img& g, int& sep, Bounds& rb, Bounds& cb) {
    std::vector<uint8_t> sr, sc;
    separators(g, sr, sc);
    int mask = 0;
    for (int y = 0; y < g.h; ++y)
        if (sr[y]) mask |= 1 << g.at(y, 0);
    for (int x = 0; x < g.w; ++x)
        if (sc[x]) mask |= 1 << g.at(0, x);
    if (mask == 0) {  // no separators of a non-0 color: full lines of 0
        for (int y = 0; y < g.h; ++y) {
            bool empty = true;
            for (int x = 0; x < g.w && empty; ++x) empty = g.at(y, x) == 0;
            sr[y] = empty;
            if (empty) mask = 1;
        }
        for (int x = 0; x < g.w; ++x) {
            bool empty = true;
            for (int y = 0; y < g.h && empty; ++y) empty = g.at(y, x) == 0;
            sc[x] = empty;
            if (empty) mask = 1;
        }
    }
    if (__builtin_popcount(mask) != 1) return false;
    sep = __builtin_ctz(mask);
    rb = runs_between(sr, g.h);
    cb = runs_between(sc, g.w);
    return rb.size() * cb.size() >= 2;
}

// dsl.fill_empty_parts
OptImg fill_empty_parts(const Img& g) {
    int sep;
    Bounds rb, cb;
    if (!cell_table(g, sep, rb, cb)) return std::nullopt;
    auto empty = [&](int a, int b, int c, int d) {
        for (int y = a; y < b; ++y)
            for (int x = c; x < d; ++x)
                if (g.at(y, x)) return false;
        return true;
    };
    int sa = -1, sc = -1, sh = 0, sw = 0, full = 0;
    for (auto& [a, b] : rb)
        for (auto& [c, d] : cb)
            if (!empty(a, b, c, d)) sa = a, sc = c, sh = b - a, sw = d - c, ++full;
    if (full != 1) return std::nullopt;
    for (auto& [a, b] : rb)
        for (auto& [c, d] : cb)
            if (b - a != sh || d - c != sw) return std::nullopt;
    Img out = g;
    for (auto& [a, b] : rb)
        for (auto& [c, d] : cb) {
            if (!empty(a, b, c, d)) continue;
            for (int y = 0; y < sh; ++y)
                for (int x = 0; x < sw; ++x) out.at(a + y, c + x) = g.at(sa + y, sc + x);
        }
    return out;
}

// dsl.cells_like_first
OptImg cells_like_first(const Img& g) {
    int sep;
    Bounds rb, cb;
    if (!cell_table(g, sep, rb, cb) || sep == 0) return std::nullopt;
    const int sa = rb[0].first, sc = cb[0].first, sh = rb[0].second - sa, sw = cb[0].second - sc;
    bool any = false;
    for (int y = 0; y < sh; ++y)
        for (int x = 0; x < sw; ++x) any = any || g.at(sa + y, sc + x) != 0;
    if (!any) return std::nullopt;
    for (auto& [a, b] : rb)
        for (auto& [c, d] : cb)
            if (b - a != sh || d - c != sw) return std::nullopt;
    Img out = g;
    bool painted = false;
    for (auto& [a, b] : rb)
        for (auto& [c, d] : cb) {
            if (a == sa && c == sc) continue;
            for (int y = 0; y < sh; ++y)
                for (int x = 0; x < sw; ++x)
                    if (g.at(sa + y, sc + x) != 0 && g.at(a + y, c + x) == 0) {
                        out.at(a + y, c + x) = static_cast<uint8_t>(sep);
                        painted = true;
                    }
        }
    if (!painted) return std::nullopt;
    return out;
}

// (number of cells neither 0 nor sep, their most common color, first seen on ties; or 0)
std::pair<int, int> cell_summary(const Img& g, int a, int b, int c, int d, int sep) {
    std::array<int, 10> counts{};
    std::array<int, 10> first{};
    int n = 0;
    for (int y = a; y < b; ++y)
        for (int x = c; x < d; ++x) {
            const int v = g.at(y, x);
            if (v == 0 || v == sep) continue;
            if (counts[v] == 0) first[v] = n;
            counts[v]++;
            n++;
        }
    if (n == 0) return {0, 0};
    int best = -1;
    for (int k = 0; k < 10; ++k) {
        if (!counts[k]) continue;
        if (best < 0 || counts[k] > counts[best] || (counts[k] == counts[best] && first[k] < first[best])) best = k;
    }
    return {n, best};
}

// dsl.color_by_key
OptImg color_by_key(const Img& g) {
    int sep;
    Bounds rb, cb;
    if (!cell_table(g, sep, rb, cb)) return std::nullopt;
    std::vector<std::pair<int, Img>> full;
    for (auto& [a, b] : rb)
        for (auto& [c, d] : cb) {
            int mask = 0;
            for (int y = a; y < b; ++y)
                for (int x = c; x < d; ++x) {
                    const int v = g.at(y, x);
                    if (v != 0 && v != sep) mask |= 1 << v;
                }
            if (mask) full.emplace_back(__builtin_popcount(mask), *crop(g, a, c, b - 1, d - 1));
        }
    if (full.size() != 2) return std::nullopt;
    const int lo = std::min(full[0].first, full[1].first), hi = std::max(full[0].first, full[1].first);
    if (lo != 1 || hi < 2) return std::nullopt;
    const Img& pattern = full[0].first == 1 ? full[0].second : full[1].second;
    const Img& key = full[0].first == 1 ? full[1].second : full[0].second;
    if (pattern.h % key.h || pattern.w % key.w) return std::nullopt;
    const int fy = pattern.h / key.h, fx = pattern.w / key.w;
    Img out(pattern.h, pattern.w);
    for (int y = 0; y < pattern.h; ++y)
        for (int x = 0; x < pattern.w; ++x) {
            const int v = pattern.at(y, x);
            if (v != 0 && v != sep) out.at(y, x) = key.at(y / fy, x / fx);
        }
    return out;
}

OptImg cells_to_pixels(const Img& g, int mode) {  // mode 0 major, 1 count
    int sep;
    Bounds rb, cb;
    if (!cell_table(g, sep, rb, cb)) return std::nullopt;
    const int nr = static_cast<int>(rb.size()), nc = static_cast<int>(cb.size());
    Img out(nr, nc);
    std::vector<int> counts(nr * nc);
    for (int i = 0; i < nr; ++i)
        for (int j = 0; j < nc; ++j) {
            auto [n, color] = cell_summary(g, rb[i].first, rb[i].second, cb[j].first, cb[j].second, sep);
            counts[i * nc + j] = n;
            out.at(i, j) = static_cast<uint8_t>(color);
        }
    if (mode == 1) {
        const int top = *std::max_element(counts.begin(), counts.end());
        if (top == 0) return std::nullopt;
        for (int q = 0; q < nr * nc; ++q) out.p[q] = counts[q] == top;
    }
    return out;
}

OptImg fill_cells(const Img& g, int which) {  // 0 all, 1 most
    int sep;
    Bounds rb, cb;
    if (!cell_table(g, sep, rb, cb)) return std::nullopt;
    std::vector<std::pair<int, int>> summaries;
    int top = 0;
    for (auto& [a, b] : rb)
        for (auto& [c, d] : cb) {
            summaries.push_back(cell_summary(g, a, b, c, d, sep));
            top = std::max(top, summaries.back().first);
        }
    if (top == 0) return std::nullopt;
    Img out = g;
    size_t k = 0;
    for (auto& [a, b] : rb)
        for (auto& [c, d] : cb) {
            auto [n, color] = summaries[k++];
            if (which == 0 && !n) continue;
            const int paint = which == 0 ? color : (n == top ? color : 0);
            for (int y = a; y < b; ++y)
                for (int x = c; x < d; ++x) out.at(y, x) = static_cast<uint8_t>(paint);
        }
    return out;
}

// dsl.zoom_cell; pick 0 fewest, 1 most
OptImg zoom_cell(const Img& g, int pick) {
    int sep;
    Bounds rb, cb;
    if (!cell_table(g, sep, rb, cb)) return std::nullopt;
    std::vector<int> counts;
    for (auto& [a, b] : rb)
        for (auto& [c, d] : cb) counts.push_back(cell_summary(g, a, b, c, d, sep).first);
    const int best = pick == 0 ? *std::min_element(counts.begin(), counts.end())
                               : *std::max_element(counts.begin(), counts.end());
    if (std::count(counts.begin(), counts.end(), best) != 1) return std::nullopt;
    const int k = static_cast<int>(std::find(counts.begin(), counts.end(), best) - counts.begin());
    const int nc = static_cast<int>(cb.size());
    const int a = rb[k / nc].first, b = rb[k / nc].second, c = cb[k % nc].first, d = cb[k % nc].second;
    if (b - a != static_cast<int>(rb.size()) || d - c != nc) return std::nullopt;
    Img out = g;
    for (size_t i = 0; i < rb.size(); ++i)
        for (size_t j = 0; j < cb.size(); ++j) {
            const uint8_t v = g.at(a + static_cast<int>(i), c + static_cast<int>(j));
            for (int y = rb[i].first; y < rb[i].second; ++y)
                for (int x = cb[j].first; x < cb[j].second; ++x) out.at(y, x) = v;
        }
    return out;
}

// dsl.cell_to_marker
OptImg cell_to_marker(const Img& g, int color) {
    int sep;
    Bounds rb, cb;
    if (!cell_table(g, sep, rb, cb) || color == sep) return std::nullopt;
    const int nc = static_cast<int>(cb.size());
    int holder = -1, holders = 0;
    for (size_t i = 0; i < rb.size(); ++i)
        for (size_t j = 0; j < cb.size(); ++j) {
            bool has = false;
            for (int y = rb[i].first; y < rb[i].second && !has; ++y)
                for (int x = cb[j].first; x < cb[j].second && !has; ++x) has = g.at(y, x) == color;
            if (has) holder = static_cast<int>(i) * nc + static_cast<int>(j), ++holders;
        }
    if (holders != 1) return std::nullopt;
    const int a = rb[holder / nc].first, b = rb[holder / nc].second, c = cb[holder % nc].first, d = cb[holder % nc].second;
    int my = -1, mx = -1, marks = 0;
    for (int y = a; y < b; ++y)
        for (int x = c; x < d; ++x)
            if (g.at(y, x) == color) my = y - a, mx = x - c, ++marks;
    if (marks != 1 || b - a != static_cast<int>(rb.size()) || d - c != nc) return std::nullopt;
    const int a2 = rb[my].first, b2 = rb[my].second, c2 = cb[mx].first, d2 = cb[mx].second;
    if (b2 - a2 != b - a || d2 - c2 != d - c) return std::nullopt;
    Img out = g;
    for (auto& [ra, rb2] : rb)
        for (auto& [ca, cb2] : cb)
            for (int y = ra; y < rb2; ++y)
                for (int x = ca; x < cb2; ++x) out.at(y, x) = 0;
    for (int y = 0; y < b - a; ++y)
        for (int x = 0; x < d - c; ++x) out.at(a2 + y, c2 + x) = g.at(a + y, c + x);
    return out;
}

// dsl.bounce_diagonals
OptImg bounce_diagonals(const Img& g, int color) {
    Img out = g;
    bool drawn = false;
    for (const Object& o : components_cached(g, 8, false)) {
        if (o.cells.size() < 2) continue;
        const int n = static_cast<int>(o.cells.size()) - 1;
        const int y0 = o.cells.front().first, x0 = o.cells.front().second;
        const int y1 = o.cells.back().first, x1 = o.cells.back().second;
        if (std::abs(y1 - y0) != n || std::abs(x1 - x0) != n) continue;
        const int sy = (y1 - y0) / n, sx = (x1 - x0) / n;
        bool line = true;
        for (int k = 0; k <= n && line; ++k)
            line = o.cells[k].first == y0 + k * sy && o.cells[k].second == x0 + k * sx;
        if (!line) continue;
        const int starts[2][4] = {{y1, x1, sy, sx}, {y0, x0, -sy, -sx}};
        for (const auto& s : starts) {
            int y = s[0], x = s[1], dy = s[2], dx = s[3];
            std::vector<uint8_t> seen(static_cast<size_t>(g.h) * g.w * 4, 0);
            while (true) {
                const size_t state = (static_cast<size_t>(y) * g.w + x) * 4 + (dy > 0) * 2 + (dx > 0);
                if (seen[state]) break;
                seen[state] = 1;
                if (y + dy < 0 || y + dy >= g.h || x + dx < 0 || x + dx >= g.w) break;
                if (g.at(y + dy, x + dx) != 0) {
                    const bool side = g.at(y, x + dx) != 0, wall = g.at(y + dy, x) != 0;
                    if (side == wall) break;
                    if (side) dx = -dx;
                    else dy = -dy;
                    continue;
                }
                y += dy, x += dx;
                out.at(y, x) = static_cast<uint8_t>(color);
                drawn = true;
            }
        }
    }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.crop_line_frame
OptImg crop_line_frame(const Img& g) {
    std::vector<int> rows, cols;
    for (int y = 0; y < g.h; ++y) {
        bool full = true;
        for (int x = 0; x < g.w && full; ++x) full = g.at(y, x) != 0;
        if (full) rows.push_back(y);
    }
    for (int x = 0; x < g.w; ++x) {
        bool full = true;
        for (int y = 0; y < g.h && full; ++y) full = g.at(y, x) != 0;
        if (full) cols.push_back(x);
    }
    if (rows.size() < 2 || cols.size() < 2) return std::nullopt;
    return crop(g, rows.front(), cols.front(), rows.back(), cols.back());
}

// dsl.side_rays
OptImg side_rays(const Img& g) {
    if (g.h < 3 || g.w < 3) return std::nullopt;
    Img out = g;
    bool drawn = false;
    // top, bottom, left, right: the side's line and the step toward it
    const int sides[4][4] = {{0, -1, -1, 0}, {g.h - 1, -1, 1, 0}, {-1, 0, 0, -1}, {-1, g.w - 1, 0, 1}};
    for (const auto& s : sides) {
        const bool row = s[0] >= 0;
        const int len = row ? g.w - 2 : g.h - 2;
        const int color = row ? g.at(s[0], 1) : g.at(1, s[1]);
        bool one = color != 0;
        for (int k = 1; k <= len && one; ++k) one = (row ? g.at(s[0], k) : g.at(k, s[1])) == color;
        if (!one) continue;
        for (int y = 1; y < g.h - 1; ++y)
            for (int x = 1; x < g.w - 1; ++x)
                if (g.at(y, x) == color) drawn = paint_ray(g, out, y + s[2], x + s[3], s[2], s[3], color) || drawn;
    }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.frame_key_matches
OptImg frame_key_matches(const Img& g) {
    Img out = g;
    bool found = false;
    for (const Object& o : components_cached(g, 8, false)) {
        const int f = o.color;
        int t, l, b, r;
        object_box(o, t, l, b, r);
        if (b - t < 2 || r - l < 2) continue;
        bool frame = true;
        for (int y = t; y <= b && frame; ++y)
            for (int x = l; x <= r && frame; ++x)
                if ((y == t || y == b || x == l || x == r) && g.at(y, x) != f) frame = false;
        if (!frame) continue;
        int m = -1, kinds = 0;
        bool seen[10] = {false};
        for (int y = t; y <= b; ++y)
            for (int x = l; x <= r; ++x) {
                const int v = g.at(y, x);
                if (v != 0 && v != f && !seen[v]) seen[v] = true, m = v, ++kinds;
            }
        if (kinds != 1) continue;
        found = true;
        const Img box = *crop(g, t, l, b, r);
        std::vector<Img> variants;
        for (int k = 0; k < 8; ++k) {  // turned k quarters, then transposed for k >= 4
            Img v = rot90(box, k % 4);
            if (k >= 4) v = transpose(v);
            if (std::find(variants.begin(), variants.end(), v) == variants.end()) variants.push_back(v);
        }
        for (const Img& v : variants) {
            int my0 = v.h, my1 = -1, mx0 = v.w, mx1 = -1;
            for (int y = 0; y < v.h; ++y)
                for (int x = 0; x < v.w; ++x)
                    if (v.at(y, x) == m) my0 = std::min(my0, y), my1 = std::max(my1, y), mx0 = std::min(mx0, x), mx1 = std::max(mx1, x);
            for (int oy = -my0; oy < g.h - my1; ++oy)
                for (int ox = -mx0; ox < g.w - mx1; ++ox) {
                    const int y0 = std::max(oy, 0), x0 = std::max(ox, 0);
                    const int y1 = std::min(oy + v.h, g.h), x1 = std::min(ox + v.w, g.w);
                    bool ok = true;
                    for (int y = y0; y < y1 && ok; ++y)
                        for (int x = x0; x < x1 && ok; ++x) {
                            const int under = g.at(y, x), key = v.at(y - oy, x - ox);
                            ok = key == m ? under == m : (under == 0 || under == f);
                        }
                    if (!ok) continue;
                    for (int y = y0; y < y1; ++y)
                        for (int x = x0; x < x1; ++x)
                            if (v.at(y - oy, x - ox) == f && g.at(y, x) == 0) out.at(y, x) = static_cast<uint8_t>(f);
                }
        }
    }
    if (!found) return std::nullopt;
    return out;
}

// dsl.held_corner_rays
OptImg held_corner_rays(const Img& g) {
    Img out = g;
    bool found = false;
    for (const Object& o : components_cached(g, 8, false)) {
        int t, l, b, r;
        object_box(o, t, l, b, r);
        int held = -1, kinds = 0;
        bool seen[10] = {false};
        for (int y = t; y <= b; ++y)
            for (int x = l; x <= r; ++x) {
                const int v = g.at(y, x);
                if (v != 0 && v != o.color && !seen[v]) seen[v] = true, held = v, ++kinds;
            }
        if (kinds != 1) continue;
        const int corners[4][4] = {{t, l, -1, -1}, {t, r, -1, 1}, {b, l, 1, -1}, {b, r, 1, 1}};
        for (const auto& c : corners) {
            if (g.at(c[0], c[1]) != o.color) continue;
            found = true;
            paint_ray(g, out, c[0] + c[2], c[1] + c[3], c[2], c[3], held);
        }
    }
    if (!found) return std::nullopt;
    return out;
}

// dsl.corners_across
OptImg corners_across(const Img& g) {
    Img out = g;
    bool found = false;
    for (const Object& o : components_cached(g, 8, true)) {
        int t, l, b, r;
        object_box(o, t, l, b, r);
        const int bh = b - t + 1, bw = r - l + 1;
        if (bh < 2 || bw < 2 || static_cast<int>(o.cells.size()) != bh * bw) continue;
        found = true;
        const int corners[4][4] = {{t, l, 1, 1}, {t, r, 1, -1}, {b, l, -1, 1}, {b, r, -1, -1}};
        for (const auto& c : corners) {
            const int y0 = t + c[2] * bh, x0 = l + c[3] * bw;
            const uint8_t color = g.at(c[0], c[1]);
            for (int y = std::max(y0, 0); y < std::min(y0 + bh, g.h); ++y)
                for (int x = std::max(x0, 0); x < std::min(x0 + bw, g.w); ++x)
                    if (g.at(y, x) == 0) out.at(y, x) = color;
        }
    }
    if (!found) return std::nullopt;
    return out;
}


// dsl.extend_rings
OptImg extend_rings(const Img& g, int fill) {
    int color = -1;
    for (uint8_t v : g.p)
        if (v) {
            if (color >= 0 && v != color) return std::nullopt;
            color = v;
        }
    if (color < 0) return std::nullopt;
    const std::vector<Object>& objects = components_cached(g, 8, false);
    if (objects.size() < 2) return std::nullopt;
    int p = 1 << 30;
    for (size_t i = 0; i < objects.size(); ++i)
        for (size_t j = i + 1; j < objects.size(); ++j)
            for (auto& a : objects[i].cells)
                for (auto& b : objects[j].cells)
                    p = std::min(p, std::max(std::abs(a.first - b.first), std::abs(a.second - b.second)));
    Img out(g.h, g.w);
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            int dist = 1 << 30;
            for (const Object& o : objects)
                for (auto& c : o.cells) dist = std::min(dist, std::max(std::abs(y - c.first), std::abs(x - c.second)));
            out.at(y, x) = static_cast<uint8_t>(dist % p == 0 ? color : fill);
        }
    return out;
}

// dsl.marker_trails
OptImg marker_trails(const Img& g, int marker) {
    Img out = g;
    bool found = false;
    for (const Object& o : components_cached(g, 8, true)) {
        int mask = 0, top, left, bottom, right;
        for (auto& c : o.cells) mask |= 1 << g.at(c.first, c.second);
        if (marker < 0 || marker > 9 || !(mask >> marker & 1) || __builtin_popcount(mask) != 2) continue;
        const int color = __builtin_ctz(mask & ~(1 << marker));
        object_box(o, top, left, bottom, right);
        std::vector<std::pair<int, int>> ways;
        for (auto& c : o.cells) {
            const int a = 2 * c.first - top - bottom, b = 2 * c.second - left - right;
            const std::pair<int, int> way((a > 0) - (a < 0), (b > 0) - (b < 0));
            if (g.at(c.first, c.second) == marker && way != std::make_pair(0, 0) &&
                std::find(ways.begin(), ways.end(), way) == ways.end())
                ways.push_back(way);
        }
        if (ways.empty()) continue;
        found = true;
        for (auto& c : o.cells) out.at(c.first, c.second) = static_cast<uint8_t>(color);
        for (auto& way : ways) paint_trail(g, out, o.cells, way.first, way.second, color);
    }
    if (!found) return std::nullopt;
    return out;
}

// dsl.cover_rays; direction as gravity's: 0 down 1 left 2 up 3 right
OptImg cover_rays(const Img& g, int direction) {
    static const int steps[4][2] = {{1, 0}, {0, -1}, {-1, 0}, {0, 1}};
    if (direction < 0 || direction > 3) return std::nullopt;
    const int dy = steps[direction][0], dx = steps[direction][1];
    const auto& objects = components_cached(g, 8, false);
    const Object* cover = nullptr;
    size_t best = 0, second = 0;
    for (const Object& o : objects) {
        if (o.cells.size() > best) second = best, best = o.cells.size(), cover = &o;
        else if (o.cells.size() > second) second = o.cells.size();
    }
    if (!cover || best < 3 || second == best) return std::nullopt;
    const int n = dy ? g.w : g.h;
    std::vector<int> along(n, -(1 << 30)), ey(n, -1), ex(n, -1);
    for (auto& c : cover->cells) {
        const int line = dy ? c.second : c.first, a = dy ? c.first * dy : c.second * dx;
        if (a > along[line]) along[line] = a, ey[line] = c.first, ex[line] = c.second;
    }
    Img out = g;
    bool drawn = false;
    for (int line = 0; line < n; ++line) {
        if (ey[line] < 0) continue;
        int y = ey[line] + dy, x = ex[line] + dx;
        while (y >= 0 && y < g.h && x >= 0 && x < g.w && g.at(y, x) == 0) y += dy, x += dx;
        if (y < 0 || y >= g.h || x < 0 || x >= g.w) continue;
        const uint8_t color = g.at(y, x);
        drawn = true;
        for (y = ey[line] + dy, x = ex[line] + dx; y >= 0 && y < g.h && x >= 0 && x < g.w; y += dy, x += dx)
            if (g.at(y, x) == 0) out.at(y, x) = color;
    }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.line_past_blobs; kinds 0 rows 1 cols 2 diag (x - y) 3 anti (x + y)
OptImg line_past_blobs(const Img& g, int gap) {
    const int h = g.h, w = g.w;
    auto line_cells = [&](int kind, int k) {
        std::vector<std::pair<int, int>> cells;
        if (kind == 0) {
            if (k >= 0 && k < h) for (int x = 0; x < w; ++x) cells.emplace_back(k, x);
        } else if (kind == 1) {
            if (k >= 0 && k < w) for (int y = 0; y < h; ++y) cells.emplace_back(y, k);
        } else {
            for (int y = 0; y < h; ++y) {
                const int x = kind == 2 ? y + k : k - y;
                if (x >= 0 && x < w) cells.emplace_back(y, x);
            }
        }
        return cells;
    };
    auto index = [](int kind, int y, int x) { return kind == 0 ? y : kind == 1 ? x : kind == 2 ? x - y : x + y; };
    std::vector<uint8_t> erased(static_cast<size_t>(h) * w, 0);
    bool any = false;
    std::vector<std::pair<uint8_t, std::vector<std::pair<int, int>>>> drawn;
    for (int kind = 0; kind < 4; ++kind) {
        const int lo = kind == 0 || kind == 1 || kind == 3 ? 0 : 1 - h;
        const int hi = kind == 0 ? h : kind == 1 ? w : kind == 2 ? w : h + w - 1;
        for (int k = lo; k < hi; ++k) {
            const auto cells = line_cells(kind, k);
            if (cells.size() < 3) continue;
            const uint8_t color = g.at(cells[0].first, cells[0].second);
            bool full = color != 0;
            for (auto& c : cells) full = full && g.at(c.first, c.second) == color;
            if (!full) continue;
            std::vector<uint8_t> seen(static_cast<size_t>(h) * w, 0);
            std::vector<std::pair<int, int>> stack(cells), found;
            while (!stack.empty()) {
                const auto [y, x] = stack.back();
                stack.pop_back();
                for (int ny = y - 1; ny <= y + 1; ++ny)
                    for (int nx = x - 1; nx <= x + 1; ++nx) {
                        if (ny < 0 || ny >= h || nx < 0 || nx >= w || seen[ny * w + nx]) continue;
                        const uint8_t v = g.at(ny, nx);
                        if (v == 0 || v == color) continue;
                        seen[ny * w + nx] = 1;
                        found.emplace_back(ny, nx);
                        stack.emplace_back(ny, nx);
                    }
            }
            for (int side : {1, -1}) {
                int far = 0;
                for (auto& c : found) far = std::max(far, side * (index(kind, c.first, c.second) - k));
                if (far > 0) drawn.emplace_back(color, line_cells(kind, k + side * (far + 1 + gap)));
            }
            for (auto& c : found) erased[c.first * w + c.second] = 1, any = true;
        }
    }
    if (!any) return std::nullopt;
    Img out = g;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            if (erased[y * w + x]) out.at(y, x) = 0;
    const Img base = out;
    for (auto& [color, cells] : drawn)
        for (auto& c : cells)
            if (base.at(c.first, c.second) == 0) out.at(c.first, c.second) = color;
    return out;
}

// dsl.slide_on_track
OptImg slide_on_track(const Img& g, int step) {
    std::array<std::vector<std::pair<int, int>>, 10> at;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x)
            if (g.at(y, x)) at[g.at(y, x)].emplace_back(y, x);
    std::vector<int> colors;
    for (int c = 1; c < 10; ++c)
        if (!at[c].empty()) colors.push_back(c);
    if (colors.size() != 2) return std::nullopt;
    int found = 0, rider = -1, axis = -1, period = 0;
    for (int order = 0; order < 2; ++order) {
        const int track = colors[order], other = colors[1 - order];
        const auto& cells = at[track];
        for (int ax : {1, 0}) {  // 1: a row track (moves sideways), 0: a column track
            if (cells.size() < 3) continue;
            bool one_line = true;
            std::vector<int> spots;
            for (auto& c : cells) {
                one_line = one_line && (ax == 1 ? c.first == cells[0].first : c.second == cells[0].second);
                spots.push_back(ax == 1 ? c.second : c.first);
            }
            if (!one_line) continue;
            std::sort(spots.begin(), spots.end());
            if (std::adjacent_find(spots.begin(), spots.end()) != spots.end()) continue;
            const int fixed = ax == 1 ? cells[0].first : cells[0].second;
            int lo = 1 << 30, hi = -1;
            for (auto& c : at[other]) {
                const int k = ax == 1 ? c.first : c.second;
                lo = std::min(lo, k), hi = std::max(hi, k);
            }
            if (fixed < lo || fixed > hi) continue;
            int p = 1 << 30;
            for (size_t i = 1; i < spots.size(); ++i) p = std::min(p, spots[i] - spots[i - 1]);
            bool even = true;
            for (size_t i = 1; i < spots.size(); ++i) even = even && (spots[i] - spots[i - 1]) % p == 0;
            if (!even) continue;
            ++found, rider = other, axis = ax, period = p;
        }
    }
    if (found != 1) return std::nullopt;
    const int dy = axis == 1 ? 0 : step * period, dx = axis == 1 ? step * period : 0;
    for (auto& c : at[rider])
        if (c.first + dy < 0 || c.first + dy >= g.h || c.second + dx < 0 || c.second + dx >= g.w) return std::nullopt;
    Img out = g;
    for (auto& c : at[rider]) out.at(c.first, c.second) = 0;
    for (auto& c : at[rider]) out.at(c.first + dy, c.second + dx) = static_cast<uint8_t>(rider);
    return out;
}

// dsl.copies_by_count
OptImg copies_by_count(const Img& g) {
    int n = 0;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) n += g.at(y, x) != 0;
    const int z = g.h * g.w - n;
    if (n == 0 || z == 0 || z * std::max(g.h, g.w) > MAX_SIDE) return std::nullopt;
    Img out(z * g.h, z * g.w);
    for (int i = 0; i < std::min(n, z * z); ++i) {
        const int by = i / z, bx = i % z;
        for (int y = 0; y < g.h; ++y)
            for (int x = 0; x < g.w; ++x) out.at(by * g.h + y, bx * g.w + x) = g.at(y, x);
    }
    return out;
}

// dsl.slide_along_stalk
OptImg slide_along_stalk(const Img& g) {
    struct Move {
        const Object* o;
        int axis, first, last, dy, dx;  // the stalk's lines first..last (columns on axis 0, rows on axis 1)
    };
    std::vector<Move> moves;
    for (const Object& o : components_cached(g, 4, false)) {
        std::vector<Move> found;
        for (int axis = 0; axis < 2; ++axis) {
            int lo = 1 << 30, hi = -1;
            for (auto& c : o.cells) {
                const int k = axis == 0 ? c.second : c.first;
                lo = std::min(lo, k), hi = std::max(hi, k);
            }
            std::vector<int> count(hi - lo + 1, 0), along(hi - lo + 1, 0);
            for (auto& c : o.cells) {
                const int k = (axis == 0 ? c.second : c.first) - lo;
                ++count[k];
                along[k] = axis == 0 ? c.first : c.second;
            }
            for (int side = 0; side < 2; ++side) {
                const int end = side == 0 ? lo : hi, step = side == 0 ? -1 : 1;
                int n = 0;
                while (end - step * n >= lo && end - step * n <= hi && count[end - step * n - lo] == 1) ++n;
                if (n == 0 || n == hi - lo + 1) continue;
                bool straight = true;
                for (int k = 0; k < n; ++k) straight = straight && along[end - step * k - lo] == along[end - lo];
                if (!straight) continue;
                const int ty = axis == 0 ? along[end - lo] : end + step, tx = axis == 0 ? end + step : along[end - lo];
                if (ty < 0 || ty >= g.h || tx < 0 || tx >= g.w || g.at(ty, tx) == 0) continue;
                const int first = std::min(end, end - step * (n - 1)), last = std::max(end, end - step * (n - 1));
                found.push_back({&o, axis, first, last, axis == 0 ? 0 : step * n, axis == 0 ? step * n : 0});
            }
        }
        if (found.size() == 1) moves.push_back(found[0]);
    }
    if (moves.empty()) return std::nullopt;
    Img out = g;
    for (const Move& m : moves)
        for (auto& c : m.o->cells) out.at(c.first, c.second) = 0;
    for (const Move& m : moves)
        for (auto& c : m.o->cells) {
            const int k = m.axis == 0 ? c.second : c.first;
            if (k >= m.first && k <= m.last) continue;
            out.at(c.first + m.dy, c.second + m.dx) = static_cast<uint8_t>(m.o->color);
        }
    return out;
}

// args: feature (4 ints, see count_feature), color (10: the most common non-0 color), h, w, layout (0 rows,
// 1 stride, 2 diagonal)
OptImg count_bar(const Img& g, const std::vector<int>& a) {
    std::vector<int> feature(a.begin(), a.begin() + 4);
    const int color = resolve_color(g, a[4]), h = a[5], w = a[6];
    if (color < 0) return std::nullopt;
    const int n = count_feature(g, feature);
    if (n < 1 || n > 30 * 30) return std::nullopt;
    const int rows = h == -1 ? n : h, cols = w == -1 ? n : w;
    if (rows > MAX_SIDE || cols > MAX_SIDE) return std::nullopt;
    const std::vector<int> places = count_places(rows, cols, n, a[7]);
    if (places.empty()) return std::nullopt;
    Img out(rows, cols);
    for (int q : places) out.p[q] = static_cast<uint8_t>(color);
    return out;
}

// table: 10 entries: a color, or 10 / 11 for the most / least common non-0 color of `original`
OptImg recolor_with_input(const Img& g, const Img& original, const std::vector<int>& table) {
    std::vector<int> t(10);
    for (int c = 0; c < 10; ++c) {
        t[c] = table[c] >= 10 ? resolve_color(original, table[c]) : table[c];
        if (t[c] < 0) return std::nullopt;
    }
    return recolor(g, t);
}

// table: 100 entries indexed original * 10 + current: the new color, or -1 to keep
OptImg cellwise_with_input(const Img& g, const Img& original, const std::vector<int>& table) {
    if (g.h != original.h || g.w != original.w) return std::nullopt;
    Img out = g;
    for (size_t q = 0; q < g.p.size(); ++q) {
        const int c = table[original.p[q] * 10 + g.p[q]];
        if (c >= 0) out.p[q] = static_cast<uint8_t>(c);
    }
    return out;
}

// dsl.fit_pieces
bool fit_place(const std::vector<Object>& pieces, const Img& g, Img& out, std::vector<uint8_t>& filled,
               std::vector<uint8_t>& used, int start) {
    const int h = out.h, w = out.w;
    int k = start;
    while (k < h * w && filled[k]) ++k;
    if (k == h * w) return true;
    const int y0 = k / w, x0 = k % w;
    for (size_t i = 0; i < pieces.size(); ++i) {
        if (used[i]) continue;
        const auto& cells = pieces[i].cells;
        const int dy = y0 - cells[0].first, dx = x0 - cells[0].second;
        bool fits = true;
        for (auto [y, x] : cells) {
            const int ty = y + dy, tx = x + dx;
            if (ty < 0 || ty >= h || tx < 0 || tx >= w || filled[ty * w + tx]) {
                fits = false;
                break;
            }
        }
        if (!fits) continue;
        used[i] = 1;
        for (auto [y, x] : cells) filled[(y + dy) * w + x + dx] = 1, out.at(y + dy, x + dx) = g.at(y, x);
        if (fit_place(pieces, g, out, filled, used, k + 1)) return true;
        used[i] = 0;
        for (auto [y, x] : cells) filled[(y + dy) * w + x + dx] = 0, out.at(y + dy, x + dx) = 0;
    }
    return false;
}

OptImg fit_pieces(const Img& g) {
    const std::vector<Object>& pieces = components_cached(g, 8, true);
    if (pieces.size() < 2 || pieces.size() > 4) return std::nullopt;
    int total = 0, need_h = 0, need_w = 0;
    for (const Object& o : pieces) {
        int t, l, b, r;
        object_box(o, t, l, b, r);
        total += static_cast<int>(o.cells.size());
        need_h = std::max(need_h, b - t + 1), need_w = std::max(need_w, r - l + 1);
    }
    std::vector<std::pair<int, int>> shapes;
    for (int h = 1; h <= total; ++h)
        if (total % h == 0) shapes.push_back({std::abs(h - total / h), h});
    std::sort(shapes.begin(), shapes.end());
    for (auto [_, h] : shapes) {
        const int w = total / h;
        if (h < need_h || w < need_w || h > MAX_SIDE || w > MAX_SIDE) continue;
        Img out(h, w);
        std::vector<uint8_t> filled(static_cast<size_t>(h) * w, 0), used(pieces.size(), 0);
        if (fit_place(pieces, g, out, filled, used, 0)) return out;
    }
    return std::nullopt;
}

// dsl.turn_parts; k quarter turns counter-clockwise
OptImg turn_parts(const Img& g, int k) {
    for (int sep = 1; sep < 10; ++sep) {
        std::vector<uint8_t> sr(g.h, 0), sc(g.w, 0);
        bool any = false;
        for (int y = 0; y < g.h; ++y) {
            bool full = true;
            for (int x = 0; x < g.w && full; ++x) full = g.at(y, x) == sep;
            sr[y] = full, any = any || full;
        }
        for (int x = 0; x < g.w; ++x) {
            bool full = true;
            for (int y = 0; y < g.h && full; ++y) full = g.at(y, x) == sep;
            sc[x] = full, any = any || full;
        }
        if (!any) continue;
        const Bounds rb = runs_between(sr, g.h), cb = runs_between(sc, g.w);
        std::vector<std::array<int, 4>> boxes;
        for (auto& [a, b] : rb)
            for (auto& [c, d] : cb) boxes.push_back({a, b, c, d});
        if (boxes.size() < 2) continue;
        const int ph = boxes[0][1] - boxes[0][0], pw = boxes[0][3] - boxes[0][2];
        bool ok = !(k % 2) || ph == pw;
        for (auto& bx : boxes) ok = ok && bx[1] - bx[0] == ph && bx[3] - bx[2] == pw;
        if (!ok) continue;
        auto has_color = [&](const std::array<int, 4>& bx) {
            for (int y = bx[0]; y < bx[1]; ++y)
                for (int x = bx[2]; x < bx[3]; ++x)
                    if (g.at(y, x)) return true;
            return false;
        };
        ok = has_color(boxes[0]);
        for (size_t i = 1; i < boxes.size() && ok; ++i) ok = !has_color(boxes[i]);
        if (!ok) continue;
        Img out = g;
        Img part(ph, pw);
        for (int y = 0; y < ph; ++y)
            for (int x = 0; x < pw; ++x) part.at(y, x) = g.at(boxes[0][0] + y, boxes[0][2] + x);
        for (size_t i = 1; i < boxes.size(); ++i) {
            part = rot90(part, k);
            for (int y = 0; y < part.h; ++y)
                for (int x = 0; x < part.w; ++x) out.at(boxes[i][0] + y, boxes[i][2] + x) = part.at(y, x);
        }
        return out;
    }
    return std::nullopt;
}

// dsl.corner_keys
OptImg corner_keys(const Img& g) {
    std::vector<int> rows, cols;
    for (int y = 0; y < g.h; ++y) {
        bool full = g.at(y, 0) != 0;
        for (int x = 0; x < g.w && full; ++x) full = g.at(y, x) == g.at(y, 0);
        if (full) rows.push_back(y);
    }
    for (int x = 0; x < g.w; ++x) {
        bool full = g.at(0, x) != 0;
        for (int y = 0; y < g.h && full; ++y) full = g.at(y, x) == g.at(0, x);
        if (full) cols.push_back(x);
    }
    if (rows.size() < 2 || cols.size() < 2) return std::nullopt;
    const int r0 = rows.front(), r1 = rows.back(), c0 = cols.front(), c1 = cols.back();
    const int ih = r1 - r0 - 1, iw = c1 - c0 - 1;
    if (ih < 2 || iw < 2 || ih % 2 || iw % 2 || r0 == 0 || c0 == 0 || r1 == g.h - 1 || c1 == g.w - 1)
        return std::nullopt;
    const int regions[4][4] = {{0, r0, 0, c0}, {0, r0, c1 + 1, g.w}, {r1 + 1, g.h, 0, c0}, {r1 + 1, g.h, c1 + 1, g.w}};
    int keys[4];
    for (int q = 0; q < 4; ++q) {
        int mask = 0;
        for (int y = regions[q][0]; y < regions[q][1]; ++y)
            for (int x = regions[q][2]; x < regions[q][3]; ++x)
                if (g.at(y, x)) mask |= 1 << g.at(y, x);
        if (__builtin_popcount(mask) != 1) return std::nullopt;
        keys[q] = __builtin_ctz(mask);
    }
    Img out(ih, iw);
    for (int y = 0; y < ih; ++y)
        for (int x = 0; x < iw; ++x)
            if (g.at(r0 + 1 + y, c0 + 1 + x)) out.at(y, x) = static_cast<uint8_t>(keys[(y >= ih / 2) * 2 + (x >= iw / 2)]);
    return out;
}

// dsl.block_figure
OptImg block_figure(const Img& g, int other) {
    const std::vector<Object>& objects = components_cached(g, 4, false);
    if (objects.empty()) return std::nullopt;
    size_t top = 0;
    for (const Object& o : objects) top = std::max(top, o.cells.size());
    int mask = 0;
    for (const Object& o : objects)
        if (o.cells.size() == top) mask |= 1 << o.color;
    if (__builtin_popcount(mask) != 1) return std::nullopt;
    const int color = __builtin_ctz(mask);
    int paint = color;
    if (other) {
        const std::array<int, 10> counts = histogram(g);
        int n = 0;
        for (int c = 1; c < 10; ++c)
            if (c != color && counts[c]) paint = c, ++n;
        if (n != 1) return std::nullopt;
    }
    int t, l, b, r;
    box_of(g, [color](uint8_t v) { return v == color; }, t, l, b, r);
    const int h = b - t + 1, w = r - l + 1;
    for (int side = std::min(h, w); side > 1; --side) {
        if (h % side || w % side) continue;
        Img out(h / side, w / side);
        bool ok = true;
        for (int by = 0; by < h / side && ok; ++by)
            for (int bx = 0; bx < w / side && ok; ++bx) {
                int n = 0;
                for (int y = 0; y < side; ++y)
                    for (int x = 0; x < side; ++x) n += g.at(t + by * side + y, l + bx * side + x) == color;
                if (n == side * side) out.at(by, bx) = static_cast<uint8_t>(paint);
                else ok = n == 0;
            }
        if (ok) return out;
    }
    return std::nullopt;
}

// dsl.fill_empty_rects
OptImg fill_empty_rects(const Img& g, int color) {
    std::vector<uint8_t> free(g.p.size());
    for (size_t q = 0; q < g.p.size(); ++q) free[q] = g.p[q] == 0;
    Img out = g;
    bool drawn = false;
    while (true) {
        const auto rects = empty_rects(free, g.h, g.w);
        if (rects.empty()) break;
        // the largest first; ties: the higher top, then the further left, then the higher bottom
        const auto key = [](const std::array<int, 4>& r) { return std::make_tuple(-rect_area(r), r[0], r[2], r[1]); };
        const auto best = *std::min_element(rects.begin(), rects.end(),
                                            [&](const auto& a, const auto& b) { return key(a) < key(b); });
        for (int y = best[0]; y <= best[1]; ++y)
            for (int x = best[2]; x <= best[3]; ++x) {
                free[y * g.w + x] = 0;
                out.at(y, x) = static_cast<uint8_t>(color);
            }
        drawn = true;
    }
    if (!drawn) return std::nullopt;
    return out;
}

// dsl.fill_rooms
OptImg fill_rooms(const Img& g, int color) {
    Img empty(g.h, g.w);
    for (int q = 0; q < g.h * g.w; ++q) empty.p[q] = g.p[q] == 0;
    auto in = [&](int y, int x) { return y >= 0 && y < g.h && x >= 0 && x < g.w; };
    Img out = g;
    bool found = false;
    for (const Object& o : components(empty, 4, false, 0)) {
        int t, l, b, r;
        object_box(o, t, l, b, r);
        if (static_cast<int>(o.cells.size()) != (b - t + 1) * (r - l + 1)) continue;
        bool ok = true;
        for (int y = t - 1; y <= b + 1 && ok; ++y)
            for (int x = l - 1; x <= r + 1 && ok; ++x)
                if ((y == t - 1 || y == b + 1 || x == l - 1 || x == r + 1) && in(y, x) && g.at(y, x) == 0) ok = false;
        if (!ok) continue;
        const int corners[4][4] = {{t - 1, l - 1, -1, -1}, {t - 1, r + 1, -1, 1}, {b + 1, l - 1, 1, -1},
                                   {b + 1, r + 1, 1, 1}};
        int inside = 0;
        for (const auto& c : corners) {
            const int y = c[0], x = c[1], dy = c[2], dx = c[3];
            if (!in(y, x)) continue;
            ++inside;
            if ((y + dy >= 0 && y + dy < g.h && g.at(y + dy, x) != 0) ||
                (x + dx >= 0 && x + dx < g.w && g.at(y, x + dx) != 0)) ok = false;
        }
        if (inside < 2 || !ok) continue;
        for (const auto& [y, x] : o.cells) out.at(y, x) = static_cast<uint8_t>(color);
        found = true;
    }
    if (!found) return std::nullopt;
    return out;
}

// dsl.bridge_along; axis 0 rows (objects side by side), 1 cols (one above the other)
OptImg bridge_along(const Img& g, int color, int axis) {
    std::vector<std::array<int, 4>> boxes;  // top, left, bottom, right; for cols: left, top, right, bottom
    for (const Object& o : components_cached(g, 8, false)) {
        int t, l, b, r;
        object_box(o, t, l, b, r);
        boxes.push_back(axis == 0 ? std::array<int, 4>{t, l, b, r} : std::array<int, 4>{l, t, r, b});
    }
    Img out = g;
    bool bridged = false;
    for (size_t i = 0; i < boxes.size(); ++i)
        for (size_t j = i + 1; j < boxes.size(); ++j) {
            const auto& p = boxes[i];
            const auto& q = boxes[j];
            const int lo = std::max(p[0], q[0]), hi = std::min(p[2], q[2]);
            const int start = p[3] < q[1] ? p[3] + 1 : q[3] + 1, stop = p[3] < q[1] ? q[1] : p[1];
            if (lo > hi || stop <= start) continue;
            bool clear = true;
            for (int u = lo; u <= hi && clear; ++u)
                for (int v = start; v < stop && clear; ++v) clear = (axis == 0 ? g.at(u, v) : g.at(v, u)) == 0;
            if (!clear) continue;
            for (int u = lo; u <= hi; ++u)
                for (int v = start; v < stop; ++v) (axis == 0 ? out.at(u, v) : out.at(v, u)) = static_cast<uint8_t>(color);
            bridged = true;
        }
    if (!bridged) return std::nullopt;
    return out;
}


// dsl.stair_rays; arms: bits 4..7 of the "UDLRabcd" letter mask
OptImg stair_rays(const Img& g, int color, int arms, int k, int vertical) {
    if (k < 1) return std::nullopt;
    static const int ways[4][2] = {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
    Img out = g;
    bool found = false;
    for (int y = 0; y < g.h; ++y)
        for (int x = 0; x < g.w; ++x) {
            if (g.at(y, x) == 0) continue;
            bool lone = true;
            for (int dy = -1; dy <= 1 && lone; ++dy)
                for (int dx = -1; dx <= 1 && lone; ++dx) {
                    const int ny = y + dy, nx = x + dx;
                    if ((dy || dx) && ny >= 0 && ny < g.h && nx >= 0 && nx < g.w && g.at(ny, nx) != 0) lone = false;
                }
            if (!lone) continue;
            found = true;
            for (int d = 0; d < 4; ++d) {
                if (!(arms >> (4 + d) & 1)) continue;
                const int dy = ways[d][0], dx = ways[d][1];
                int ry = y, rx = x, i = 0;
                while (true) {
                    const bool along_y = (i < k) == (vertical != 0);
                    ry += along_y ? dy : 0, rx += along_y ? 0 : dx;
                    if (ry < 0 || ry >= g.h || rx < 0 || rx >= g.w || g.at(ry, rx) != 0) break;
                    out.at(ry, rx) = static_cast<uint8_t>(color);
                    i = (i + 1) % (2 * k);
                }
            }
        }
    if (!found) return std::nullopt;
    return out;
}

// dsl.square_side_dots
OptImg square_side_dots(const Img& g, int step) {
    if (step < 1) return std::nullopt;
    const int h = g.h, w = g.w;
    Img s = g;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            int c = 0;
            for (uint8_t v : {g.at(y, x), g.at(y, w - 1 - x), g.at(h - 1 - y, x), g.at(h - 1 - y, w - 1 - x)}) {
                if (v == 0) continue;
                if (c && c != v) return std::nullopt;
                c = v;
            }
            if (c) s.at(y, x) = static_cast<uint8_t>(c);
        }
    Img out = s;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const uint8_t v = s.at(y, x);
            if (v == 0) continue;
            const int ay = std::abs(2 * y - (h - 1)), ax = std::abs(2 * x - (w - 1));
            if (ay == ax) continue;
            if (ay > ax) {
                const int end = w - 1 - x, sign = end > x ? 1 : -1;
                for (int j = x + sign * step; sign > 0 ? j < end : j > end; j += sign * step)
                    if (s.at(y, j) == 0 && out.at(y, j) == 0) out.at(y, j) = v;
            } else {
                const int end = h - 1 - y, sign = end > y ? 1 : -1;
                for (int i = y + sign * step; sign > 0 ? i < end : i > end; i += sign * step)
                    if (s.at(i, x) == 0 && out.at(i, x) == 0) out.at(i, x) = v;
            }
        }
    if (out == g) return std::nullopt;
    return out;
}

// dsl.extend_corner_bands
OptImg extend_corner_bands(const Img& g, int factor) {
    const int h = g.h, w = g.w;
    if (factor < 1 || h * factor > MAX_SIDE || w * factor > MAX_SIDE) return std::nullopt;
    const int n = std::max(h, w);
    std::vector<int> seq(n, -1);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int i = std::max(y, x), v = g.at(y, x);
            if (seq[i] == -1) seq[i] = v;
            else if (seq[i] != v) return std::nullopt;
        }
    for (int p = 1; p <= n; ++p) {
        if (seq[p - 1] == 0) break;  // the first p bands must be known
        std::vector<int> full(seq.begin(), seq.begin() + p);
        for (int i = p; i < n; ++i) full.push_back(seq[i] ? seq[i] : full[i - p]);
        bool ok = true;
        for (int i = p; i < n && ok; ++i) ok = full[i] == full[i - p];
        if (!ok) continue;
        const int size = n * factor;
        while (static_cast<int>(full.size()) < size) full.push_back(full[full.size() - p]);
        Img out(h * factor, w * factor);
        for (int y = 0; y < out.h; ++y)
            for (int x = 0; x < out.w; ++x) out.at(y, x) = static_cast<uint8_t>(full[std::max(y, x)]);
        return out;
    }
    return std::nullopt;
}

const std::vector<std::string> NAMES = {
    "rotate", "flip", "transpose", "antitranspose", "crop_nonbg", "crop_color", "crop_inside_color",
    "trim_border", "crop_object", "keep_object", "remove_object", "remove_small_objects", "recolor",
    "remove_color", "keep_color", "binarize", "majority_color_fill", "gravity", "slide_color",
    "gravity_objects", "fill_enclosed", "extend_rays", "connect_pairs", "hollow_objects", "shift",
    "take_part", "fill_periodic", "period_tile", "invert_colors", "periodic_patch", "symmetry_patch",
    "outline_objects", "draw_border", "symmetrize", "upscale", "downscale", "dihedral", "tile", "fractal",
    "dedupe_lines", "remove_uniform_lines", "combine_parts", "select_part", "fill_object_boxes",
    "cells_to_pixels", "fill_cells", "count_bar", "recolor_with_input", "cellwise_with_input", "identity",
    "stamp_template", "fill_color_boxes", "open_squares", "fill_diagonal_periodic", "border_lines",
    "corner_rays", "attract", "pad_edges", "color_by_key", "upscale_by_count",
    "period_extend", "crop_corner", "fill_empty_lines", "symmetrize_about",
    "pixels_to_lines", "cross_lines", "complete_templates", "move_by_size", "align_objects",
    "pull_pixels", "flood_touching", "stripe_colors", "colors_by_count", "line_majority",
    "recolor_half", "template_onto_shapes", "connect_elbow", "period_extend_to", "repeat_band",
    "fill_empty_parts", "center_in_frame", "alternate_rays", "cross_points",
    "reverse_rings", "paint_from_edge", "recolor_like_enclosed", "crop_most_of", "rays_to", "repeat_lines",
    "meet_halves", "sort_bars", "tile_runs", "fill_between_corners", "project_onto", "fill_empty_squares",
    "fill_largest_empty", "alternate_cells", "center_lines", "fractal_color", "mirror_across",
    "extend_tails", "fill_open_lines", "keep_center", "continue_period",
    "complete_rows_like", "step_toward", "color_bars", "notch_rays",
    "bridge_objects", "bounce_rays", "cells_like_first", "ring_crossings",
    "pad_canvas", "mark_centers", "shoot_through", "fill_inner_by_size",
    "rows_from_header", "comb_bars", "plus_between", "zigzag_down",
    "scale_into_frame", "colored_rays", "mirror_extend", "drift_extend",
    "leaky_box", "flood_checker", "pieces_into_holes",
    "largest_color_columns", "frame_empty_twin", "stencil_key", "band_holes", "wall_rays", "crop_color_margin",
    "merge_touching", "trail_copies", "mark_like_key", "gather_to", "mirror_to_marker",
    "assemble_corners", "frame_inside_points", "detour_rays", "fill_group_boxes",
    "crop_solid_rect", "concentric_squares",
    "mend_lines",
    "mark_midpoints",
    "pixels_in_grid",
    "stripe_square",
    "stair_bar", "draw_spiral", "step_rays", "shift_by_count",
    "count_bars",
    "zoom_cell", "cell_to_marker", "bounce_diagonals", "crop_line_frame", "side_rays",
    "fit_pieces", "turn_parts", "corner_keys",
    "block_figure",
    "frame_key_matches", "held_corner_rays", "corners_across",
    "move_templates", "extend_rings", "slide_along_stalk", "marker_trails",
    "fill_empty_rects", "fill_rooms", "bridge_along",
    "stair_rays", "square_side_dots", "extend_corner_bands",
    "cover_rays", "line_past_blobs", "slide_on_track", "copies_by_count",
};

OptImg dispatch(const Op& op, const Img& g, const Img& original) {
    const auto& a = op.args;
    switch (op.code) {
        case 0: return rot90(g, a[0]);
        case 1: return flip(g, a[0]);
        case 2: return transpose(g);
        case 3: return antitranspose(g);
        case 4: return crop_nonbg(g, a[0]);
        case 5: return crop_color(g, a[0]);
        case 6: return crop_inside_color(g, a[0]);
        case 7: return trim_border(g);
        case 8: return crop_object(g, a[0], a[1], a[2], a[3]);
        case 9: return keep_object(g, a[0], a[1], a[2]);
        case 10: return remove_object(g, a[0], a[1], a[2]);
        case 11: return remove_small_objects(g, a[0], a[1]);
        case 12: return recolor(g, a);
        case 13: return remove_color(g, a[0]);
        case 14: return keep_color(g, a[0]);
        case 15: return binarize(g);
        case 16: return majority_color_fill(g);
        case 17: return gravity(g, a[0]);
        case 18: return slide_color(g, a[0], a[1]);
        case 19: return gravity_objects(g, a[0]);
        case 20: return fill_enclosed(g, a[0]);
        case 21: return extend_rays(g, a[0], a[1], a[2]);
        case 22: return connect_pairs(g, a[0], a[1]);
        case 23: return hollow_objects(g);
        case 24: return shift(g, a[0], a[1]);
        case 25: return take_part(g, a[0], a[1], a[2], a[3]);
        case 26: return fill_periodic(g, a[0]);
        case 27: return period_tile(g);
        case 28: return invert_colors(g);
        case 29: return noise_patch(g, fill_periodic(g, a[0]), a[0]);
        case 30: return noise_patch(g, symmetrize(g, a[0], a[1]), a[1]);
        case 31: return outline_objects(g, a[0]);
        case 32: return draw_border(g, a[0]);
        case 33: return symmetrize(g, a[0], a[1]);
        case 34: return upscale(g, a[0], a[1]);
        case 35: return downscale(g, a[0], a[1], a[2]);
        case 36: return dihedral(g, a[0]);
        case 37: return tile(g, a);
        case 38: return fractal(g, a[0]);
        case 39: return dedupe_lines(g);
        case 40: return remove_uniform_lines(g, a[0]);
        case 41: return combine_parts(g, a[0], a[1], a[2]);
        case 42: return select_part(g, a[0], a[1], a[2]);
        case 43: return fill_object_boxes(g, a[0]);
        case 44: return cells_to_pixels(g, a[0]);
        case 45: return fill_cells(g, a[0]);
        case 46: return count_bar(g, a);
        case 47: return recolor_with_input(g, original, a);
        case 48: return cellwise_with_input(g, original, a);
        case 49: return g;
        case 50: return stamp_template(g, a[0]);
        case 51: return fill_color_boxes(g);
        case 52: return open_squares(g);
        case 53: return fill_diagonal_periodic(g, a[0]);
        case 54: return border_lines(g, a[0]);
        case 55: return corner_rays(g, a[0], a[1]);
        case 56: return attract(g, a[0], a[1]);
        case 57: return pad_edges(g);
        case 58: return color_by_key(g);
        case 59: return upscale_by_count(g, a[0]);
        case 60: return period_extend(g, a[0], a[1]);
        case 61: return crop_corner(g, a[0], a[1], a[2]);
        case 62: return fill_empty_lines(g, a[0]);
        case 63: return symmetrize_about(g, a[0], a[1], a[2]);
        case 64: return pixels_to_lines(g, a[0]);
        case 65: return cross_lines(g, a[0]);
        case 66: return place_templates(g, a[0], 0);
        case 67: return move_by_size(g, a[0]);
        case 68: return align_objects(g, a[0], a[1]);
        case 69: return pull_pixels(g, a[0]);
        case 70: return flood_touching(g, a[0]);
        case 71: return stripe_colors(g);
        case 72: return colors_by_count(g, a[0], a[1], a[2]);
        case 73: return line_majority(g);
        case 74: return recolor_half(g, a[0], a[1]);
        case 75: return template_onto_shapes(g, a[0], a[1]);
        case 76: return connect_elbow(g, a[0], a[1], a[2]);
        case 77: return period_extend_to(g, a[0], a[1]);
        case 78: return repeat_band(g, a[0]);
        case 79: return fill_empty_parts(g);
        case 80: return center_in_frame(g, a[0]);
        case 81: return alternate_rays(g, a[0], a[1]);
        case 82: return cross_points(g, a[0], a[1]);
        case 83: return reverse_rings(g);
        case 84: return paint_from_edge(g, a[0], a[1]);
        case 85: return recolor_like_enclosed(g, a[0]);
        case 86: return crop_most_of(g, a[0], a[1]);
        case 87: return rays_to(g, a[0]);
        case 88: return repeat_lines(g);
        case 89: return meet_halves(g, a[0], a[1]);
        case 90: return sort_bars(g);
        case 91: return tile_runs(g);
        case 92: return fill_between_corners(g, a[0]);
        case 93: return project_onto(g, a[0]);
        case 94: return fill_empty_squares(g, a[0], a[1]);
        case 95: return fill_largest_empty(g, a[0]);
        case 96: return alternate_cells(g, a[0]);
        case 97: return center_lines(g, a[0]);
        case 98: return fractal_color(g, a[0]);
        case 99: return mirror_across(g, a[0]);
        case 100: return extend_tails(g);
        case 101: return fill_open_lines(g, a[0]);
        case 102: return keep_center(g, a[0]);
        case 103: return continue_period(g, a[0]);
        case 104: return complete_rows_like(g);
        case 105: return step_toward(g, a[0], a[1]);
        case 106: return color_bars(g);
        case 107: return notch_rays(g);
        case 108: return bridge_objects(g, a[0], a[1]);
        case 109: return bounce_rays(g, a[0]);
        case 110: return cells_like_first(g);
        case 111: return ring_crossings(g, a[0]);
        case 112: return pad_canvas(g, a[0], a[1]);
        case 113: return mark_centers(g, a[0], a[1]);
        case 114: return shoot_through(g);
        case 115: return fill_inner_by_size(g, a[0], a[1]);
        case 116: return rows_from_header(g);
        case 117: return comb_bars(g);
        case 118: return plus_between(g, a[0]);
        case 119: return zigzag_down(g);
        case 120: return scale_into_frame(g);
        case 121: return colored_rays(g, a[0], a[1]);
        case 122: return mirror_extend(g, a[0], a[1]);
        case 123: return drift_extend(g, a[0], a[1]);
        case 124: return leaky_box(g, a[0]);
        case 125: return flood_checker(g, a[0]);
        case 126: return pieces_into_holes(g);
        case 127: return largest_color_columns(g);
        case 128: return frame_empty_twin(g);
        case 129: return stencil_key(g);
        case 130: return band_holes(g, a[0]);
        case 131: return wall_rays(g, a[0], a[1]);
        case 132: return crop_color_margin(g, a[0], a[1], a[2]);
        case 133: return merge_touching(g, a[0], a[1], a[2]);
        case 134: return trail_copies(g);
        case 135: return mark_like_key(g, a[0], a[1]);
        case 136: return gather_to(g, a[0]);
        case 137: return mirror_to_marker(g, a[0]);
        case 138: return assemble_corners(g);
        case 139: return frame_inside_points(g);
        case 140: return detour_rays(g, a[0], a[1]);
        case 141: return fill_group_boxes(g, a[0], a[1], a[2]);
        case 142: return crop_solid_rect(g);
        case 143: return concentric_squares(g);
        case 144: return mend_lines(g, a[0]);
        case 145: return mark_midpoints(g, a[0]);
        case 146: return pixels_in_grid(g, a[0], a[1], a[2], a[3]);
        case 147: return stripe_square(g);
        case 148: return stair_bar(g, a[0], a[1]);
        case 149: return draw_spiral(g, a[0]);
        case 150: return step_rays(g, a[0], a[1]);
        case 151: return shift_by_count(g, a[0], a[1], a[2]);
        case 152: return count_bars(g, a[0], a[1]);
        case 153: return zoom_cell(g, a[0]);
        case 154: return cell_to_marker(g, a[0]);
        case 155: return bounce_diagonals(g, a[0]);
        case 156: return crop_line_frame(g);
        case 157: return side_rays(g);
        case 158: return fit_pieces(g);
        case 159: return turn_parts(g, a[0]);
        case 160: return corner_keys(g);
        case 161: return block_figure(g, a[0]);
        case 162: return frame_key_matches(g);
        case 163: return held_corner_rays(g);
        case 164: return corners_across(g);
        case 165: return place_templates(g, a[0], 1);
        case 166: return extend_rings(g, a[0]);
        case 167: return slide_along_stalk(g);
        case 168: return marker_trails(g, a[0]);
        case 169: return fill_empty_rects(g, a[0]);
        case 170: return fill_rooms(g, a[0]);
        case 171: return bridge_along(g, a[0], a[1]);
        case 172: return stair_rays(g, a[0], a[1], a[2], a[3]);
        case 173: return square_side_dots(g, a[0]);
        case 174: return extend_corner_bands(g, a[0]);
        case 175: return cover_rays(g, a[0]);
        case 176: return line_past_blobs(g, a[0]);
        case 177: return slide_on_track(g, a[0]);
        case 178: return copies_by_count(g);
        default: return std::nullopt;
    }
}

}  // namespace

int resolve_color(const Img& g, int color) {
    if (color < 10) return color;
    auto counts = histogram(g);
    counts[0] = 0;
    int target = -1;
    for (int c = 1; c < 10; ++c) {
        if (!counts[c]) continue;
        if (target < 0 || (color == 10 ? counts[c] > target : counts[c] < target)) target = counts[c];
    }
    if (target < 0) return -1;
    int picked = -1;
    for (int c = 1; c < 10; ++c)
        if (counts[c] == target) {
            if (picked >= 0) return -1;
            picked = c;
        }
    return picked;
}

int most_common_color(const Img& g) {
    auto counts = histogram(g);
    int best = 0;
    for (int c = 1; c < 10; ++c)
        if (counts[c] > counts[best]) best = c;
    return best;
}

Img rot90(const Img& g, int k) {
    k = ((k % 4) + 4) % 4;
    if (k == 0) return g;
    if (k == 2) {
        Img out(g.h, g.w);
        for (int y = 0; y < g.h; ++y)
            for (int x = 0; x < g.w; ++x) out.at(y, x) = g.at(g.h - 1 - y, g.w - 1 - x);
        return out;
    }
    Img out(g.w, g.h);
    for (int i = 0; i < g.w; ++i)
        for (int j = 0; j < g.h; ++j) out.at(i, j) = k == 1 ? g.at(j, g.w - 1 - i) : g.at(g.h - 1 - j, i);
    return out;
}

std::optional<Img> dihedral(const Img& g, int name) {
    switch (name) {
        case 0: return g;
        case 1: return flip(g, 0);
        case 2: return flip(g, 1);
        case 3: return rot90(g, 2);
        case 4: return transpose(g);
        case 5: return antitranspose(g);
        case 6: return rot90(g, 1);
        case 7: return rot90(g, 3);
        default: return std::nullopt;
    }
}

std::vector<std::string> op_names() { return NAMES; }

int op_code(const std::string& name) {
    auto it = std::find(NAMES.begin(), NAMES.end(), name);
    return it == NAMES.end() ? -1 : static_cast<int>(it - NAMES.begin());
}

OptImg apply(const Op& op, const Img& g, const Img& original) {
    OptImg out = dispatch(op, g, original);
    if (!out || out->h < 1 || out->w < 1 || out->h > MAX_SIDE || out->w > MAX_SIDE) return std::nullopt;
    return out;
}

}  // namespace core
