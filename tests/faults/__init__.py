"""The fault suite (`python -m tests.faults.suite`, `make faults`): see README.md."""
