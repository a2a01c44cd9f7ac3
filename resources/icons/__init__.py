"""The application icon in every size; drawn by packaging/make_icons.py."""
