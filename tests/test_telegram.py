"""Telegram channels from a Telegram Desktop export (result.json), written for these tests in
the export's format: posts, a forward, an album, a service message and entity pieces."""

import json
from pathlib import Path

from sitroom.ingest import read_inputs
from sitroom.ingestion import ingest_into
from sitroom.model import Document
from sitroom.store import open_store

EXPORT = {
    "name": "Dravnik Regional Administration",
    "type": "public_channel",
    "id": 1700123456,
    "messages": [
        {"id": 1, "type": "service", "date": "2024-03-01T08:00:00", "action": "pin_message"},
        {
            "id": 2,
            "type": "message",
            "date": "2024-03-01T09:15:00",
            "from": "Dravnik Regional Administration",
            "text": [
                "A missile strike on the railway station in Dravnik killed 22 people, ",
                {"type": "bold", "text": "including two children"},
                ". Rescuers are still searching the rubble. ",
                {"type": "hashtag", "text": "#Dravnik"},
            ],
        },
        # an album: three pictures, the caption on the first
        {"id": 3, "type": "message", "date": "2024-03-01T10:00:00", "photo": "photos/a.jpg",
         "text": "Air defence shot down 14 drones over the region overnight."},
        {"id": 4, "type": "message", "date": "2024-03-01T10:00:00", "photo": "photos/b.jpg",
         "text": ""},
        {"id": 5, "type": "message", "date": "2024-03-01T10:00:00", "photo": "photos/c.jpg",
         "text": ""},
        {
            "id": 6,
            "type": "message",
            "date": "2024-03-01T12:30:00",
            "forwarded_from": "Marivka City Council",
            "text": "Shelling killed 3 people in Marivka this morning.",
        },
        {"id": 7, "type": "message", "date": "2024-03-01T13:00:00", "text": [42]},
    ],
}  # fmt: skip


def write_export(tmp_path: Path) -> str:
    path = tmp_path / "result.json"
    path.write_text(json.dumps(EXPORT), encoding="utf-8")
    return str(path)


def test_one_document_per_post_with_the_channel_its_link_and_its_date(tmp_path: Path) -> None:
    items = list(read_inputs([write_export(tmp_path)], check_language=False))
    posts = [i for i in items if isinstance(i, Document)]
    rejected = [i for i in items if not isinstance(i, Document)]
    assert [p.url for p in posts] == [
        "https://t.me/c/1700123456/2",
        "https://t.me/c/1700123456/3",  # the album's caption: one post
        "https://t.me/c/1700123456/6",
    ]
    assert {p.outlet for p in posts} == {"Dravnik Regional Administration"}
    assert posts[0].published == "2024-03-01T09:15:00"
    assert "killed 22 people, including two children." in posts[0].text  # entity pieces joined
    assert posts[2].forwarded_from == "Marivka City Council"
    assert [r.source.rsplit("#", 1)[1] for r in rejected] == ["7"]  # a malformed post, told


def test_a_forward_keeps_its_origin_and_a_post_groups_with_a_news_report(
    tmp_path: Path, db_url: str, pipeline
) -> None:
    news = Document(
        text="The strike on the train station in Dravnik killed at least 22 people, the "
        "regional administration said on Friday.",
        outlet="Some Wire",
        published="2024-03-01",
    )
    items = [i for i in read_inputs([write_export(tmp_path)], check_language=False)]
    posts = [i for i in items if isinstance(i, Document)]
    with open_store(db_url) as store:
        ingest_into(store, [*posts, news], pipeline=pipeline)
        relayed = store.claims(measure="killed", claimant="Marivka City Council")
        [group] = store.claim_groups(measure="killed")
    assert [(c.value, c.relay) for c in relayed] == [(3.0, "Marivka City Council")]
    assert sorted(m.outlet for m in group.members) == [
        "Dravnik Regional Administration",
        "Some Wire",
    ]


PAGE = """<!DOCTYPE html><html><head><title>Dravnik Regional Administration</title></head>
<body><div class="tgme_channel_info_header_title"><span dir="auto">Dravnik Regional
Administration</span></div>
<div class="tgme_widget_message_wrap js-widget_message_wrap">
 <div class="tgme_widget_message text_not_supported_wrap js-widget_message"
      data-post="dravnik_admin/120">
  <div class="tgme_widget_message_bubble">
   <div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name"
     href="https://t.me/dravnik_admin"><span dir="auto">Dravnik Regional Administration</span></a>
   </div>
   <div class="tgme_widget_message_grouped_wrap"><a class="tgme_widget_message_photo_wrap"></a>
     <a class="tgme_widget_message_photo_wrap"></a></div>
   <div class="tgme_widget_message_text js-message_text" dir="auto">A missile strike on the
     railway station in Dravnik killed 22 people.<br/>Rescuers are at the scene.</div>
   <div class="tgme_widget_message_footer"><a class="tgme_widget_message_date"
     href="https://t.me/dravnik_admin/120"><time datetime="2024-03-01T09:15:00+00:00"
     class="time">09:15</time></a></div>
  </div>
 </div>
</div>
<div class="tgme_widget_message_wrap js-widget_message_wrap">
 <div class="tgme_widget_message js-widget_message" data-post="dravnik_admin/121">
  <div class="tgme_widget_message_bubble">
   <div class="tgme_widget_message_forwarded_from accent_color">Forwarded from
     <a class="tgme_widget_message_forwarded_from_name" href="https://t.me/marivka_council/55">
     <span dir="auto">Marivka City Council</span></a></div>
   <div class="tgme_widget_message_text js-message_text" dir="auto">Shelling killed 3 people in
     Marivka this morning.</div>
   <div class="tgme_widget_message_footer"><a class="tgme_widget_message_date"
     href="https://t.me/dravnik_admin/121"><time datetime="2024-03-01T12:30:00+00:00"
     class="time">12:30</time></a></div>
  </div>
 </div>
</div>
<div class="tgme_widget_message js-widget_message" data-post="dravnik_admin/122">
  <div class="tgme_widget_message_bubble"><div class="tgme_widget_message_sticker_wrap"></div>
  </div>
</div>
</body></html>"""


def test_a_saved_public_channel_page_gives_one_document_per_post(tmp_path: Path) -> None:
    path = tmp_path / "dravnik_admin.html"
    path.write_text(PAGE, encoding="utf-8")
    posts = list(read_inputs([str(path)], check_language=False))
    assert [(p.url, p.published) for p in posts] == [
        ("https://t.me/dravnik_admin/120", "2024-03-01T09:15:00+00:00"),  # an album: one post
        ("https://t.me/dravnik_admin/121", "2024-03-01T12:30:00+00:00"),
    ]  # the sticker has no text: no post
    assert {p.outlet for p in posts} == {"Dravnik Regional Administration"}
    assert "killed 22 people.\nRescuers" in " ".join(posts[0].text.split(" "))
    assert posts[1].forwarded_from == "Marivka City Council"


def test_an_export_of_three_hundred_posts_ingests_whole(tmp_path: Path, pipeline) -> None:
    towns = ["Dravnik", "Marivka", "Solvyn", "Harvik", "Ostrel"]
    messages = []
    for n in range(300):
        town, day = towns[n % len(towns)], 1 + n % 28
        text = (
            f"Shelling damaged {n % 7 + 2} houses in {town} overnight, the administration said."
            if n % 3
            else f"Air defence shot down {n % 9 + 3} drones near {town}."
        )
        messages.append(
            {"id": n + 1, "type": "message", "date": f"2024-03-{day:02d}T08:{n % 60:02d}:00",
             "text": text}
        )  # fmt: skip
    export = {"name": "Regional Watch", "type": "public_channel", "id": 42, "messages": messages}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    with open_store(tmp_path / "channel.db") as store:
        items = read_inputs([str(path)], check_language=False)
        report = ingest_into(store, items, pipeline=pipeline)
        assert (report.ingested, len(report.rejected)) == (300, 0)
        assert store.stats()["documents"] == 300
