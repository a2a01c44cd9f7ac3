"""Files shipped with the workstation: the demo workspace, icons."""
