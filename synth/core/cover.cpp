// The greedy layered cover (after icecuber's combination of partial solutions): the search's states whose demo
// images have the demo outputs' shapes are pieces; a cover stacks pieces, top layer first, each painting the
// cells of one kind (its non-0 cells, its 0 cells, or every cell; or its non-0 cells in one color of the demo
// outputs) that no layer above paints, and right on every one of them in every demo. Cells no layer paints stay
// 0. Bitsets over all demo output cells make one greedy step a few word operations per piece.
#include "search.hpp"

#include <algorithm>
#include <chrono>
#include <set>

namespace core {

namespace {

using Bits = std::vector<uint64_t>;

// which cells a piece paints in each mode, as a word of the bitsets
inline uint64_t active_word(int mode, uint64_t zero, uint64_t valid) {
    return (mode == COVER_ZERO ? zero : mode == COVER_ALL ? ~0ULL : ~zero) & valid;
}

}  // namespace

std::vector<std::pair<int, std::vector<std::pair<int, int>>>> Search::covers(int max_layers, int max_pieces,
                                                                            double seconds, bool leave_one_out) {
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
    std::vector<std::pair<int, std::vector<std::pair<int, int>>>> found;
    if (n_demo_ == 0) return found;
    // the cells of every demo output, one after the other
    size_t cells = 0;
    for (auto& o : outs_) cells += o.p.size();
    const size_t words = (cells + 63) / 64;
    Bits valid(words, ~0ULL), target_zero(words, 0);
    if (cells % 64) valid.back() = (1ULL << (cells % 64)) - 1;
    std::vector<Bits> not_color(10, valid);  // per color: the cells whose output has another color
    {
        size_t x = 0;
        for (auto& o : outs_)
            for (uint8_t v : o.p) {
                target_zero[x / 64] |= static_cast<uint64_t>(v == 0) << (x % 64);
                not_color[v][x / 64] &= ~(1ULL << (x % 64));
                ++x;
            }
    }
    // the modes: the three kinds of layer, and a layer per color of the demo outputs that paints its non-0
    // cells in that color (layers that paint their 0 cells in a color were tried: -0.5 dev tasks)
    std::vector<int> modes = {COVER_NONZERO, COVER_ZERO, COVER_ALL};
    for (int c = 0; c < 10; ++c)
        if (not_color[c] != valid) modes.push_back(COVER_COLOR + c);
    // the pieces: first state per distinct set of demo images, shallowest first
    std::vector<int> pieces;
    Bits bad, zero;  // per piece, `words` words each: where it differs from the output, where it is 0
    std::set<std::vector<int>> seen;
    // a piece's bitsets and its entry in `seen` count against the search's memory cap (the enumeration leaves
    // the cap's last 1/COVER_CAP_SHARE to the cover): no piece is taken past it (recorded as cover_cap_hit; the
    // bitsets are freed on return, so the enumeration may go on)
    const long piece_bytes = static_cast<long>(words) * 16 + static_cast<long>(n_demo_) * 4 + 64;
    long cover_bytes = 0;
    stats_.cover_pieces = stats_.cover_bytes = 0;
    stats_.cover_cap_hit = false;
    for (int s : partials_) {
        if (static_cast<int>(pieces.size()) >= max_pieces) break;
        if (cap_ > 0 && stats_.bytes + stats_.bytes / 4 + cover_bytes + piece_bytes >= cap_) {
            stats_.cover_cap_hit = true;
            break;
        }
        if ((pieces.size() & 255) == 255 && std::chrono::steady_clock::now() >= until) return found;
        std::vector<int> demo(pool_.begin() + states_[s].first, pool_.begin() + states_[s].first + n_demo_);
        if (!seen.insert(demo).second) continue;
        pieces.push_back(s);
        cover_bytes += piece_bytes;
        stats_.cover_pieces = static_cast<long>(pieces.size());
        stats_.cover_bytes = cover_bytes;
        bad.resize(bad.size() + words, 0);
        zero.resize(zero.size() + words, 0);
        uint64_t* b = bad.data() + bad.size() - words;
        uint64_t* z = zero.data() + zero.size() - words;
        size_t x = 0;
        for (int i = 0; i < n_demo_; ++i) {
            const Img& g = images_[demo[i]];
            const Img& o = outs_[i];
            for (size_t q = 0; q < o.p.size(); ++q, ++x) {
                b[x / 64] |= static_cast<uint64_t>(g.p[q] != o.p[q]) << (x % 64);
                z[x / 64] |= static_cast<uint64_t>(g.p[q] == 0) << (x % 64);
            }
        }
    }
    if (pieces.size() < 2) return found;
    // the cells of each demo output
    std::vector<Bits> demo_cells;
    {
        size_t x = 0;
        for (auto& o : outs_) {
            Bits mine(words, 0);
            for (size_t q = 0; q < o.p.size(); ++q, ++x) mine[x / 64] |= 1ULL << (x % 64);
            demo_cells.push_back(std::move(mine));
        }
    }
    // the runs: (demo left out, -1 for none; the cells that count as gain: every demo's, or one demo's, as in
    // icecuber's variants). A cover that leaves a demo out need not be right on it: a fallback, not a program.
    // The exact runs come first, so a deadline cuts the fallbacks first.
    struct Run {
        int left_out;
        Bits scope, care;
    };
    std::vector<Run> runs;
    for (int k = -1; k < (leave_one_out && n_demo_ > 1 ? n_demo_ : 0); ++k) {
        Bits scope = valid;
        if (k >= 0)
            for (size_t j = 0; j < words; ++j) scope[j] &= ~demo_cells[k][j];
        runs.push_back({k, scope, scope});
        if (k < 0 && n_demo_ > 1)  // the per-demo variants for the exact covers only (they cost a run per demo)
            for (int i = 0; i < n_demo_; ++i) runs.push_back({k, scope, demo_cells[i]});
    }
    std::set<std::pair<int, std::vector<std::pair<int, int>>>> kept;
    const int n_pieces = static_cast<int>(pieces.size());
    for (const Run& run : runs) {
        const Bits& scope = run.scope;
        const Bits& care = run.care;
        Bits covered(words, 0);
        std::vector<std::pair<int, int>> layers;
        while (static_cast<int>(layers.size()) < max_layers) {
            if (std::chrono::steady_clock::now() >= until) return found;
            int best = -1, best_mode = 0;
            long best_gain = 0;
            for (int i = 0; i < n_pieces; ++i) {
                const uint64_t* b = bad.data() + static_cast<size_t>(i) * words;
                const uint64_t* z = zero.data() + static_cast<size_t>(i) * words;
                for (int mode : modes) {
                    const uint64_t* wrong = mode >= COVER_COLOR ? not_color[mode - COVER_COLOR].data() : b;
                    long gain = 0;
                    bool ok = true;
                    for (size_t j = 0; j < words && ok; ++j) {
                        const uint64_t fresh = active_word(mode, z[j], scope[j]) & ~covered[j];
                        ok = !(fresh & wrong[j]);
                        gain += __builtin_popcountll(fresh & care[j]);
                    }
                    if (ok && gain > best_gain) best = i, best_mode = mode, best_gain = gain;
                }
            }
            if (best < 0) break;
            layers.push_back({pieces[best], best_mode});
            const uint64_t* z = zero.data() + static_cast<size_t>(best) * words;
            bool done = true;
            for (size_t j = 0; j < words; ++j) {
                covered[j] |= active_word(best_mode, z[j], scope[j]);
                done = done && !(scope[j] & ~covered[j] & ~target_zero[j]);
            }
            if (done) {
                // one layer is a pipeline the search itself reports, unless a demo is left out
                if ((layers.size() >= 2 || run.left_out >= 0) && kept.insert({run.left_out, layers}).second)
                    found.push_back({run.left_out, layers});
                break;
            }
        }
    }
    return found;
}

}  // namespace core
