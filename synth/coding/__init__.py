"""Several coders on one synthesis: blind double-coding rounds, agreement, reconciliation, merging.

A *round* names its coders and its scope (headings x cases). While it is open,
each coder's theme work in that scope is kept apart on the state
(:class:`~synth.coding.model.CodingRound`), so neither sees the other's; the
coders' calls are compared unit by unit (case x heading x theme, present or
absent), the disagreements are settled one by one as ``reconcile.decided``
events naming who decided and why, and closing the round makes the reconciled
codings the project's. Everything here is core: no Textual, no click.
"""
