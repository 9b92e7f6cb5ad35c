"""The risk register: risks scored on the 5×5 matrix, their history, escalation up the
governance tree, heat maps and exports. A nested app of governance (label `risks`)."""
