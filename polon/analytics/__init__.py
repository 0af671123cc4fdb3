"""The questions analysts are asked every day, answered from the ledger.

Each module reads the ledger and returns JSON-ready dicts, so the CLI, the web pages, the
API and the printed brief show the same answer: figures over time with the best estimate
(``series``), exchange statistics (``exchanges``), whether promises were kept
(``promises``), time in captivity (``durations``), and the dates undated reports speak from
(``dating``). Nothing here writes to the ledger.
"""
