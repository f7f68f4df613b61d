"""synth: case-study thematic synthesis and qualitative coding.

Importing the package is cheap: spaCy, scikit-learn and pandas load only where
they are used, so ``synth --help`` and the TUI's first screen are fast.
"""

__version__ = "0.1.0"
