"""Integration: small BARC-style programs run against synth.common through `from common import *`."""
import random as stdlib_random
import sys

import numpy as np
import pytest

from synth import common as common_module

CROP_LARGEST = '''
from common import *

import numpy as np
from typing import *

# concepts: objects, cropping
# description: output the largest object, cropped to its bounding box.

def main(input_grid):
    objects = find_connected_components(input_grid, monochromatic=False, connectivity=8)
    largest = max(objects, key=lambda obj: np.sum(obj != Color.BLACK))
    return crop(largest, background=Color.BLACK)

def generate_input():
    # note: `random` comes from the star import
    grid = np.zeros((12, 12), dtype=int)
    for size in [2, 3, 4]:
        sprite = random_sprite(size, size, color_palette=random.sample(Color.NOT_BLACK, 2))
        x, y = random_free_location_for_sprite(grid, sprite, padding=1)
        blit_sprite(grid, sprite, x, y)
    return grid
'''

SHOOT_LINES = '''
from common import *

import numpy as np
from typing import *

# concepts: lines, obstacles
# description: every red pixel shoots a red line to the right until it meets grey;
# every blue pixel shoots a blue line upward to the edge.

def main(input_grid):
    output_grid = np.copy(input_grid)
    for x, y in np.argwhere(input_grid == Color.RED):
        draw_line(output_grid, x + 1, y, direction=(1, 0), color=Color.RED, stop_at_color=[Color.GREY])
    for obj in find_connected_components(input_grid, monochromatic=True):
        if Color.BLUE in object_colors(obj):
            x, y = object_position(obj, anchor="top left")
            draw_line(output_grid, x, y - 1, direction=(0, -1), color=Color.BLUE)
    return output_grid

def generate_input():
    grid = np.zeros((8, 8), dtype=int)
    grid[random.randint(0, 2), random.randint(0, 7)] = Color.RED
    grid[7, :] = Color.GREY
    grid[random.randint(3, 6), random.randint(3, 7)] = Color.BLUE
    return grid
'''

REPAIR_SYMMETRY = '''
from common import *

import numpy as np
from typing import *

# concepts: symmetry, occlusion
# description: the pattern is mirror symmetric; teal pixels hide part of it. Fill them in from their mirror images.

def main(input_grid):
    symmetries = detect_mirror_symmetry(input_grid, ignore_colors=[Color.TEAL])
    output_grid = input_grid.copy()
    for x, y in np.argwhere(input_grid == Color.TEAL):
        for sym in symmetries:
            for sx, sy in orbit(input_grid, x, y, [sym]):
                if input_grid[sx, sy] != Color.TEAL:
                    output_grid[x, y] = input_grid[sx, sy]
    return output_grid
'''

GRAVITY = '''
from common import *

import numpy as np
from typing import *

# concepts: objects, falling, colour by size
# description: each object falls to the bottom of its column band; the largest one turns red.

def main(input_grid):
    width, height = input_grid.shape
    output_grid = np.full_like(input_grid, Color.BLACK)
    objects = detect_objects(input_grid, connectivity=4, monochromatic=False)
    for index, obj in enumerate(objects):
        x, y, w, h = bounding_box(obj)
        fallen = translate(obj, 0, height - (y + h))
        if index == 0:
            fallen[fallen != Color.BLACK] = Color.RED
        blit_object(output_grid, fallen)
    return output_grid
'''


@pytest.fixture
def run_program(monkeypatch):
    monkeypatch.setitem(sys.modules, "common", common_module)

    def load(source):
        namespace = {"__name__": "barc_program"}
        exec(compile(source, "<barc program>", "exec"), namespace)
        return namespace

    return load


def G(rows):
    return np.array(rows, dtype=int).T


def test_crop_largest(run_program):
    program = run_program(CROP_LARGEST)
    grid = G([[0, 0, 0, 0, 0],
              [0, 3, 0, 0, 0],
              [0, 0, 0, 4, 4],
              [0, 0, 0, 4, 5],
              [0, 0, 0, 0, 5]])
    assert np.array_equal(program["main"](grid), G([[4, 4], [4, 5], [0, 5]]))
    stdlib_random.seed(7)
    first = program["generate_input"]()
    stdlib_random.seed(7)
    assert np.array_equal(program["generate_input"](), first)  # seeded generators are reproducible
    comps = common_module.find_connected_components(first, monochromatic=False, connectivity=8)
    assert len(comps) == 3  # padding=1 keeps the three sprites apart
    out = program["main"](first)
    assert out.shape in {(2, 2), (3, 3), (4, 4)}  # sprites touch all their edges
    assert (out != 0).sum() == max((c != 0).sum() for c in comps)


def test_shoot_lines(run_program):
    program = run_program(SHOOT_LINES)
    grid = np.zeros((6, 5), dtype=int)
    grid[1, 1] = 2
    grid[4, 1] = 5
    grid[3, 3] = 1
    expected = grid.copy()
    expected[2:4, 1] = 2          # red stops before grey
    expected[3, 0:3] = 1          # blue goes up to the top edge
    assert np.array_equal(program["main"](grid), expected)
    stdlib_random.seed(1)
    for _ in range(5):
        generated = program["generate_input"]()
        out = program["main"](generated)
        rx, ry = np.argwhere(generated == 2)[0]
        assert (out[rx:, ry] != 0).all()  # red reaches the right edge (no grey in the way on rows 0..6)


def test_repair_symmetry(run_program):
    program = run_program(REPAIR_SYMMETRY)
    quadrant = np.array([[1, 2, 3], [4, 5, 6], [7, 1, 2]])
    half = np.concatenate([quadrant, quadrant[::-1, :]], axis=0)
    full = np.concatenate([half, half[:, ::-1]], axis=1)  # 6x6, symmetric about x=2.5 and y=2.5
    occluded = full.copy()
    occluded[0:2, 0:2] = 8
    occluded[4, 3] = 8
    repaired = program["main"](occluded)
    assert np.array_equal(repaired, full)


def test_gravity(run_program):
    program = run_program(GRAVITY)
    grid = G([[0, 3, 0, 0, 0],
              [0, 3, 0, 6, 6],
              [0, 0, 0, 6, 6],
              [0, 0, 0, 0, 0],
              [0, 0, 0, 0, 0]])
    expected = G([[0, 0, 0, 0, 0],
                  [0, 0, 0, 0, 0],
                  [0, 0, 0, 0, 0],
                  [0, 3, 0, 2, 2],
                  [0, 3, 0, 2, 2]])
    assert np.array_equal(program["main"](grid), expected)


def test_programs_see_random_and_np_through_star_import(run_program):
    namespace = run_program("from common import *\nvalue = random.choice(Color.NOT_BLACK)\narr = np.zeros(2)")
    assert namespace["random"] is stdlib_random and namespace["value"] in range(1, 10)
    assert namespace["arr"].shape == (2,)
