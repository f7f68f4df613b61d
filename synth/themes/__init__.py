"""Steps 2-4 of a synthesis: themes per heading, general themes, refinement.

- :mod:`synth.themes.text`: the text each (case, heading) offers, cut into sentences
  and candidate phrases (lemma n-grams bounded by stop words), cached per text.
- :mod:`synth.themes.suggest`: ranked theme suggestions per heading with evidence.
- :mod:`synth.themes.codebook`: an analyst's codebook (TOML, CSV, REFI-QDA .qdc) and
  deductive suggestions coded against it.
- :mod:`synth.themes.actions`: every analyst action on themes, one trail event each.
- :mod:`synth.themes.collate`: step 3, the theme x heading matrix and general themes.
- :mod:`synth.themes.refine`: step 4, merging repetitive general themes, final order.
- :mod:`synth.themes.export`: ``themes.json``.

Nothing here imports spaCy, scikit-learn or rapidfuzz at module level.
"""

ENGINE = "synth-meaning"
# 2.3: gaps in phrases, counts of women and men, clinical outcomes and words (the clinic dev part)
# 2.4: ties ranked by projects, referral flow, PCN and admissions, the semantic extra re-tuned
# 2.5: youth dev part: who took part names no theme; voice, safety, pride in place, endings, service gaps,
#      families, data-collection difficulties; referral by school staff; food as a method
ENGINE_VERSION = "2.5"
