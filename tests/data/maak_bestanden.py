"""Write the small good and bad input files of the reader tests (tests/data/good, bad).

The files are committed; this script documents how each was made and rewrites them:

    python tests/data/maak_bestanden.py

Places refer to "Teststad" (tests/io_fixtures.py): points A-D lie in the middle of the four
buurten, (90000, 446500) lies outside. Rows count as in a spreadsheet (header = row 1).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import geopandas as gpd
from shapely.geometry import Point

HERE = Path(__file__).resolve().parent
GOOD = HERE / "good"
BAD = HERE / "bad"

# RD New and the same points in lon/lat (pyproj, 6 decimals: ~0.1 m)
A, B, C, D = (84500, 446500), (84500, 447500), (85500, 446500), (85500, 447500)
A_LL, B_LL, C_LL, D_LL = (
    (4.360505, 52.002392),
    (4.360299, 52.011379),
    (4.375066, 52.002518),
    (4.374863, 52.011505),
)
BUITEN = (90000, 446500)

TEXT: dict[str, str] = {}

# --- good files ---------------------------------------------------------------------------

TEXT["good/voorzieningen.csv"] = """\
voorziening_id,soort,naam,x,y,buurtcode
1,buurthuis,Buurthuis De Vonk,84500,446500,BU99990101
2,huisarts,Huisartsenpraktijk Oost,85500,447500,BU99990202
3,bibliotheek,Bibliotheek Noordwest,84500,447500,BU99990102
4,digitaal_platform,Buurtapp Teststad,,,
"""
TEXT["good/voorzieningen_lonlat.csv"] = f"""\
voorziening_id,soort,naam,lon,lat
1,buurthuis,Buurthuis De Vonk,{A_LL[0]},{A_LL[1]}
2,huisarts,Huisartsenpraktijk Oost,{D_LL[0]},{D_LL[1]}
3,bibliotheek,Bibliotheek Noordwest,{B_LL[0]},{B_LL[1]}
"""


def _comma(v: float) -> str:
    return str(v).replace(".", ",")


# Dutch Excel: ";" separator, decimal comma, Dutch column names, spaces around cells
TEXT["good/voorzieningen_excel.csv"] = f"""\
Voorziening ID;Soort;Naam;Lengtegraad;Breedtegraad
1; Buurthuis ;Buurthuis De Vonk;{_comma(A_LL[0])};{_comma(A_LL[1])}
2;huisarts;Huisartsenpraktijk Oost;{_comma(D_LL[0])};{_comma(D_LL[1])}
3;bibliotheek;Bibliotheek Noordwest;{_comma(B_LL[0])};{_comma(B_LL[1])}
"""
# written with a UTF-8 BOM (Excel's "CSV UTF-8"); a name with a diaeresis
TEXT["good/voorzieningen_bom.csv"] = """\
voorziening_id;soort;naam;x;y;buurtcode
1;cafe;Café De Eëndracht;84500,0;446500,0;BU99990101
2;speeltuin;Speeltuin Noordoost;85500;447500;BU99990202
"""
TEXT["good/inwoners.csv"] = """\
inwoner_id,leeftijd,huishouden_id,hulpvraag,x,y
1,34,1,,84500,446500
2,36,1,opvoeding,84500,446500
3,81,2,Eenzaamheid,85500,447500
4,7,1,,84500,446500
"""
TEXT["good/verenigingen.csv"] = f"""\
vereniging_id,naam,soort,voorziening_id,lon,lat,buurtcode
10,Voetbalvereniging Teststad,sport,1,{A_LL[0]},{A_LL[1]},BU99990101
11,Zangkoor De Stem,cultuur,,{D_LL[0]},{D_LL[1]},BU99990202
"""
# extra columns: text (team), whole numbers (ervaring_jaren), a code with a leading zero
# (kamer) and a decimal comma (uurtarief); they are kept, typed where that is safe
TEXT["good/professionals.csv"] = """\
professional_id,rol,voorziening_id,capaciteit,fte,x,y,buurtcode,team,ervaring_jaren,kamer,uurtarief
100,huisarts,2,2100,"0,8",85500,447500,BU99990202,Oost,12,0123,"52,5"
101,wijkteam,1,40,1,84500,446500,BU99990101,West,3,0201,60
"""
TEXT["good/relaties.csv"] = """\
van,naar,soort,gewicht
inwoner:1,inwoner:2,huishouden,1
inwoner:1,vereniging:10,lid,
inwoner:3,voorziening:1,bezoekt,
professional:100,voorziening:2,werkt_bij,
professional:101,inwoner:3,caseload,
professional:100,professional:101,werkt_samen,0.5
inwoner:2,inwoner:3,mantelzorg,2
"""

# --- bad files ----------------------------------------------------------------------------

HEAD = "voorziening_id,soort,naam,x,y,buurtcode\n"
TEXT["bad/voorzieningen_kolom_ontbreekt.csv"] = """\
voorziening_id,naam,x,y,buurtcode
1,Buurthuis De Vonk,84500,446500,BU99990101
"""
TEXT["bad/voorzieningen_kolom_typo.csv"] = """\
voorziening_id,sort,naam,x,y,buurtcode
1,buurthuis,Buurthuis De Vonk,84500,446500,BU99990101
"""
TEXT["bad/voorzieningen_kolommen_dubbel.csv"] = f"""\
voorziening_id,soort,lon,lng,lat
1,buurthuis,{A_LL[0]},{A_LL[0]},{A_LL[1]}
"""
TEXT["bad/voorzieningen_geen_coordinaten.csv"] = f"""\
voorziening_id,soort,longitude,lattitude
1,buurthuis,{A_LL[0]},{A_LL[1]}
"""
TEXT["bad/voorzieningen_kolom_zonder_naam.csv"] = """\
voorziening_id,soort,,x,y,buurtcode
1,buurthuis,De Vonk,84500,446500,BU99990101
"""
TEXT["bad/voorzieningen_dubbel.csv"] = (
    HEAD
    + """\
1,buurthuis,Buurthuis De Vonk,84500,446500,BU99990101
2,huisarts,Huisartsenpraktijk Oost,85500,447500,BU99990202
1,bibliotheek,Bibliotheek Noordwest,84500,447500,BU99990102
"""
)
TEXT["bad/voorzieningen_leeg.csv"] = (
    HEAD
    + """\
1,buurthuis,Buurthuis De Vonk,84500,446500,BU99990101
2,,Zonder soort,85500,447500,BU99990202
,bibliotheek,Zonder id,84500,447500,BU99990102
"""
)
TEXT["bad/voorzieningen_soort_onbekend.csv"] = (
    HEAD
    + """\
1,buurthuis,Buurthuis De Vonk,84500,446500,BU99990101
2,buurthuiss,Buurthuis Oost,85500,447500,BU99990202
"""
)
TEXT["bad/voorzieningen_capaciteit.csv"] = """\
voorziening_id,soort,capaciteit,x,y,buurtcode
1,buurthuis,-5,84500,446500,BU99990101
2,bibliotheek,veel,85500,447500,BU99990202
3,zwembad,"1.234,5",84500,447500,BU99990102
"""
TEXT["bad/voorzieningen_buurtcode_onbekend.csv"] = (
    HEAD
    + """\
1,buurthuis,Buurthuis De Vonk,84500,446500,BU99990101
2,huisarts,Huisartsenpraktijk Oost,85500,447500,BU99990999
"""
)
TEXT["bad/voorzieningen_code_vorm.csv"] = """\
voorziening_id,soort,x,y,buurtcode,wijkcode
1,buurthuis,84500,446500,BU123,WK999901
2,huisarts,85500,447500,99990202,WK1
"""
TEXT["bad/voorzieningen_wijk_buurt.csv"] = """\
voorziening_id,soort,x,y,buurtcode,wijkcode
1,buurthuis,84500,446500,BU99990101,WK999901
2,huisarts,85500,447500,BU99990202,WK999901
"""
TEXT["bad/voorzieningen_coord_leeg.csv"] = (
    HEAD
    + """\
1,buurthuis,Buurthuis De Vonk,84500,446500,BU99990101
2,huisarts,Zonder y,85500,,BU99990202
3,bibliotheek,NaN uit pandas,NaN,NaN,BU99990102
4,cafe,Geen getal,84.500m,447500,BU99990102
"""
)
TEXT["bad/voorzieningen_latlon_verwisseld.csv"] = f"""\
voorziening_id,soort,lon,lat
1,buurthuis,{A_LL[0]},{A_LL[1]}
2,huisarts,{D_LL[1]},{D_LL[0]}
"""
TEXT["bad/voorzieningen_xy_verwisseld.csv"] = f"""\
voorziening_id,soort,x,y,buurtcode
1,buurthuis,84500,446500,BU99990101
2,huisarts,{D[1]},{D[0]},BU99990202
3,cafe,1000000,5,BU99990102
"""
TEXT["bad/voorzieningen_graden_in_xy.csv"] = f"""\
voorziening_id,soort,x,y,buurtcode
1,buurthuis,{A_LL[0]},{A_LL[1]},BU99990101
"""
TEXT["bad/voorzieningen_rd_als_lonlat.csv"] = """\
voorziening_id,soort,lon,lat
1,buurthuis,84500,446500
2,huisarts,85500,447500
"""
TEXT["bad/voorzieningen_buiten.csv"] = """\
voorziening_id,soort,x,y
1,buurthuis,84500,446500
2,huisarts,90000,446500
"""
# A decimal comma in a comma-separated file without quotes: one field too many.
TEXT["bad/voorzieningen_velden.csv"] = (
    HEAD
    + """\
1,buurthuis,Buurthuis De Vonk,84500,446500,BU99990101
2,huisarts,Huisartsenpraktijk Oost,85500,5,447500,BU99990202
"""
)
TEXT["bad/voorzieningen_groot.csv"] = HEAD + "".join(
    f"{i},buurthuis,Buurthuis {i},84500,446500,BU99990101\n" for i in range(1, 13)
)
TEXT["bad/voorzieningen_leeg_bestand.csv"] = ""
# The acceptance case: swapped coordinates (row 3), a duplicate id (rows 2 and 4), an empty
# coordinate (row 5) and an unknown soort (row 6) in one file; row 7 is good.
TEXT["bad/voorzieningen_acceptatie.csv"] = f"""\
voorziening_id,soort,naam,lon,lat
1,buurthuis,Buurthuis De Vonk,{A_LL[0]},{A_LL[1]}
2,huisarts,Huisartsenpraktijk Oost,{D_LL[1]},{D_LL[0]}
1,bibliotheek,Bibliotheek Noordwest,{B_LL[0]},{B_LL[1]}
4,apotheek,Apotheek Zuidoost,,{C_LL[1]}
5,buurthuiss,Buurthuis Noordoost,{D_LL[0]},{D_LL[1]}
6,wijkteam,Wijkteam Zuidoost,{C_LL[0]},{C_LL[1]}
"""
TEXT["bad/voorzieningen.xlsx"] = "geen echt Excel-bestand: de lezer weigert op de extensie\n"
TEXT["bad/kapot.gpkg"] = "dit is geen GeoPackage\n"

INW = "inwoner_id,leeftijd,huishouden_id,x,y,buurtcode\n"
TEXT["bad/inwoners_naam.csv"] = """\
inwoner_id,Naam,leeftijd,huishouden_id,x,y,buurtcode
1,Jan Jansen,34,1,84500,446500,BU99990101
"""
TEXT["bad/inwoners_adres.csv"] = """\
inwoner_id,leeftijd,huishouden_id,Adres,Postcode,huis_nummer,x,y,buurtcode
1,34,1,Kerkstraat,2611 AA,12,84500,446500,BU99990101
"""
TEXT["bad/inwoners_bsn.csv"] = """\
inwoner_id,BSN,leeftijd,huishouden_id,x,y,buurtcode
1,123456782,34,1,84500,446500,BU99990101
2,012345672,36,1,84500,446500,BU99990101
"""
TEXT["bad/inwoners_geboortedatum.csv"] = """\
inwoner_id,leeftijd,Geboorte datum,huishouden_id,x,y,buurtcode
1,34,1991-03-04,1,84500,446500,BU99990101
"""
TEXT["bad/inwoners_leeftijd.csv"] = (
    INW
    + """\
1,-3,1,84500,446500,BU99990101
2,130,1,84500,446500,BU99990101
3,veertig,1,84500,446500,BU99990101
4,"34,5",1,84500,446500,BU99990101
5,34,1,84500,446500,BU99990101
"""
)
TEXT["bad/inwoners_hulpvraag.csv"] = """\
inwoner_id,leeftijd,huishouden_id,hulpvraag,x,y,buurtcode
1,80,1,eenzaam,84500,446500,BU99990101
2,40,2,geldzorgen,84500,446500,BU99990101
"""
TEXT["bad/inwoners_id.csv"] = (
    INW
    + """\
A12,34,1,84500,446500,BU99990101
13,36,,84500,446500,BU99990101
"""
)
TEXT["bad/relaties_email.csv"] = """\
van,naar,soort,E-mail
inwoner:1,inwoner:2,buur,jan@example.org
"""
TEXT["bad/relaties_onbekend.csv"] = """\
van,naar,soort
inwoner:1,inwoner:2,buur
inwoner:1,inwoner:99,vriend
inwoner:1,vereniging:77,lid
"""
TEXT["bad/relaties_lus.csv"] = """\
van,naar,soort
inwoner:1,inwoner:2,buur
inwoner:3,inwoner:3,vriend
"""
TEXT["bad/relaties_vorm.csv"] = """\
van,naar,soort
17,inwoner:2,buur
inwoner:1,persoon:3,vriend
inwoner:1,inwoner:2,lid
inwoner:1,inwoner:4,vriendschap
"""
TEXT["bad/relaties_dubbel.csv"] = """\
van,naar,soort
inwoner:1,inwoner:2,buur
inwoner:2,inwoner:1,buur
inwoner:2,inwoner:3,mantelzorg
inwoner:3,inwoner:2,mantelzorg
"""
TEXT["bad/professionals_rol_onbekend.csv"] = """\
professional_id,rol,voorziening_id,capaciteit,x,y,buurtcode
100,huisartz,2,2100,85500,447500,BU99990202
"""
TEXT["bad/professionals_waarden.csv"] = """\
professional_id,rol,voorziening_id,capaciteit,fte,x,y,buurtcode
100,huisarts,2,-1,1,85500,447500,BU99990202
101,wijkteam,1,"2,5",-0.5,84500,446500,BU99990101
102,wijkteam,9,40,1,84500,446500,BU99990101
"""
TEXT["bad/verenigingen_soort_onbekend.csv"] = """\
vereniging_id,naam,soort,x,y,buurtcode
10,Voetbalvereniging Teststad,voetbal,84500,446500,BU99990101
11,,cultuur,85500,447500,BU99990202
"""
TEXT["bad/wijken.csv"] = """\
wijkcode,wijknaam,inwoners
WK999901,West,100
"""


def _feature(props: dict[str, object], geometry: dict[str, object] | None) -> dict[str, object]:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _point(xy: tuple[float, float]) -> dict[str, object]:
    return {"type": "Point", "coordinates": list(xy)}


def _square(x: float, y: float, size: float) -> dict[str, object]:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


RD_CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
GEOJSON: dict[str, dict[str, object]] = {}


def _collection(features: list[dict[str, object]], rd: bool) -> dict[str, object]:
    fc: dict[str, object] = {"type": "FeatureCollection"}
    if rd:
        fc["crs"] = RD_CRS
    fc["features"] = features
    return fc


GEOJSON["good/voorzieningen.geojson"] = _collection(
    [
        _feature({"voorziening_id": 1, "soort": "buurthuis", "naam": "De Vonk"}, _point(A_LL)),
        _feature({"voorziening_id": 2, "soort": "huisarts", "naam": "Oost"}, _point(D_LL)),
    ],
    rd=False,
)
GEOJSON["good/voorzieningen_rd.geojson"] = _collection(
    [
        _feature({"voorziening_id": 1, "soort": "buurthuis", "buurtcode": "BU99990101"}, _point(A)),
        _feature({"voorziening_id": 2, "soort": "huisarts", "buurtcode": "BU99990202"}, _point(D)),
    ],
    rd=True,
)


def _rect(x: float) -> dict[str, object]:
    ring = [[x, 446000], [x + 1000, 446000], [x + 1000, 448000], [x, 448000], [x, 446000]]
    return {"type": "Polygon", "coordinates": [ring]}


GEOJSON["good/wijken.geojson"] = _collection(
    [
        _feature({"wijkcode": "WK999901", "wijknaam": "West", "inwoners": 100}, _rect(84000)),
        _feature({"wijkcode": "WK999902", "wijknaam": "Oost", "inwoners": None}, _rect(85000)),
    ],
    rd=True,
)
GEOJSON["good/buurten.geojson"] = _collection(
    [
        _feature(
            {"buurtcode": f"BU99990{w}0{b}", "buurtnaam": f"Buurt {w}{b}", "inwoners": 50},
            _square(84000 + 1000 * (w - 1), 446000 + 1000 * (b - 1), 1000),
        )
        for w in (1, 2)
        for b in (1, 2)
    ],
    rd=True,
)
# No "crs" member: by the standard the file is EPSG:4326, but the numbers are RD metres.
GEOJSON["bad/voorzieningen_rd_als_4326.geojson"] = _collection(
    [
        _feature({"voorziening_id": 1, "soort": "buurthuis"}, _point(A)),
        _feature({"voorziening_id": 2, "soort": "huisarts"}, _point(D)),
    ],
    rd=False,
)
# EPSG:4326: good (row 2), lat/lon swapped (3), RD metres among degrees (4), Italy (5)
GEOJSON["bad/voorzieningen_verwisseld.geojson"] = _collection(
    [
        _feature({"voorziening_id": 1, "soort": "buurthuis"}, _point(A_LL)),
        _feature({"voorziening_id": 2, "soort": "huisarts"}, _point((D_LL[1], D_LL[0]))),
        _feature({"voorziening_id": 3, "soort": "cafe"}, _point(B)),
        _feature({"voorziening_id": 4, "soort": "museum"}, _point((12.49, 41.89))),
    ],
    rd=False,
)
# Labelled EPSG:28992, but every coordinate is in degrees.
GEOJSON["bad/voorzieningen_graden_als_rd.geojson"] = _collection(
    [
        _feature({"voorziening_id": 1, "soort": "buurthuis"}, _point(A_LL)),
        _feature({"voorziening_id": 2, "soort": "huisarts"}, _point(D_LL)),
    ],
    rd=True,
)
# EPSG:28992: good (row 2), one point in degrees (row 3)
GEOJSON["bad/voorzieningen_rd_gemengd.geojson"] = _collection(
    [
        _feature({"voorziening_id": 1, "soort": "buurthuis"}, _point(A)),
        _feature({"voorziening_id": 2, "soort": "huisarts"}, _point(D_LL)),
    ],
    rd=True,
)
GEOJSON["bad/voorzieningen_vlakken.geojson"] = _collection(
    [
        _feature(
            {"voorziening_id": 1, "soort": "park", "buurtcode": "BU99990101"}, _square(*A, 50)
        ),
        _feature({"voorziening_id": 2, "soort": "huisarts", "buurtcode": "BU99990202"}, _point(D)),
    ],
    rd=True,
)
BOWTIE: dict[str, object] = {
    "type": "Polygon",
    "coordinates": [
        [[85000, 446000], [86000, 448000], [86000, 446000], [85000, 448000], [85000, 446000]]
    ],
}
GEOJSON["bad/wijken_ongeldig.geojson"] = _collection(
    [
        _feature({"wijkcode": "WK999901", "wijknaam": "West", "inwoners": 100}, _rect(84000)),
        _feature({"wijkcode": "WK999902", "wijknaam": "Vlinder", "inwoners": 200}, BOWTIE),
    ],
    rd=True,
)
GEOJSON["bad/wijken_leeg.geojson"] = _collection(
    [
        _feature({"wijkcode": "WK999901", "wijknaam": "Geen", "inwoners": 100}, None),
        _feature(
            {"wijkcode": "WK999902", "wijknaam": "Leeg", "inwoners": 200},
            {"type": "Polygon", "coordinates": []},
        ),
    ],
    rd=True,
)
GEOJSON["bad/wijken_punten.geojson"] = _collection(
    [
        _feature({"wijkcode": "WK999901", "wijknaam": "West", "inwoners": 100}, _rect(84000)),
        _feature({"wijkcode": "WK999902", "wijknaam": "Oost", "inwoners": 200}, _point(D)),
    ],
    rd=True,
)
GEOJSON["bad/wijken_dubbel.geojson"] = _collection(
    [
        _feature({"wijkcode": "WK999901", "wijknaam": "West", "inwoners": 100}, _rect(84000)),
        _feature({"wijkcode": "WK999901", "wijknaam": None, "inwoners": -99997}, _rect(85000)),
    ],
    rd=True,
)
GEOJSON["bad/buurten_wijkcode.geojson"] = _collection(
    [
        _feature(
            {
                "buurtcode": "BU99990101",
                "buurtnaam": "Zuidwest",
                "wijkcode": "WK999902",
                "inwoners": 50,
            },
            _square(84000, 446000, 1000),
        ),
    ],
    rd=True,
)


def _write_shapefiles() -> None:
    points = gpd.GeoDataFrame(
        {
            "voorziening_id": [1, 2],
            "soort": ["buurthuis", "huisarts"],
            "naam": ["Buurthuis De Vonk", "Huisartsenpraktijk Oost"],
            "buurtcode": ["BU99990101", "BU99990202"],
        },
        geometry=[Point(A), Point(D)],
        crs="EPSG:28992",
    )
    with warnings.catch_warnings():
        # the Shapefile driver warns that it cuts "voorziening_id" to "voorzienin": intended
        warnings.simplefilter("ignore")
        points.to_file(GOOD / "voorzieningen.shp", engine="pyogrio")
        points.set_crs(None, allow_override=True).to_file(
            BAD / "voorzieningen_zonder_crs.shp", engine="pyogrio"
        )


def main() -> None:
    GOOD.mkdir(exist_ok=True)
    BAD.mkdir(exist_ok=True)
    for name, text in TEXT.items():
        if name == "good/voorzieningen_bom.csv":
            (HERE / name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        else:
            (HERE / name).write_text(text, encoding="utf-8", newline="\n")
    # cp1252: the 'ë' of row 3 is the single byte 0xEB, not UTF-8
    (BAD / "voorzieningen_cp1252.csv").write_bytes(
        (
            HEAD
            + "1,buurthuis,Buurthuis De Vonk,84500,446500,BU99990101\n"
            + "2,buurthuis,Buurthuis De Eëndracht,85500,447500,BU99990202\n"
        ).encode("cp1252")
    )
    for name, collection in GEOJSON.items():
        (HERE / name).write_text(json.dumps(collection, indent=1) + "\n", encoding="utf-8")
    _write_shapefiles()


if __name__ == "__main__":
    main()
