"""CPD writes, by concern: attendance, evaluation, certificates, the log, recordings, stats."""
