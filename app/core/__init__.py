"""Pure-Python core: no Qt, no database, no network (checked by import-linter)."""
