"""One module per screen of the synth app."""
