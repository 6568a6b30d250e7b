"""The outlines behind the base map and the validator's point-in-country rule (mallette/geo.py)."""
from __future__ import annotations

import pytest

from mallette import geo


@pytest.mark.parametrize("country,lat,lon", [
    ("ES", 41.3851, 2.1734),     # Barcelona, on the coast
    ("IT", 45.5416, 10.2118),    # Brescia
    ("FR", -20.8823, 55.4504),   # Saint-Denis de La Réunion, an island far from France
    ("RE", -20.8823, 55.4504),   # the same, under La Réunion's own ISO code
    ("FR", 48.5734, 7.7521),     # Strasbourg, on the German border
    ("FR", 48.3904, -4.4861),    # Brest, at the tip of Brittany
    ("FR", 14.6161, -61.0588),   # Fort-de-France, Martinique
    ("YT", -12.7806, 45.2279),   # Mamoudzou, Mayotte
    ("FR", 47.3469, -3.1536),    # Le Palais, Belle-Île, a small island off the coast
    ("FR", 46.7256, -2.3486),    # Port-Joinville, Île d'Yeu, 17 km off the coast
    ("FR", 48.4575, -5.0953),    # Ouessant
    ("PT", 38.7223, -9.1393),    # Lisbon
    ("NL", 52.3676, 4.9041),     # Amsterdam
    ("CH", 46.2044, 6.1432),     # Geneva, at the French border
    ("MC", 43.7384, 7.4246),     # Monaco
    ("BE", 50.8427, 4.3826),     # Brussels
])
def test_real_places_lie_in_their_country(country, lat, lon):
    assert geo.placement(country, lat, lon) == "ok"


@pytest.mark.parametrize("country,lat,lon", [
    ("FR", 3.0573, 50.6292),     # Lille, swapped: in Somalia's waters
    ("IT", 10.2118, 45.5416),    # Brescia, swapped
    ("FR", 2.4, 46.6),           # the centre of France, swapped
])
def test_swapped_coordinates_are_recognised(country, lat, lon):
    assert geo.placement(country, lat, lon) == "inverse"
    assert geo.placement(country, lon, lat) == "ok"


@pytest.mark.parametrize("country,lat,lon", [
    ("FR", 47.5, -6.5),          # in the Atlantic, 150 km off Brittany
    ("FR", 41.3851, 2.1734),     # Barcelona is not in France
    ("ES", 48.8566, 2.3522),     # nor Paris in Spain
    ("FR", 0.0, 0.0),            # the default point of many tools
])
def test_points_outside_their_country_are_caught(country, lat, lon):
    assert geo.placement(country, lat, lon) == "hors"


def test_a_country_without_an_outline_is_not_judged():
    assert geo.placement("BV", 0.0, 0.0) == "inconnu"  # Bouvet Island: not in Natural Earth's provinces


@pytest.mark.parametrize("lat,lon,region", [
    (50.6292, 3.0573, "Hauts-de-France"), (48.8566, 2.3522, "Île-de-France"), (45.7640, 4.8357, "Auvergne-Rhône-Alpes"),
    (43.2965, 5.3698, "Provence-Alpes-Côte-d’Azur"), (41.9192, 8.7386, "Corse"), (48.3904, -4.4861, "Bretagne"),
    (46.1603, -1.1511, "Nouvelle-Aquitaine"),  # La Rochelle, on the coast
])
def test_french_points_fall_in_their_region(lat, lon, region):
    assert geo.region_names_fr()[geo.region_fr(lat, lon)] == region


def test_outline_test_is_exact_on_a_square_with_a_hole():
    outer = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    hole = [(4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0)]
    o = geo.Outline([outer, hole])
    assert o.contains(1.0, 1.0) and o.contains(9.5, 5.0)
    assert not o.contains(5.0, 5.0) and not o.contains(11.0, 5.0) and not o.contains(-0.5, 5.0)
    # About 11 km east of the edge at the equator: near at 15 km, not at 5 km.
    assert o.near(10.1, 5.0, km=15.0) and not o.near(10.1, 5.0, km=5.0)
