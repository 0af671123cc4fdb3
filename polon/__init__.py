"""Polon: a source-attributed ledger of people in captivity.

The flow is one way: ``ingest`` turns documents into candidate claims, ``ledger`` stores
sources and claims and builds entities from accepted claims, ``registry`` knows persons under
every spelling of their names; the CLI is a thin shell over these packages.
"""

__version__ = "0.1.0"
