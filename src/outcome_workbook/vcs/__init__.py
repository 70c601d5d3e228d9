"""Git: its plumbing (plumbing.py), what `outcomes git setup` writes (setup_drivers.py) and
a workbook's history with each commit's semantic diff (file_history.py). It sits above the
diff; the diff and the store never import it."""
