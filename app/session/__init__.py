"""Qt-free workflows the window and the command line share: recording a live
session, loading one for review or export, turning settings into sources."""
