// Python bindings of the compiled core (module synth._core): operations, components and the search.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <cstring>

#include "image.hpp"
#include "search.hpp"

namespace nb = nanobind;
using namespace core;

using InGrid = nb::ndarray<const uint8_t, nb::ndim<2>, nb::c_contig, nb::device::cpu>;
using OutGrid = nb::ndarray<nb::numpy, uint8_t, nb::ndim<2>>;

namespace {

Img from_numpy(const InGrid& a) {
    if (a.shape(0) < 1 || a.shape(1) < 1 || a.shape(0) > MAX_SIDE || a.shape(1) > MAX_SIDE)
        throw nb::value_error("grid sides must be 1..30");
    Img g(static_cast<int>(a.shape(0)), static_cast<int>(a.shape(1)));
    std::memcpy(g.p.data(), a.data(), g.p.size());
    for (uint8_t v : g.p)
        if (v > 9) throw nb::value_error("colors must be 0..9");
    return g;
}

OutGrid to_numpy(const Img& g) {
    auto* data = new uint8_t[g.p.size()];
    std::memcpy(data, g.p.data(), g.p.size());
    nb::capsule owner(data, [](void* p) noexcept { delete[] static_cast<uint8_t*>(p); });
    return OutGrid(data, {static_cast<size_t>(g.h), static_cast<size_t>(g.w)}, owner);
}

std::vector<Img> from_list(const std::vector<InGrid>& grids) {
    std::vector<Img> out;
    for (auto& a : grids) out.push_back(from_numpy(a));
    return out;
}

nb::tuple fit_tuple(const Fit& f) {
    return nb::make_tuple(f.state, f.fitter, f.complexity, f.step.code, f.step.args);
}

}  // namespace

NB_MODULE(_core, m) {
    m.doc() = "Compiled search core of synth: twins of synth.dsl operations and the state search.";
    m.def("op_names", &op_names, "Operation names by code (the index).");
    m.def(
        "apply",
        [](int code, std::vector<int> args, const InGrid& grid, const InGrid& original) -> nb::object {
            Op op{code, std::move(args)};
            OptImg out = apply(op, from_numpy(grid), from_numpy(original));
            if (!out) return nb::none();
            return nb::cast(to_numpy(*out));
        },
        nb::arg("code"), nb::arg("args"), nb::arg("grid"), nb::arg("original"),
        "The image an operation makes of `grid` (None where it does not apply or the result is over 30x30).");
    m.def(
        "components",
        [](const InGrid& grid, int conn, bool multicolor, int bg) {
            nb::list objects;
            for (const Object& o : components(from_numpy(grid), conn, multicolor, bg)) {
                nb::list cells;
                for (auto& c : o.cells) cells.append(nb::make_tuple(c.first, c.second));
                objects.append(nb::make_tuple(o.color, nb::tuple(cells)));
            }
            return nb::tuple(objects);
        },
        "Twin of synth.dsl.components.");

    nb::class_<Search>(m, "Search")
        .def("__init__",
             [](Search* s, const std::vector<InGrid>& roots, int n_demo, const std::vector<InGrid>& outs) {
                 if (n_demo < 1 || n_demo > static_cast<int>(roots.size()) || static_cast<int>(outs.size()) != n_demo)
                     throw nb::value_error("need n_demo demo outputs and at least n_demo roots");
                 new (s) Search(from_list(roots), n_demo, from_list(outs));
             })
        .def(
            "run",
            [](Search& s, const std::vector<std::tuple<int, std::vector<int>, bool, int>>& ops, int depth, double seconds,
               long memory_cap_bytes, bool late) {
                std::vector<SearchOp> list;
                for (auto& [code, args, final_only, max_parent] : ops) list.push_back(SearchOp{Op{code, args}, final_only, max_parent});
                // the GIL stays held: the core's caches are per process, one search at a time
                s.run(list, depth, seconds, memory_cap_bytes, late);
            },
            nb::arg("ops"), nb::arg("depth"), nb::arg("seconds"), nb::arg("memory_cap_bytes"), nb::arg("late"))
        .def("resume", &Search::resume, nb::arg("seconds"),
             "Go on with the enumeration where the last run or resume stopped, for `seconds` more.")
        .def("finished", &Search::finished, "Whether the enumeration has nothing left to do.")
        .def("n_states", [](const Search& s) { return s.states().size(); })
        .def("state_depth", [](const Search& s, size_t i) { return s.states().at(i).depth; })
        .def("state_path", [](const Search& s, size_t i) { s.states().at(i); return s.path(static_cast<int>(i)); })
        .def("state_images",
             [](const Search& s, size_t i) {
                 nb::list out;
                 s.states().at(i);
                 for (int id : s.state_imgs(static_cast<int>(i))) out.append(to_numpy(s.image(id)));
                 return out;
             })
        .def("state_flags", [](Search& s, size_t i) { return s.flags(static_cast<int>(i)); })
        .def("flagged", &Search::flagged, nb::arg("mask"), nb::arg("min_depth"), nb::arg("max_depth"),
             nb::arg("by_promise"), nb::arg("seconds") = 1e9,
             "Ids of the states whose flags meet `mask`, min_depth..max_depth deep, in creation order or by promise; "
             "flags are computed on demand, until `seconds` have passed.")
        .def("state_image_ids", [](const Search& s, size_t i) { s.states().at(i); return s.state_imgs(static_cast<int>(i)); })
        .def("fits",
             [](const Search& s) {
                 nb::list out;
                 for (auto& f : s.fits()) out.append(fit_tuple(f));
                 return out;
             })
        .def("fit_grids",
             [](Search& s, const std::vector<InGrid>& grids) {
                 nb::list out;
                 for (auto& f : s.fit_grids(from_list(grids))) out.append(fit_tuple(f));
                 return out;
             })
        .def("n_partials", [](const Search& s) { return s.partials().size(); },
             "How many states have the demo outputs' shapes (the cover's candidate pieces), without copying them.")
        .def("covers", &Search::covers, nb::arg("max_layers"), nb::arg("max_pieces"), nb::arg("seconds"),
             nb::arg("leave_one_out") = false,
             "Greedy layered covers of the demo outputs: (demo left out, layers), the layers a list of (state, "
             "mode), top layer first; mode 0 paints the layer's non-0 cells, 1 its 0 cells, 2 every cell, 3 + c its "
             "non-0 cells in color c. The covers right on every demo come first (demo left out -1); with "
             "leave_one_out, then those that leave one demo out and need not be right on it.")
        .def("near_misses", [](const Search& s) { return s.near_misses(); })
        .def("frontier", [](const Search& s, size_t d) { return d < s.frontiers().size() ? s.frontiers()[d] : std::vector<int>{}; })
        .def("stats", [](const Search& s) {
            const Stats& t = s.stats();
            nb::dict d;
            d["applications"] = t.applications;
            d["memo_hits"] = t.memo_hits;
            d["states"] = t.states;
            d["duplicates"] = t.duplicates;
            d["images"] = t.images;
            d["bytes"] = t.bytes;
            d["rss_growth"] = t.rss_growth;
            d["depth_reached"] = t.depth_reached;
            d["timed_out"] = t.timed_out;
            d["memory_cap_hit"] = t.memory_cap_hit;
            d["cover_pieces"] = t.cover_pieces;
            d["cover_bytes"] = t.cover_bytes;
            d["cover_cap_hit"] = t.cover_cap_hit;
            d["seconds"] = t.seconds;
            return d;
        });
}
