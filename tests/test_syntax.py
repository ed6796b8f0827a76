"""The English roles name labels the English parser really gives, each label one role."""

from __future__ import annotations

from dataclasses import fields

from sitroom.nlp.pipeline import Pipeline
from sitroom.nlp.syntax import DEP


def test_every_role_is_labels_the_parser_gives_each_label_one_role(pipeline: Pipeline) -> None:
    given = {*pipeline.nlp.get_pipe("parser").labels, "ROOT"}
    roles = {f.name: getattr(DEP, f.name) for f in fields(DEP)}
    assert all(labels and labels <= given for labels in roles.values()), roles
    every = [label for labels in roles.values() for label in labels]
    assert len(every) == len(set(every))


def test_roles_read_a_parse(pipeline: Pipeline) -> None:
    doc = pipeline.nlp("Five civilians were killed by a drone in Kharkiv, the governor said.")
    role = {token.text: token.dep_ for token in doc}
    assert role["civilians"] in DEP.passive_subject and role["Kharkiv"] in DEP.prep_object
    assert role["by"] in DEP.agent and role["in"] in DEP.preposition
    assert role["governor"] in DEP.subject and role["Five"] in DEP.numeric_modifier
    assert role["killed"] in DEP.clausal_complement and role["said"] in DEP.root
