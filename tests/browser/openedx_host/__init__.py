"""A minimal Open edX-like host for the real SCORM XBlock (see serve.py). Runs in .venv-openedx."""
