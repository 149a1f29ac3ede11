"""The packaged CAMEO table: complete, consistent with GDELT's QuadClass."""

from veille import cameo


def test_table_has_every_root_and_known_values():
    codes = cameo.table()
    assert len(codes) >= 300
    for root in range(1, 21):
        assert f"{root:02d}" in codes
    assert codes["042"]["goldstein"] == 1.9
    assert codes["190"]["goldstein"] == -10.0


def test_quad_classes_follow_gdelt():
    quads = {code[:2]: entry["quad_class"] for code, entry in cameo.table().items()}
    assert quads["01"] == quads["05"] == 1
    assert quads["06"] == quads["08"] == 2
    assert quads["09"] == quads["13"] == 3
    assert quads["14"] == quads["20"] == 4


def test_gdelt_fields_of_a_subcode():
    fields = cameo.gdelt_fields("0232")
    assert fields == {
        "code": "0232",
        "base_code": "023",
        "root_code": "02",
        "quad_class": 1,
        "goldstein": 3.4,
    }
    assert cameo.lookup("0999") == cameo.table()["09"]
