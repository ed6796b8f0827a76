"""Imports every module that registers one of sitroom's spaCy components, so that a pipeline
configuration can name them (the English pipeline lists this module under ``imports``)."""

from sitroom.nlp import (  # noqa: F401  (each import registers a component factory)
    claim_context,
    claimants,
    claims,
    dates,
    entities,
    entity_rules,
    events,
    figure_measures,
    geo,
    quantities,
    quotes,
    relevance,
    timex,
    ud_scheme,
)
