"""``python -m synth`` runs the command line."""

from synth.cli import main

if __name__ == "__main__":
    main()
