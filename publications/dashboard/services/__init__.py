"""The dashboard's reads (metrics, the data pack) and its one write (quorum checks)."""
