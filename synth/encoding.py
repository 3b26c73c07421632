"""The integer encoding of `synth.dsl` steps for the compiled core (`synth._core`), both ways.

This module owns the mapping between a `Step` (a dsl.py function name and its literal arguments) and the
core's (operation code, integer arguments). Operation codes are the core's own table (`_core.op_names()`);
string arguments become small integers, colors 'most' / 'least' become 10 / 11, dict arguments become
lookup tables. `decode(encode(step)) == step` for every step the core implements (property test).
"""
from __future__ import annotations

from synth import _core
from synth.emit import Step
from synth.search import COUNT_LAYOUTS

CODES: dict[str, int] = {name: i for i, name in enumerate(_core.op_names())}
NAMES: dict[int, str] = {i: name for name, i in CODES.items()}

ROLES = {"most": 10, "least": 11}
AXES = ("lr", "ud")
DIRECTIONS = ("down", "left", "up", "right")
HALVES = ("bottom", "left", "top", "right")  # in DIRECTIONS' order
SELECTORS = ("largest", "smallest", "largest_box", "smallest_box", "most_colors", "unique_color",
             "unique_shape", "topmost", "bottommost", "leftmost", "rightmost", "most_holes", "symmetric")
RAY_LETTERS = "UDLRabcd"
SPLIT_AXES = ("rows", "cols", "long")  # split_parts strips: how kind 1, 2, 3 (0 is "sep")
STOPS = ("hit", "border", "only_hit")
ANCHORS = ("center", "color")
LINE_AXES = ("rows", "cols", "both")
SYMMETRIES = ("lr", "ud", "lrud", "diag", "rot4")
CENTERED = ("lr", "ud", "lrud", "r180", "rot4", "all")
DOWN_MODES = ("first", "major", "any")
DIHEDRAL = ("id", "lr", "ud", "r180", "t", "at", "r90", "r270")
COMBINE_OPS = ("and", "or", "xor", "nor", "first_only", "overlay", "overlay_rev", "fold", "fold_rev", "kron")
PART_SELECTORS = ("most_cells", "fewest_cells", "most_colors", "fewest_colors", "odd", "common", "asymmetric",
                  "symmetric")
PIXEL_MODES = ("major", "count")
FILL_MODES = ("all", "most")
COUNT_FEATURES = ("colors", "cells")
ZOOM_PICKS = ("fewest", "most")

NO_ARGS = {"transpose", "antitranspose", "trim_border", "binarize", "majority_color_fill", "hollow_objects",
           "period_tile", "invert_colors", "dedupe_lines", "identity", "fill_color_boxes",
           "open_squares", "pad_edges", "color_by_key", "stripe_colors", "line_majority",
           "fill_empty_parts", "reverse_rings", "repeat_lines", "sort_bars", "tile_runs", "extend_tails",
           "complete_rows_like", "color_bars", "notch_rays", "cells_like_first",
           "shoot_through", "rows_from_header", "comb_bars",
           "zigzag_down", "scale_into_frame", "pieces_into_holes", "largest_color_columns", "frame_empty_twin",
           "stencil_key", "trail_copies", "assemble_corners", "frame_inside_points", "crop_solid_rect",
           "concentric_squares", "stripe_square", "crop_line_frame", "side_rays", "fit_pieces",
           "corner_keys", "frame_key_matches", "held_corner_rays", "corners_across", "slide_along_stalk",
           "copies_by_count"}
ONE_INT = {"crop_nonbg", "fill_enclosed", "outline_objects", "draw_border", "fill_object_boxes",
           "remove_uniform_lines", "fill_periodic", "periodic_patch", "rotate", "fill_diagonal_periodic",
           "fill_empty_lines", "cross_lines", "flood_touching", "recolor_like_enclosed", "fill_open_lines",
           "ring_crossings", "plus_between", "flood_checker", "mend_lines", "mark_midpoints", "turn_parts",
           "block_figure", "square_side_dots", "extend_corner_bands", "line_past_blobs",
           "slide_on_track"}
ONE_COLOR = {"crop_color", "crop_inside_color", "remove_color", "keep_color", "center_in_frame", "rays_to",
             "fill_between_corners", "project_onto", "fill_largest_empty", "alternate_cells", "center_lines",
             "fractal_color", "mirror_across", "leaky_box", "band_holes", "gather_to", "extend_rings", "marker_trails",
             "mirror_to_marker", "draw_spiral", "cell_to_marker", "bounce_diagonals", "fill_empty_rects",
             "fill_rooms"}
INTS = {"remove_small_objects", "slide_color", "shift", "take_part", "upscale", "period_extend", "crop_corner",
        "period_extend_to", "fill_empty_squares", "step_toward", "bridge_objects",
        "pad_canvas", "fill_inner_by_size", "wall_rays", "crop_color_margin",
        "merge_touching", "mark_like_key", "fill_group_boxes", "pixels_in_grid", "stair_bar", "step_rays",
        "shift_by_count"}


def _letters_mask(letters: str) -> int:
    return sum(1 << RAY_LETTERS.index(ch) for ch in set(letters))


def _mask_letters(mask: int) -> str:
    return "".join(ch for i, ch in enumerate(RAY_LETTERS) if mask >> i & 1)


def _color(c: object) -> int:
    return ROLES[c] if isinstance(c, str) else int(c)


def _uncolor(c: int) -> object:
    return {10: "most", 11: "least"}.get(c, c)


def _how(how: object) -> list[int]:
    if how == "sep":
        return [0, 0]
    axis, n = how
    return [SPLIT_AXES.index(axis) + 1, int(n)]


def _unhow(kind: int, n: int) -> object:
    return "sep" if kind == 0 else (SPLIT_AXES[kind - 1], n)


def supported(step: Step) -> bool:
    """Whether the core implements this step."""
    return step.name in CODES


def encode(step: Step) -> tuple[int, list[int]]:
    """(code, integer arguments) of a step; KeyError for a step the core does not implement."""
    name, a = step.name, step.args
    code = CODES[name]
    if name in NO_ARGS:
        return code, []
    if name in ONE_INT:
        return code, [int(a[0])]
    if name in ONE_COLOR:
        return code, [_color(a[0])]
    if name in INTS:
        return code, [int(v) for v in a]
    if name == "flip":
        return code, [AXES.index(a[0])]
    if name == "crop_object":
        return code, [int(a[0]), int(a[1]), SELECTORS.index(a[2]), int(a[3])]
    if name in ("keep_object", "remove_object"):
        return code, [int(a[0]), int(a[1]), SELECTORS.index(a[2])]
    if name in ("recolor", "recolor_with_input"):
        table = list(range(10))
        for src, dst in a[0].items():
            table[int(src)] = _color(dst)
        return code, table
    if name in ("gravity", "gravity_objects", "move_by_size", "cover_rays"):
        return code, [DIRECTIONS.index(a[0])]
    if name == "count_bars":
        return code, [int(a[0]), DIRECTIONS.index(a[1])]
    if name in ("align_objects", "bridge_along"):
        return code, [int(a[0]), LINE_AXES.index(a[1])]
    if name == "extend_rays":
        return code, [int(a[0]), _letters_mask(a[1]), STOPS.index(a[2])]
    if name == "attract":
        return code, [int(a[0]), LINE_AXES.index(a[1])]
    if name in ("corner_rays", "colored_rays"):
        return code, [int(a[0]), _letters_mask(a[1])]
    if name == "pull_pixels":
        return code, [_letters_mask(a[0])]
    if name == "stair_rays":
        return code, [int(a[0]), _letters_mask(a[1]), int(a[2]), int(a[3])]
    if name == "colors_by_count":
        return code, [int(a[0]), int(a[1]), int(a[2])]
    if name == "connect_elbow":
        return code, [int(a[0]), int(a[1]), int(a[2])]
    if name in ("repeat_band", "keep_center"):
        return code, [LINE_AXES.index(a[0])]
    if name in ("mirror_extend", "drift_extend"):
        return code, [LINE_AXES.index(a[0]), int(a[1])]
    if name in ("alternate_rays", "detour_rays"):
        return code, [DIRECTIONS.index(a[0]), int(a[1])]
    if name == "cross_points":
        return code, [int(a[0]), int(a[1])]
    if name in ("paint_from_edge", "mark_centers"):
        return code, [int(a[0]), HALVES.index(a[1])]
    if name == "bounce_rays":
        return code, ["abcd".index(a[0])]
    if name == "continue_period":
        return code, [DIRECTIONS.index(a[0])]
    if name == "crop_most_of":
        return code, [int(a[0]), int(a[1])]
    if name == "meet_halves":
        return code, [int(a[0]), LINE_AXES.index(a[1])]
    if name == "recolor_half":
        return code, [HALVES.index(a[0]), int(a[1])]
    if name in ("connect_pairs", "template_onto_shapes"):
        return code, [int(a[0]), int(a[1])]
    if name in ("symmetry_patch", "symmetrize"):
        return code, [SYMMETRIES.index(a[0]), int(a[1])]
    if name == "symmetrize_about":
        return code, [CENTERED.index(a[0]), int(a[1]), int(a[2])]
    if name == "downscale":
        return code, [int(a[0]), int(a[1]), DOWN_MODES.index(a[2])]
    if name == "dihedral":
        return code, [DIHEDRAL.index(a[0])]
    if name == "tile":
        pattern = a[0]
        return code, [len(pattern), len(pattern[0])] + [DIHEDRAL.index(n) for row in pattern for n in row]
    if name in ("fractal", "border_lines", "pixels_to_lines", "complete_templates", "move_templates"):
        return code, [int(a[0])]
    if name == "stamp_template":
        return code, [ANCHORS.index(a[0])]
    if name == "combine_parts":
        return code, _how(a[0]) + [COMBINE_OPS.index(a[1])]
    if name == "select_part":
        return code, _how(a[0]) + [PART_SELECTORS.index(a[1])]
    if name == "cells_to_pixels":
        return code, [PIXEL_MODES.index(a[0])]
    if name == "fill_cells":
        return code, [FILL_MODES.index(a[0])]
    if name == "upscale_by_count":
        return code, [COUNT_FEATURES.index(a[0])]
    if name == "zoom_cell":
        return code, [ZOOM_PICKS.index(a[0])]
    if name == "count_bar":
        feature, color, h, w, layout = a
        if feature[0] == "cells":
            head = [0, int(feature[1]), 0, 0]
        elif feature[0] == "colors":
            head = [1, 0, 0, 0]
        else:
            head = [2, int(feature[1]), int(feature[2]), int(feature[3])]
        return code, head + [_color(color), int(h), int(w), COUNT_LAYOUTS.index(layout)]
    if name == "cellwise_with_input":
        table = [-1] * 100
        for (src, cur), dst in a[0].items():
            table[int(src) * 10 + int(cur)] = int(dst)
        return code, table
    raise KeyError(f"no encoding for {name}")


def decode(code: int, args: list[int]) -> Step:
    """The step of a (code, integer arguments) pair, as the Python fitters would write it."""
    name = NAMES[code]
    a = list(args)
    if name in NO_ARGS:
        return Step(name, ())
    if name in ONE_INT or name in INTS:
        return Step(name, tuple(a))
    if name in ONE_COLOR:
        return Step(name, (_uncolor(a[0]),))
    if name == "flip":
        return Step(name, (AXES[a[0]],))
    if name == "crop_object":
        return Step(name, (a[0], bool(a[1]), SELECTORS[a[2]], bool(a[3])))
    if name in ("keep_object", "remove_object"):
        return Step(name, (a[0], bool(a[1]), SELECTORS[a[2]]))
    if name in ("recolor", "recolor_with_input"):
        return Step(name, ({c: _uncolor(a[c]) for c in range(10) if a[c] != c},))
    if name in ("gravity", "gravity_objects", "move_by_size", "cover_rays"):
        return Step(name, (DIRECTIONS[a[0]],))
    if name == "count_bars":
        return Step(name, (a[0], DIRECTIONS[a[1]]))
    if name in ("align_objects", "bridge_along"):
        return Step(name, (a[0], LINE_AXES[a[1]]))
    if name == "extend_rays":
        return Step(name, (a[0], _mask_letters(a[1]), STOPS[a[2]]))
    if name == "attract":
        return Step(name, (a[0], LINE_AXES[a[1]]))
    if name in ("corner_rays", "colored_rays"):
        return Step(name, (a[0], _mask_letters(a[1])))
    if name == "pull_pixels":
        return Step(name, (_mask_letters(a[0]),))
    if name == "stair_rays":
        return Step(name, (a[0], _mask_letters(a[1]), a[2], a[3]))
    if name == "colors_by_count":
        return Step(name, (bool(a[0]), a[1], bool(a[2])))
    if name == "connect_elbow":
        return Step(name, (a[0], a[1], a[2]))
    if name in ("repeat_band", "keep_center"):
        return Step(name, (LINE_AXES[a[0]],))
    if name in ("mirror_extend", "drift_extend"):
        return Step(name, (LINE_AXES[a[0]], a[1]))
    if name in ("alternate_rays", "detour_rays"):
        return Step(name, (DIRECTIONS[a[0]], a[1]))
    if name == "cross_points":
        return Step(name, (a[0], a[1]))
    if name in ("paint_from_edge", "mark_centers"):
        return Step(name, (a[0], HALVES[a[1]]))
    if name == "bounce_rays":
        return Step(name, ("abcd"[a[0]],))
    if name == "continue_period":
        return Step(name, (DIRECTIONS[a[0]],))
    if name == "crop_most_of":
        return Step(name, (a[0], a[1]))
    if name == "meet_halves":
        return Step(name, (a[0], LINE_AXES[a[1]]))
    if name == "recolor_half":
        return Step(name, (HALVES[a[0]], a[1]))
    if name in ("connect_pairs", "template_onto_shapes"):
        return Step(name, (a[0], bool(a[1])))
    if name in ("symmetry_patch", "symmetrize"):
        return Step(name, (SYMMETRIES[a[0]], a[1]))
    if name == "symmetrize_about":
        return Step(name, (CENTERED[a[0]], a[1], a[2]))
    if name == "downscale":
        return Step(name, (a[0], a[1], DOWN_MODES[a[2]]))
    if name == "dihedral":
        return Step(name, (DIHEDRAL[a[0]],))
    if name == "tile":
        fy, fx, names = a[0], a[1], a[2:]
        return Step(name, (tuple(tuple(DIHEDRAL[names[ty * fx + tx]] for tx in range(fx)) for ty in range(fy)),))
    if name in ("fractal", "border_lines", "pixels_to_lines", "complete_templates", "move_templates"):
        return Step(name, (bool(a[0]),))
    if name == "stamp_template":
        return Step(name, (ANCHORS[a[0]],))
    if name == "combine_parts":
        return Step(name, (_unhow(a[0], a[1]), COMBINE_OPS[a[2]]))
    if name == "select_part":
        return Step(name, (_unhow(a[0], a[1]), PART_SELECTORS[a[2]]))
    if name == "cells_to_pixels":
        return Step(name, (PIXEL_MODES[a[0]],))
    if name == "fill_cells":
        return Step(name, (FILL_MODES[a[0]],))
    if name == "upscale_by_count":
        return Step(name, (COUNT_FEATURES[a[0]],))
    if name == "zoom_cell":
        return Step(name, (ZOOM_PICKS[a[0]],))
    if name == "count_bar":
        kind = a[0]
        feature = ("cells", a[1]) if kind == 0 else ("colors",) if kind == 1 else ("objects", a[1], a[2], a[3])
        return Step(name, (feature, _uncolor(a[4]), a[5], a[6], COUNT_LAYOUTS[a[7]]))
    if name == "cellwise_with_input":
        return Step(name, ({(k // 10, k % 10): a[k] for k in range(100) if a[k] >= 0},))
    raise KeyError(f"no decoding for {name}")
