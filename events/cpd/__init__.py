"""CPD around events: attendance, evaluations, certificates, the CPD log and recordings."""
