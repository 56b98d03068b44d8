"""The shell: application set-up, the light start window, the main window and its style."""
