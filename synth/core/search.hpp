// The compiled breadth-first search over compositions of operations (twin of synth/reference.py's loop).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <tuple>
#include <vector>

#include "image.hpp"
#include "tables.hpp"

namespace core {

struct SearchOp {
    Op op;
    bool final_only = false;   // applied near the root only; its children are not expanded
    int max_parent_depth = 1;  // for final-only ops: the deepest parent they apply to
};

struct State {
    int first = 0;          // offset of its image ids (demo inputs' images, then test inputs') in the id pool
    int parent = -1;
    int op = -1;            // index into the op list (-1 for the root)
    int depth = 0;
    uint8_t flags = 0;      // which Python-side fitters may fit here (FLAG_*): their necessary conditions hold
    bool flags_known = false;  // flags are computed on demand (Search::flags), not during the enumeration
    bool expandable = false;   // made by an operation that is not final-only (or the root): in a frontier
};

constexpr uint8_t FLAG_RECOLOR_OBJECTS = 1;  // synth.search.fit_recolor_objects: objects explain the change
constexpr uint8_t FLAG_STAMP = 2;            // fit_stamp: its stamps reproduce every demo output (exact)
constexpr uint8_t FLAG_LOCAL_RULE = 4;       // fit_local_rule: a consistent neighborhood table covers the tests

// the FLAG_* conditions of demo images (with their outputs) and test images
uint8_t python_fitter_flags(const std::vector<const Img*>& demo, const std::vector<const Img*>& outs,
                            const std::vector<const Img*>& tests);

// what a layer of a cover paints: its non-0 cells, its 0 cells, every cell
constexpr int COVER_NONZERO = 0, COVER_ZERO = 1, COVER_ALL = 2;
constexpr int COVER_COLOR = 3;  // mode COVER_COLOR + c paints the layer's non-0 cells in color c
constexpr long COVER_CAP_SHARE = 16;  // the enumeration stops at the memory cap less 1/16th, kept for the cover

// A final step fitted to a state that reproduces every demo output.
struct Fit {
    int state;
    int fitter;      // 0 color map, 1 tile, 2 upscale, 3 downscale, 4 cellwise with input, 5 count bar
    int complexity;  // the path's cost plus the step's (synth.search._step_cost)
    Op step;
};

struct Stats {
    long applications = 0;  // operation applications to one image (memo misses)
    long memo_hits = 0;
    long states = 0;        // distinct states kept (the root included)
    long duplicates = 0;    // children equal to a state already seen
    long images = 0;        // distinct images kept
    long bytes = 0;         // estimated memory of the search's own structures
    long rss_growth = 0;    // the process's resident memory growth since the run started (sampled), bytes
    int depth_reached = 0;
    bool timed_out = false;
    bool memory_cap_hit = false;
    long cover_pieces = 0;  // pieces the last layered cover chose among
    long cover_bytes = 0;   // their bitsets' estimated memory: the estimate (with its margin) and these stay under the cap
    bool cover_cap_hit = false;  // the last cover took fewer pieces than it could for the cap
    double seconds = 0;
};

class Search {
  public:
    Search(const std::vector<Img>& roots, int n_demo, const std::vector<Img>& outs);
    void run(const std::vector<SearchOp>& ops, int max_depth, double seconds, long memory_cap_bytes, bool late);
    // go on with the enumeration where `run` (or the last `resume`) stopped, for `seconds` more
    void resume(double seconds);
    bool finished() const {
        return cursor_.levels_done && (!late_ || !fits_.empty() || cursor_.parent >= cursor_.deep.size());
    }

    const std::deque<State>& states() const { return states_; }
    const Img& image(int id) const { return images_[id]; }
    std::vector<int> path(int state) const;
    const std::vector<Fit>& fits() const { return fits_; }
    const std::vector<int>& partials() const { return partials_; }  // states whose demo images have the output shapes
    // greedy layered covers of the demo outputs by up to `max_layers` of the first `max_pieces` partials
    // (distinct demo images): each a list of (state, COVER_* mode), top layer first (cover.cpp),
    // with its demo left out, -1; with leave_one_out, then for each demo the covers of the other demos, which
    // need not be right on it
    std::vector<std::pair<int, std::vector<std::pair<int, int>>>> covers(int max_layers, int max_pieces, double seconds,
                                                                         bool leave_one_out = false);
    // the states nearest the demo outputs without reproducing them: (demos wrong, mean share of wrong cells,
    // state id), fewest demos wrong first, then fewest cells, then earlier states; only states whose demo images
    // have the output shapes
    const std::vector<std::tuple<int, double, int>>& near_misses() const { return near_; }
    const std::vector<std::vector<int>>& frontiers() const { return frontiers_; }
    const Stats& stats() const { return stats_; }
    // cheap fitters on an explicit list of demo / test images (exposed for the differential test)
    std::vector<Fit> fit_images(const int* imgs, int state, int path_cost);
    std::vector<int> state_imgs(int state) const {
        const int* p = pool_.data() + states_[state].first;
        return std::vector<int>(p, p + roots_.size());
    }
    // the state's FLAG_* bits, computed on first use (the enumeration does not pay for them)
    uint8_t flags(int state);
    // ids of the states min_depth..max_depth deep whose flags meet `mask`, in creation order (or by promise);
    // flags are computed until `seconds` have passed, the states after that are not returned
    std::vector<int> flagged(int mask, int min_depth, int max_depth, bool by_promise, double seconds);
    void sort_by_promise(std::vector<int>& ids) const;  // stable: fewer output shapes / color sets missed first
    std::vector<Fit> fit_grids(const std::vector<Img>& grids);  // demo images then test images (path cost 1)

  private:
    void set_deadline(double seconds);
    int add_state(const std::vector<int>& imgs, int parent, int op, int depth);
    int expand(int parent, int k);
    void enumerate();
    int intern(Img&& img);
    int child_image(int op_index, int img_id);
    bool time_up();
    void note(int state_id);
    void try_fitters(int state_id);
    long promise(int state_id) const;
    bool over_cap();

    std::vector<Img> roots_;
    int n_demo_;
    std::vector<Img> outs_;
    std::vector<SearchOp> ops_;
    std::vector<Img> images_;
    IdTable image_ids_;         // interned images, by content
    MemoTable memo_;            // (op index, image id) -> image id or -1
    std::deque<State> states_;  // a deque: growing it never copies (no transient doubling of memory)
    std::vector<int> pool_;     // every state's image ids, state after state
    IdTable seen_;              // states, by their image ids
    std::vector<Fit> fits_;
    std::vector<int> partials_;
    std::vector<std::tuple<int, double, int>> near_;
    std::vector<std::vector<int>> frontiers_;
    std::vector<int> out_color_masks_;
    Stats stats_;
    std::chrono::steady_clock::time_point deadline_;
    // where the enumeration stands: the level being made is frontiers_.size(); its parent and op to try next
    struct Cursor {
        size_t parent = 0;
        int op = 0;
        std::vector<int> next;       // the level's expandable states made so far
        bool levels_done = false;    // every level run (or cut by the depth limits)
        bool late_started = false;
        std::vector<int> deep;       // the late phase's parents, most promising first
    } cursor_;
    int first_found_depth_ = -1;
    int max_depth_ = 1;
    bool late_ = false;
    int duplicate_of_ = -1;          // the state the last add_state call found with the same images
    std::vector<int> child_;
    long cap_ = 0;
    long rss_start_ = 0;
    int clock_counter_ = 0;
};

}  // namespace core
