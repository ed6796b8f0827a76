"""Readers (each corpus's offset quirk) and scorers, on tiny samples written here."""

from sitroom.evaluate.geo import (
    Area,
    GoldDocument,
    GoldToponym,
    Resolution,
    SystemToponym,
    distance_km,
    read_geovirus,
    read_geowebnews,
    read_trnews,
    realign,
    score,
)

TEXT = "Shelling hit Avdiivka, near Donetsk."


def test_geowebnews_reader_keeps_geocoded_toponyms(tmp_path):
    (tmp_path / "GWN.xml").write_text(
        f"""<articles><article file="7"><title/><link/><text>{TEXT}</text><toponyms>
<toponym><extractedName>Avdiivka</extractedName><type>Literal</type>
<start>13</start><end>21</end><latitude>48.14</latitude><longitude>37.74</longitude></toponym>
<toponym><extractedName>Donetsk</extractedName><type>Literal</type>
<start>27</start><end>34</end><latitude>48.0</latitude><longitude>37.8</longitude></toponym>
<toponym><extractedName>Shelling</extractedName><type>Non_Toponym</type>
<start>0</start><end>8</end><latitude/><longitude/></toponym>
</toponyms></article></articles>""",
        encoding="utf-8",
    )
    [doc] = read_geowebnews(tmp_path)
    assert doc.id == "gwn-7"
    assert [(t.span, t.text, t.kind) for t in doc.toponyms] == [
        ((13, 21), "Avdiivka", "Literal"),
        ((28, 35), "Donetsk", "Literal"),
    ]


def test_trnews_reader_realigns_offsets(tmp_path):
    path = tmp_path / "TR-News.xml"
    path.write_text(
        f"""<articles><article docid="1"><title>t</title><dltime>2016-12-19</dltime>
<text><![CDATA[{TEXT}]]></text><toponyms><toponym><phrase>Donetsk</phrase>
<start>25</start><end>32</end><gaztag geonameid="709717"><name>Donetsk</name>
<fcode>PPLA</fcode><lat>48.023</lat><lon>37.802</lon></gaztag></toponym></toponyms>
</article></articles>""",
        encoding="utf-8",
    )
    [doc] = read_trnews(path)
    [toponym] = doc.toponyms
    assert toponym.span == (28, 35) and TEXT[28:35] == "Donetsk"
    assert (toponym.lat, toponym.lon, toponym.kind) == (48.023, 37.802, "PPLA")
    assert doc.published == "2016-12-19"


def test_geovirus_reader_uses_one_based_offsets(tmp_path):
    (tmp_path / "GeoVirus.xml").write_text(
        f"""<articles><article><source>s</source><text>{TEXT}</text><locations>
<location><name>Avdiivka</name><start>14</start><end>22</end><lat>48.1</lat><lon>37.7</lon>
<page>p</page></location></locations></article></articles>""",
        encoding="utf-8",
    )
    [doc] = read_geovirus(tmp_path)
    assert [t.span for t in doc.toponyms] == [(13, 21)]


def test_realign_picks_the_nearest_occurrence():
    text = "Gaza ... Gaza ... Gaza"
    assert realign(text, "Gaza", 10, 14) == (9, 13)
    assert realign(text, "Rafah", 0, 5) is None


def test_scores():
    gold = GoldDocument(
        "d",
        TEXT,
        [
            GoldToponym((13, 21), "Avdiivka", 48.14, 37.74),
            GoldToponym((28, 35), "Donetsk", 48.0, 37.8),
        ],
    )

    def detect(doc):
        # Avdiivka right, "near Donetsk" overlapping but resolved 300+ km away, one spurious
        return [
            SystemToponym((13, 21), 48.14, 37.74),
            SystemToponym((23, 35), 50.45, 30.52),
            SystemToponym((0, 8), None, None),
        ]

    def resolve(doc, spans):
        return [(48.14, 37.74), (48.6, 37.8)]

    s = score([gold], detect, resolve)
    assert s.strict() == (1 / 3, 1 / 2, 0.4)
    p, r, _ = s.relaxed()
    assert (p, r) == (2 / 3, 1.0)
    assert s.e2e_accuracy(161.0) == 0.5
    assert s.given_accuracy(161.0) == 1.0
    assert s.given_accuracy(50.0) == 0.5


def test_distance():
    assert round(distance_km(50.45, 30.52, 51.73, 36.19)) == 421


def test_area_diagnostic_counts_the_right_country_at_another_centre():
    text = "Officials in Ukraine and Kharkiv region said Donetsk was shelled."
    gold = GoldDocument(
        "d",
        text,
        [
            GoldToponym((13, 20), "Ukraine", 49.0, 32.0),
            GoldToponym((25, 32), "Kharkiv", 49.9, 36.3),
            GoldToponym((45, 52), "Donetsk", 48.0, 37.8),
        ],
    )
    where = {(49.0, 32.0): Area("UA", "Kirovohrad"), (49.9, 36.3): Area("UA", "Kharkiv")}

    def resolve(doc, spans):
        # Ukraine at another centre 400 km off, Kharkiv region at its centre (also in the
        # area), Donetsk resolved to a city far away: only the country and region count
        return [
            Resolution(48.4, 27.0, Area("UA")),
            Resolution(49.9, 36.3, Area("UA", "Kharkiv")),
            (50.45, 30.52),
        ]

    s = score([gold], resolve=resolve, locate=lambda lat, lon: where.get((lat, lon)))
    assert s.given_accuracy(161.0) == 1 / 3
    assert s.area_accuracy() == 2 / 3
    assert score([gold], resolve=resolve).area_accuracy() == 1 / 3  # no locator: no credit


def test_area_holds_only_its_own_region():
    assert Area("US").holds(Area("US", "Kansas"))
    assert Area("US", "Kansas").holds(Area("US", "Kansas"))
    assert not Area("US", "Texas").holds(Area("US", "Kansas"))
    assert not Area("CA").holds(Area("US", "Kansas"))
    assert not Area("US").holds(None)
