"""The SVG charts: drawn when there is something to show, accessible when drawn."""

from rapporter.arsrapport import TierYear
from rapporter.charts import tiers_chart


def test_a_chart_of_only_zeros_is_left_out():
    years = [TierYear(ar=year, lopande=0, handelsstyrda=0, sarskilda=0) for year in (2023, 2024)]
    assert tiers_chart(years) == ""


def test_a_chart_carries_its_title_description_and_values():
    years = [
        TierYear(ar=2023, lopande=4, handelsstyrda=1, sarskilda=0),
        TierYear(ar=2024, lopande=21, handelsstyrda=6, sarskilda=3),
    ]
    svg = tiers_chart(years)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="diagram-nivaer-title">Uppföljning per nivå och år</title>' in svg
    assert "2024: 21 avvikelser, 6 händelsestyrda och 3 särskilda uppföljningar" in svg
    assert ">21</text>" in svg


def test_a_chart_description_takes_the_singular_after_one():
    from rapporter.arsrapport import BeslutRad
    from rapporter.charts import decisions_chart

    svg = decisions_chart([BeslutRad("Skyddat boende", pauser=1, uppsagningar=0, havningar=3)])
    assert "Skyddat boende: 1 tillfällig uteslutning, 0 uppsägningar, 3 hävningar" in svg
    years = [TierYear(ar=2024, lopande=1, handelsstyrda=1, sarskilda=1)]
    assert "2024: 1 avvikelse, 1 händelsestyrd och 1 särskild uppföljning" in tiers_chart(years)
