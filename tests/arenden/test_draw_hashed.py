"""The documented hash draw used for samples of units (arenden.draw.draw_hashed)."""

from arenden.draw import draw_hashed


def test_the_draw_is_the_lowest_sha256_keys_of_the_sorted_positions():
    # SHA-256 of "7:0" … "7:5" sorted: positions 4, 3, 2, 1, 5, 0 (worked out with hashlib).
    assert draw_hashed([60, 10, 50, 20, 40, 30], 3, 7) == [50, 40, 30]


def test_the_order_of_the_candidates_does_not_matter_and_too_few_are_all_drawn():
    assert draw_hashed([30, 10, 20, 60, 50, 40], 3, 7) == [50, 40, 30]
    assert draw_hashed([3, 1, 2], 5, 7) == [1, 2, 3]
