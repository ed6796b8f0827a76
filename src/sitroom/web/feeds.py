"""The alerts as an Atom feed (RFC 4287), for feed readers and the tools that poll them."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from sitroom.store.records import Alert

ATOM = "http://www.w3.org/2005/Atom"


def alerts_atom(alerts: list[Alert], base_url: str) -> bytes:
    """An Atom feed of ``alerts`` (newest first); each entry links to the dashboard's page of
    what the alert is about (the document, else the alerts page)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", "sitroom alerts")
    _text(feed, "id", f"{base_url}/alerts")
    _text(feed, "updated", alerts[0].created_at if alerts else "1970-01-01T00:00:00+00:00")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base_url}/api/alerts.atom")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=f"{base_url}/alerts")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "sitroom")
    for alert in alerts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"{base_url}/alerts#{alert.id}")
        _text(entry, "title", alert.title)
        _text(entry, "updated", alert.created_at)
        _text(entry, "summary", alert.detail or alert.title)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=alert.kind, label=alert.rule)
        target = f"/documents/{alert.doc_id}" if alert.doc_id else f"/alerts#{alert.id}"
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=f"{base_url}{target}")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text
