"""The module Briefcase starts (``python -m review_workstation``).

Briefcase names an app's entry module after the app, and its `sources` must
include a package of that name. The workstation's code stays in `app/`,
`ui/` and `sync/`; this package only hands over to the command line, the
same entry point the wheel's ``review-workstation`` script uses.
"""
